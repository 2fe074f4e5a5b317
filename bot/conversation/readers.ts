import { parseDateSpec } from "../../core/date.js";
import type { MoneyUnit } from "../../core/money.js";
import { parseAnswer } from "../../core/parse.js";
import type { Quantity } from "../../core/quantity.js";
import type { Draft } from "./draft.js";
import { isNothing } from "./intent.js";
import type { Question } from "./plan/index.js";

/** How the answers that are not a single figure are read: 附件1-1 rows, header fields, the 三公 change, choices. */

/** The stored value of a parsed answer: decimals as strings in the report's unit, the year as a number. */
export function storedValue(q: Question, value: Quantity): unknown {
  // an indicator's 指标值/完成值 and a prose figure keep their kind and unit
  if (/\.rows\.\d+\.(target|actual)$|\.value$/.test(q.key)) return value;
  if (value.kind === "text") return value.text;
  if (value.kind === "date") return /filledAt$/.test(q.key) ? value.text : value;
  return q.key === "unit.year" ? Number(value.value) : value.value;
}

const BLANK = new Set(["-", "—", "－", "无", "空", "/"]);

/**
 * "113.29 113.29 152.98" → the three columns of a 附件1-1 row ("-" leaves one blank). With `carried` (the
 * 本年决算数 already given in section 二), two numbers are the 本年预算数 and 上年决算数.
 */
export function readColumns(
  input: string,
  unit: MoneyUnit,
  carried?: string,
): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const parts = splitNumbers(input);
  const keys = ["current", "budget", "prior"] as const;
  const value: Record<string, string> = {};
  let typed: string[] = parts;
  if (carried !== undefined && parts.length === 2) {
    value.current = carried;
    typed = ["", ...parts];
  } else if (parts.length !== 3) {
    return {
      ok: false,
      message: `请写三个数：本年决算数、本年预算数、上年决算数，用空格分开，空着的写 -，例如：113.29 113.29 152.98${carried !== undefined ? `（本年决算数 ${carried} 已有，也可以只写后两个数）` : ""}（现在是 ${parts.length} 个）`,
    };
  }
  for (let i = 0; i < 3; i++) {
    const p = typed[i] as string;
    if (p === "" || BLANK.has(p)) continue;
    const r = parseAnswer(p, { kind: "money", unit });
    if (!r.ok) return { ok: false, message: `第 ${i + 1} 个数：${r.error.message}` };
    value[keys[i] as string] = (r.value as { value: string }).value;
  }
  return { ok: true, value };
}

/**
 * Numbers written in a row: split at spaces, "；" and "、", and at a comma unless it groups thousands
 * ("1,700,000元 172万 168.36" is three numbers; "113.29,113.29,152.98" too).
 */
export function splitNumbers(input: string): string[] {
  const out: string[] = [];
  let cur = "";
  const chars = [...input.trim()];
  chars.forEach((ch, i) => {
    const comma = ch === "," || ch === "，";
    const thousands =
      comma &&
      /^\d{1,3}(?:,\d{3})*$/.test(cur.replace(/^[+-]?[¥￥]?/, "")) &&
      /^\d{3}(?!\d)/.test(chars.slice(i + 1, i + 5).join(""));
    if (/[\s；;、]/u.test(ch) || (comma && !thousands)) {
      if (cur) out.push(cur);
      cur = "";
    } else cur += ch;
  });
  if (cur) out.push(cur);
  return out;
}

/** The ids a link may name: figures, uses, goals, and rows' 指标值/完成值 ("P1.target"). */
export function knownIds(draft: Draft): Set<string> {
  const ids = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.id === "string") {
        ids.add(o.id);
        if (/^[PBS]\d+$/.test(o.id)) {
          ids.add(`${o.id}.target`);
          ids.add(`${o.id}.actual`);
        }
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(draft);
  return ids;
}

const DOWN = /减少|下降|降低|减|少|节约|压减/u;
const UP = /增加|上升|增长|提高|增|多|超/u;
const FLAT = /持平|不变|没变|一样|相同|无变化|没有变化/u;

/**
 * The change of the 三公经费 on the year in one answer: "减少 0.1 4.17%", "下降了0.1万元，降幅4.17%",
 * "持平". The amount comes first, the rate second (with or without %).
 */
