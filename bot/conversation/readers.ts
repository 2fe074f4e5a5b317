import { parseAnswer } from "../../core/parse.js";
import type { Quantity } from "../../core/quantity.js";
import type { Draft } from "./draft.js";
import type { Question } from "./plan/index.js";

/** How the answers that are not a single figure are read: 附件1-1 rows, links between figures, yes/no. */
/** The stored value of a parsed answer: decimals as strings in the report's unit, the year as a number. */
export function storedValue(q: Question, value: Quantity): unknown {
  // an indicator's 指标值/完成值 and a prose figure keep their kind and unit
  if (/\.rows\.\d+\.(target|actual)$|\.value$/.test(q.key)) return value;
  if (value.kind === "text") return value.text;
  if (value.kind === "date") return value;
  return q.key === "unit.year" ? Number(value.value) : value.value;
}

const FORWARD_ID = /^(F\d+(\.\d+)+|U3\.\d+|G\d+|[PBS]\d+\.(target|actual))$/;

const BLANK = new Set(["-", "—", "－", "无", "空", "/"]);

/** "113.29 113.29 152.98" → the three columns of a 附件1-1 row ("-" leaves one blank). */
export function readColumns(
  input: string,
  unit: "元" | "万元",
): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const parts = input
    .trim()
    .split(/[\s，,；;、]+/)
    .filter((p) => p.length > 0);
  if (parts.length !== 3) {
    return {
      ok: false,
      message: `请写三个数：本年决算数、本年预算数、上年决算数，用空格分开，空着的写 -，例如：113.29 113.29 152.98（现在是 ${parts.length} 个）`,
    };
  }
  const keys = ["current", "budget", "prior"] as const;
  const value: Record<string, string> = {};
  for (let i = 0; i < 3; i++) {
    const p = parts[i] as string;
    if (BLANK.has(p)) continue;
    const r = parseAnswer(p, { kind: "money", unit });
    if (!r.ok) return { ok: false, message: `第 ${i + 1} 个数：${r.error.message}` };
    value[keys[i] as string] = (r.value as { value: string }).value;
  }
  return { ok: true, value };
}

/**
 * Links of a figure, row or goal to other places, several at once separated by spaces:
 * "=F4.1.4" (the same figure), "F4.1.4×F4.1.3", "F4.3.4/F4.3.2", "F1-F2"; rows "完成值=F4.1.4", "指标值=F4.4.2".
 */
export function readLink(
  input: string,
  on: "figure" | "row" | "goal",
  known: ReadonlySet<string>,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const value: Record<string, unknown> = {};
  const parts = input
    .normalize("NFKC")
    .split(/[\s，,；;、]+/)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return { ok: false, message: "请写出编号，例如：=F4.1.4；没有就 /skip" };
  for (const part of parts) {
    const r = readOneLink(part, on, known);
    if (!r.ok) return r;
    Object.assign(value, r.value);
  }
  return { ok: true, value };
}

function readOneLink(
  t: string,
  on: "figure" | "row" | "goal",
  known: ReadonlySet<string>,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  // a figure may name one that comes later in the form (a row of 附件1-2, a later figure): ids the
  // questionnaire itself creates are accepted ahead; the checks compare them once both are there
  const missing = (ids: string[]) => ids.filter((id) => !known.has(id) && !FORWARD_ID.test(id));
  const fail = (ids: string[]) => ({
    ok: false as const,
    message: `没有编号 ${ids.join("、")}：编号见 /figures，例如：=F4.1.4`,
  });
  if (on === "row") {
    const m = /^(完成值|指标值)=(.+)$/.exec(t);
    if (!m)
      return { ok: false, message: "请写 完成值=编号 或 指标值=编号，例如：完成值=F4.1.4；没有就 /skip" };
    const id = m[2] as string;
    if (missing([id]).length > 0) return fail([id]);
    return { ok: true, value: m[1] === "完成值" ? { actualRef: id } : { targetRef: id } };
  }
  const same = /^=(.+)$/.exec(t);
  if (same) {
    const id = same[1] as string;
    if (missing([id]).length > 0) return fail([id]);
    return { ok: true, value: on === "goal" ? { amountRef: id } : { sameAs: id } };
  }
  const op = on === "figure" ? /^([A-Za-z][\w.]*)([×x*/−-])([A-Za-z][\w.]*)$/.exec(t) : null;
  if (!op) {
    return {
      ok: false,
      message:
        on === "goal"
          ? "请写 =编号，例如：=F4.1.2；没有就 /skip"
          : "请写 =编号，或 编号×编号、编号/编号、编号-编号，例如：F4.1.4×F4.1.3；没有就 /skip",
    };
  }
  const [a, sign, b] = [op[1] as string, op[2] as string, op[3] as string];
  if (missing([a, b]).length > 0) return fail(missing([a, b]));
  const key = sign === "/" ? "ratioOf" : sign === "-" || sign === "−" ? "differenceOf" : "productOf";
  return { ok: true, value: { [key]: [a, b] } };
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

export const YES = new Set(["是", "是的", "有", "要", "好", "y", "yes", "1"]);
export const NO = new Set(["否", "不", "没有", "无", "不要", "n", "no", "2"]);
