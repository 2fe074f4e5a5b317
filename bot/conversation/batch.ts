/**
 * Several values from one message, held until the user confirms them with one tap: shown back as a
 * table (with what the core's checks say about them), then stored all at once — or dropped. While it
 * waits, nothing of it is in the report.
 */

import { type Entry, parseEntries } from "../../core/bulk.js";
import { parseAnswer } from "../../core/parse.js";
import { type Built, buildEntries, buildList, refusal, textLines } from "./bulkLists.js";
import { plan } from "./cursor.js";
import { type Draft, getAt, setAt } from "./draft.js";
import { isDefault, isNo, isNothing, isYes } from "./intent.js";
import { LEVEL1, type Question, questionsFor } from "./plan/index.js";
import { settledRoles } from "./roles.js";
import { type AnswerChange, type Batch, type EngineState, json } from "./state.js";

export type { Batch } from "./state.js";

import { splitNumbers, storedValue } from "./readers.js";
import { shownAnswer } from "./status.js";

export const CONFIRM = "确认";
export const CONFIRM_WITH_PARTS = "确认，其中几项还有明细";
export const DROP = "重新填写";

/** The message that shows a batch and asks for the one tap. */
export function batchPrompt(b: Batch, checks: string[]): { text: string; options: string[] } {
  const lines = [`请核对以下 ${b.rows.length} 项（还没有记录）：`, ...b.rows];
  if (checks.length > 0) lines.push("", "核对发现：", ...checks.map((c) => `· ${c}`));
  lines.push("", "无误请点“确认”；要改就把整段改好再发一次。");
  return {
    text: lines.join("\n"),
    options: b.nested ? [CONFIRM, CONFIRM_WITH_PARTS, DROP] : [CONFIRM, DROP],
  };
}

/** The level-1 groups of 附件1-2 always carry their id and name, and a subgroup list. */
export function withGroups(draft: Draft): Draft {
  const groups = getAt(draft, "selfEvaluation.indicators");
  if (!Array.isArray(groups)) return draft;
  const filled = groups.map((g, i) => {
    const l1 = LEVEL1[i];
    const o = (g ?? {}) as Record<string, unknown>;
    return l1 ? { id: l1.id, name: l1.name, subgroups: [], ...o } : o;
  });
  return setAt(draft, "selfEvaluation.indicators", filled);
}

/** The draft with a batch written in (for the checks shown before confirming, and for applying it). */
export function withBatch(draft: Draft, b: Batch): Draft {
  let d = draft;
  for (const s of b.sets) d = setAt(d, s.key, s.value);
  return withGroups(d);
}

/** Which of the plan's questions a batch answers: those of the places it filled, where a value now is. */
function answeredBy(s: EngineState, b: Batch): string[] {
  const within = (k: string) => b.scopes.some((p) => k === p || k.startsWith(`${p}.`));
  const out = new Set<string>([...b.blank]);
  for (const q of plan(s)) {
    if (q.list !== undefined || !within(q.key)) continue;
    if (/\.(details|links|assessment)$/.test(q.key)) continue;
    if (q.key.endsWith(".role")) continue; // settled below, or asked (what a figure stands for)
    if (q.key.endsWith(".rule") && getAt(s.draft, q.key) === undefined) continue;
    if (q.answer.kind === "fields" || getAt(s.draft, q.key) !== undefined) out.add(q.key);
  }
  for (const k of [...out]) for (const r of settledRoles(s.draft, k)) out.add(r);
  return [...out];
}

/** Stores a confirmed batch: the values, the questions answered, the lists finished. */
export function applyBatch(
  s: EngineState,
  b: Batch,
  withParts: boolean,
): { state: EngineState; changes: AnswerChange[] } {
  const changes: AnswerChange[] = [];
  let draft = s.draft;
  for (const x of b.sets) {
    changes.push({ field: x.key, value: json(x.value), previous: json(getAt(draft, x.key)) });
    draft = setAt(draft, x.key, x.value);
  }
  for (const k of b.blank) {
    if (getAt(draft, k) !== undefined) {
      changes.push({ field: k, value: null, previous: json(getAt(draft, k)) });
      draft = setAt(draft, k, undefined);
    }
  }
  draft = withGroups(draft);
  const flat = [...(b.flat ?? []), ...(b.nested && !withParts ? [b.nested] : [])].map((l) => `flat:${l}`);
  const closed = [...new Set([...s.closed, ...b.closed, ...flat])];
  let state: EngineState = { ...s, draft, closed, pending: null };
  const answered = answeredBy(state, b);
  state = {
    ...state,
    answered: [...new Set([...state.answered, ...answered])],
    history: [...state.history, ...answered.filter((k) => !state.answered.includes(k))],
  };
  return { state, changes };
}