export function readChange(
  input: string,
  unit: MoneyUnit,
): { ok: true; value: { direction: string; amount: string; rate: string } } | { ok: false; message: string } {
  const t = input.normalize("NFKC").trim();
  const example = "请写增加、减少或持平，再写变动额和变动率，例如：减少 0.1 4.17%；持平就回答“持平”";
  const direction = FLAT.test(t) ? "持平" : DOWN.test(t) ? "减少" : UP.test(t) ? "增加" : null;
  if (!direction) return { ok: false, message: example };
  const numbers = [...t.matchAll(/\d[\d,]*(?:\.\d+)?\s*(?:万元|元|万|%)?/gu)].map((m) =>
    m[0].replace(/\s+/g, ""),
  );
  if (direction === "持平" && numbers.length === 0)
    return { ok: true, value: { direction, amount: "0", rate: "0" } };
  if (numbers.length !== 2) return { ok: false, message: `${example}（变动额、变动率两个数）` };
  const amount = parseAnswer(numbers[0] as string, { kind: "money", unit });
  if (!amount.ok) return { ok: false, message: `变动额：${amount.error.message}` };
  const rate = parseAnswer((numbers[1] as string).replace(/%?$/, "%"), { kind: "percent" });
  if (!rate.ok) return { ok: false, message: `变动率：${rate.error.message}` };
  return {
    ok: true,
    value: {
      direction,
      amount: (amount.value as { value: string }).value,
      rate: (rate.value as { value: string }).value,
    },
  };
}

/**
 * Several short fields in one answer, in order, separated by spaces ("2021年5月20日 夏朝晖 13974766373";
 * "-" or "无" leaves one blank). A date field is checked as a date.
 */
export function readFields(
  input: string,
  fields: readonly { key: string; label: string; date?: boolean }[],
): { ok: true; value: Record<string, string | undefined> } | { ok: false; message: string } {
  const parts = input
    .trim()
    .split(/[\s，,；;、]+/u)
    .filter(Boolean);
  const example = `请依次写${fields.map((f) => f.label).join("、")}，用空格分开，没有的写 -，例如：2021年5月20日 夏朝晖 13974766373`;
  if (parts.length > fields.length) return { ok: false, message: `${example}（现在是 ${parts.length} 项）` };
  const value: Record<string, string | undefined> = {};
  for (const [i, f] of fields.entries()) {
    const p = parts[i];
    if (p === undefined || isNothing(p)) {
      value[f.key] = undefined;
      continue;
    }
    if (f.date && parseDateSpec(p.normalize("NFKC")) === null)
      return { ok: false, message: `“${p}”不是日期：${f.label}应写年月日，例如 2021年5月20日。${example}` };
    value[f.key] = p;
  }
  return { ok: true, value };
}

/** Words that choose an option without being it: 下降了 → 减少, 有 → 有, 没 → 没有. */
const OPTION_WORDS: [RegExp, string][] = [
  [/^(?:下降|降低|减少了|少了|减)/u, "减少"],
  [/^(?:上升|增长|提高|增加了|多了|增)/u, "增加"],
  [/^(?:不变|没变|一样|相同)/u, "持平"],
  [/^(?:没有|无|没)$/u, "没有"],
  [/^(?:有的|有)$/u, "有"],
  [/^(?:越大越好|越多越好|高于|不低于|≥|>=)/u, "越高越好"],
  [/^(?:越小越好|越少越好|低于|不高于|不超过|≤|<=)/u, "越低越好"],
  [/^(?:一部分|部分|其中)/u, "其中一部分"],
];

/** The option an answer chooses: its number, its text, or a word for it. */
export function chosenOption(options: readonly string[], text: string): number {
  const t = text.normalize("NFKC").trim();
  const n = Number(t);
  if (Number.isInteger(n) && n >= 1 && n <= options.length) return n - 1;
  // the options normalized as the text is: a form's label taps back as written, "（全国通用）" and all
  const exact = options.findIndex((o) => o.normalize("NFKC").trim() === t);
  if (exact >= 0) return exact;
  for (const [re, option] of OPTION_WORDS) {
    if (re.test(t) && options.includes(option)) return options.indexOf(option);
  }
  return -1;
}

/** "1 3" → the items chosen by number (1-based), or null when that is not what was written. */
export function readNumbers(text: string, max: number): number[] | null {
  const parts = text
    .normalize("NFKC")
    .trim()
    .split(/[\s,，、；;和及]+/u)
    .filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) return null;
  const ns = parts.map(Number);
  return ns.every((n) => n >= 1 && n <= max) ? [...new Set(ns)] : null;
}