/** Whether a reply to a waiting batch confirms it (with or without parts), drops it, or is something else. */
export function batchReply(text: string): "confirm" | "parts" | "drop" | null {
  const t = text.trim();
  if (t === CONFIRM_WITH_PARTS || t === "2" || /^确认.*明细/u.test(t)) return "parts";
  if (t === CONFIRM || isYes(t)) return "confirm";
  if (t === DROP || t === "3" || isNo(t) || /^(?:取消|重填|重新填写|放弃)$/u.test(t)) return "drop";
  return null;
}

/** Values of the next questions in a row: "352.29 352.29 113.29 239", "50 45 30 30 10 - 95 优秀". */
const VALUE_TOKEN =
  /^(?:[+-]?[¥￥]?\d[\d,]*(?:[.．]\d+)?(?:万元|亿元|元|万|%|％|人|个|名|分)?|[-—－]|默认|优秀|良好|较差|差)$/u;

/** The questions a row of values fills: the next ones of the plan that take one value each. */
function nextSingles(s: EngineState, from: Question): Question[] {
  const answered = new Set(s.answered);
  const all = plan(s);
  const out: Question[] = [];
  for (const q of all.slice(all.indexOf(from))) {
    if (answered.has(q.key) || q.carry?.(s.draft)) continue;
    if (q.list !== undefined || !["money", "count", "percent", "number", "choice"].includes(q.answer.kind))
      break;
    if (q.answer.kind === "choice" && q.answer.values?.some((v) => v !== null && typeof v === "object"))
      break;
    out.push(q);
  }
  return out;
}

export function sequenceBatch(s: EngineState, q: Question, text: string): Built | null {
  const tokens = splitNumbers(text); // "3,522,900元" is one amount (千分位), "1.2，3.4" two
  if (tokens.length < 2 || !tokens.every((t) => VALUE_TOKEN.test(t.normalize("NFKC")))) return null;
  const qs = nextSingles(s, q);
  if (qs.length < tokens.length) {
    return qs.length <= 1
      ? null
      : {
          ok: false,
          message: `这里一次最多接着填 ${qs.length} 项（${qs.map((x) => x.label).join("、")}），收到 ${tokens.length} 个数。`,
        };
  }
  const b: Batch = { at: q.key, rows: [], sets: [], scopes: [], blank: [], closed: [] };
  const errors: string[] = [];
  tokens.forEach((t, i) => {
    const target = qs[i] as Question;
    const raw = isDefault(t) && target.fallback ? target.fallback : t;
    if (isNothing(raw)) {
      if (!target.optional) errors.push(`${target.label}：必须填写，不能写 -`);
      b.blank.push(target.key);
      b.rows.push(`${target.label}  （空）`);
      return;
    }
    const value = readSingle(target, raw);
    if (typeof value === "string" && value.startsWith("!")) {
      errors.push(`${target.label}：${value.slice(1)}`);
      return;
    }
    b.sets.push({ key: target.key, value });
    b.scopes.push(target.key);
    b.rows.push(`${target.label}  ${shownAnswer(target, value)}`);
  });
  return errors.length > 0 ? { ok: false, message: refusal(errors) } : { ok: true, batch: b };
}

/** One value for a single-value question; "!message" when refused. */
function readSingle(q: Question, t: string): unknown {
  const a = q.answer;
  if (a.kind === "choice") {
    const i = a.options.indexOf(t);
    return i < 0 ? `!请写 ${a.options.join("、")} 之一` : a.values ? a.values[i] : a.options[i];
  }
  const r = parseAnswer(t, a as Parameters<typeof parseAnswer>[1]);
  if (!r.ok) return `!${r.error.message}`;
  return "value" in r.value ? r.value.value : undefined;
}

/** A name as the form writes it, for matching: "对个人和家庭的补助" and "对个人和家庭补助支出" are one. */
function labelKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/\s+|其中|[:：]|的|㈠|㈡/gu, "")
    .replace(/(?:支出|合计|共计)$/u, "");
}

/**
 * A value with its parts, at a question that carries a list of parts: "101.61 基本工资51.91 津贴补贴20.63"
 * at 工资福利支出 (the amount, then the items); the whole 基本支出 pasted with each kind's items indented below
 * it ("工资福利支出101.61" / "  基本工资51.91" / "商品和服务支出10.72" …); several lines of goals after their
 * introduction.
 */
export function partsBatch(s: EngineState, q: Question, text: string): Built | null {
  const parts = q.parts;
  if (!parts) return null;
  if (parts.spec.kind === "goals") return goalsBatch(s, q, parts.list, text);
  const entries = parseEntries(text);
  const single = entries.length === 1 && (entries[0] as Entry).items.length === 0;
  if (entries.length === 0 || single) return null;
  // the amounts of this section that carry parts, by their name
  const targets = plan(s).filter((x) => x.section === q.section && x.parts && x.parts.spec.kind !== "goals");
  const groups = new Map<Question, { own: Entry | null; parts: Entry[] }>();
  const group = (t: Question) => {
    const g = groups.get(t) ?? { own: null, parts: [] };
    groups.set(t, g);
    return g;
  };
  entries.forEach((e, i) => {
    const named = e.name ? targets.find((t) => labelKey(t.label) === labelKey(e.name)) : undefined;
    if (i === 0 && e.name === "") {
      group(q).own = e;
      group(q).parts.push(...e.items);
    } else if (named) {
      const g = group(named);
      g.own = e;
      g.parts.push(...e.items);
    } else group(q).parts.push(e);
  });
  const b: Batch = { at: q.key, rows: [], sets: [], scopes: [], blank: [], closed: [], flat: [] };
  const errors: string[] = [];
  for (const [t, g] of groups) addGroup(s, q, t, g, b, errors);
  if (errors.length > 0) return { ok: false, message: refusal(errors) };
  return b.sets.length > 0 ? { ok: true, batch: b } : null;
}

/** One amount (or figure) with its parts, into the batch. */
function addGroup(
  s: EngineState,
  q: Question,
  t: Question,
  g: { own: Entry | null; parts: Entry[] },
  b: Batch,
  errors: string[],
): void {
  const tp = t.parts as NonNullable<Question["parts"]>;
  if (g.own?.value) {
    const r = parseAnswer(g.own.value, t.answer as Parameters<typeof parseAnswer>[1]);
    if (!r.ok) errors.push(`${t.label}：${r.error.message}`);
    else {
      const value = storedValue(t, r.value);
      b.sets.push({ key: t.key, value });
      b.scopes.push(t.key);
      b.rows.push(`${t.label}  ${shownAnswer(t, value)}`);
    }
  } else b.rows.push(`${t.label}  （合计待填）`);
  if (g.parts.length === 0) return;
  const built = buildEntries(s.draft, q.key, tp.list, tp.spec, g.parts);
  if (!built.ok) {
    errors.push(built.message.split("\n").slice(1, -1).join("；"));
    return;
  }
  b.rows.push(...built.batch.rows.map((r) => `  ${r}`));
  b.sets.push(...built.batch.sets);
  b.scopes.push(...built.batch.scopes);
  b.closed.push(...built.batch.closed);
  b.flat?.push(...(built.batch.flat ?? []));
  if (built.batch.nested) b.nested = built.batch.nested;
}

/** Goals, one a line, after an introduction ending with a colon. */
function goalsBatch(s: EngineState, q: Question, list: string, text: string): Built | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 2 && textLines(text).length < 2) return null;
  const first = (lines[0] ?? "").trim();
  const intro = /[:：]$/u.test(first) ? first : null;
  const built = buildList(s.draft, q.key, list, { kind: "goals" }, intro ? lines.slice(1).join("\n") : text);
  if (!built?.ok) return built;
  if (intro) {
    built.batch.sets.unshift({ key: q.key, value: intro });
    built.batch.scopes.unshift(q.key);
    built.batch.rows.unshift(`引言：${intro}`);
  } else built.batch.blank.push(q.key);
  return built;
}

/** The plan of a draft: what the questions are once a batch is in (for the lists it opens). */
export function planOf(draft: Draft, closed: string[]): Question[] {
  return questionsFor(draft, new Set(closed));
}
