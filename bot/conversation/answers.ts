import { type Expected, parseAnswer } from "../../core/parse.js";
import { next } from "./asking.js";
import { decidableFindings, findingId, plan, reopen } from "./cursor.js";
import { type Draft, getAt, rememberAnswer, setAt } from "./draft.js";
import { LEVEL1, type Question, questionsFor } from "./plan/index.js";
import { knownIds, NO, readColumns, readLink, storedValue, YES } from "./readers.js";
import { settledRoles } from "./roles.js";
import { type AnswerChange, type EngineState, json, type Outcome, type Reply } from "./state.js";

/** An answer to the current question, and the answer to a follow-up choice (which figure to correct). */

/** The level-1 groups of 附件1-2 always carry their id and name, and a subgroup list. */
function withGroups(draft: Draft): Draft {
  const groups = getAt(draft, "selfEvaluation.indicators");
  if (!Array.isArray(groups)) return draft;
  const filled = groups.map((g, i) => {
    const l1 = LEVEL1[i];
    const o = (g ?? {}) as Record<string, unknown>;
    return l1 ? { id: l1.id, name: l1.name, subgroups: [], ...o } : o;
  });
  return setAt(draft, "selfEvaluation.indicators", filled);
}

/** What an answer changes: the draft, the finished lists, the history, the answers to store. */
interface Accepted {
  draft: Draft;
  closed: string[];
  history: string[];
  changes: AnswerChange[];
}
/** An answer read: accepted, or the replies that refuse it (and say what is expected). */
type Read = { ok: true; accepted: Accepted } | { ok: false; replies: Reply[] };

const refused = (text: string, options?: string[]): Read => ({
  ok: false,
  replies: [{ text, ...(options && { options }) }],
});
const YES_OR_NO = "请回答“是”或“否”。";

/** Sets `key` to `value` in the draft, recording the change. */
function set(a: Accepted, key: string, value: unknown): Read {
  a.changes.push({ field: key, value: json(value), previous: json(getAt(a.draft, key)) });
  a.draft = setAt(a.draft, key, value);
  return { ok: true, accepted: a };
}

/** "Another item?": 是 adds an item to the list, 否 finishes it. */
function readYesNo(a: Accepted, q: Question, text: string): Read {
  const t = text.toLowerCase();
  if (!YES.has(t) && !NO.has(t)) return refused(YES_OR_NO, ["是", "否"]);
  const list = q.list as string;
  if (YES.has(t)) {
    const items = getAt(a.draft, list);
    a.draft = setAt(a.draft, list, [...(Array.isArray(items) ? items : []), { ...(q.newItem ?? {}) }]);
  } else {
    a.closed = [...a.closed, list];
    a.history = [...a.history, `close:${list}`]; // so /back can open the list again
  }
  return { ok: true, accepted: a };
}

function readChoice(a: Accepted, q: Question, text: string): Read {
  const c = q.answer as Extract<Question["answer"], { kind: "choice" }>;
  const n = Number(text);
  const i = Number.isInteger(n) && n >= 1 && n <= c.options.length ? n - 1 : c.options.indexOf(text);
  if (i < 0) return refused(`请从以下选项中选择，例如：${c.options[0]}`, [...c.options]);
  const value = c.values ? c.values[i] : c.options[i];
  const before = getAt(a.draft, q.key);
  // an object option ("有" → {}) keeps what was already filled below it
  return set(
    a,
    q.key,
    value !== null && typeof value === "object" ? { ...(before as object), ...value } : value,
  );
}

function readLinks(a: Accepted, q: Question, text: string): Read {
  const on = (q.answer as Extract<Question["answer"], { kind: "link" }>).on;
  const r = readLink(text, on, knownIds(a.draft));
  if (!r.ok) return refused(r.message);
  const parent = q.key.replace(/\.link$/, "");
  for (const [k, v] of Object.entries(r.value)) set(a, `${parent}.${k}`, v);
  return { ok: true, accepted: a };
}

function readConfirm(a: Accepted, text: string): Read {
  const t = text.toLowerCase();
  if (NO.has(t))
    return refused("请用 /edit 名称（或 /edit 部分 序号，序号见上面的清单）修改，改好后回答“是”。");
  return YES.has(t) ? { ok: true, accepted: a } : refused(YES_OR_NO, ["是", "否"]);
}

function readTier(a: Accepted, q: Question, text: string): Read {
  const m = /^(达成|部分达成|未达成)\s*(?:(\d+(?:\.\d+)?)\s*%?)?$/.exec(text.normalize("NFKC"));
  if (!m) return refused("请写 达成、部分达成 或 未达成，可加百分比，例如：部分达成 70");
  return set(a, q.key, { tier: m[1], ...(m[2] !== undefined && { percent: m[2] }) });
}

function readCause(a: Accepted, ref: string, text: string): Read {
  const causes = (getAt(a.draft, "causes") as { ref: string; text: string }[] | undefined) ?? [];
  const previous = causes.find((c) => c.ref === ref);
  a.changes.push({ field: `causes.${ref}`, value: json(text), previous: json(previous?.text) });
  a.draft = setAt(a.draft, "causes", [...causes.filter((c) => c.ref !== ref), { ref, text }]);
  return { ok: true, accepted: a };
}

/** A typed value, read by the core's parser; a row's 指标值 also sets how the row is scored. */
function readValue(a: Accepted, q: Question, input: string): Read {
  const parsed = parseAnswer(input, q.answer as Expected);
  if (!parsed.ok) return refused(parsed.error.message);
  const value = storedValue(q, parsed.value);
  const before = a.draft;
  set(a, q.key, value);
  rememberAnswer(before, a.draft, q.key, value);
  // a date target is scored as a deadline, a text target by tier (财预〔2020〕10号); numbers ask ≥ or ≤
  if (/\.rows\.\d+\.target$/.test(q.key)) {
    const kind = parsed.value.kind;
    const rule = kind === "date" ? "deadline" : kind === "text" ? "qualitative" : undefined;
    const rulePath = `${q.key.slice(0, -".target".length)}.rule`;
    const was = getAt(a.draft, rulePath);
    if (rule) a.draft = setAt(a.draft, rulePath, rule);
    else if (was === "deadline" || was === "qualitative") a.draft = setAt(a.draft, rulePath, undefined);
  }
  return { ok: true, accepted: a };
}

function read(s: EngineState, q: Question, input: string): Read {
  const text = input.trim();
  const a: Accepted = { draft: s.draft, closed: s.closed, history: s.history, changes: [] };
  switch (q.answer.kind) {
    case "yesno":
      return readYesNo(a, q, text);
    case "choice":
      return readChoice(a, q, text);
    case "columns": {
      const r = readColumns(text, q.answer.unit);
      return r.ok ? set(a, q.key, r.value) : refused(r.message);
    }
    case "link":
      return readLinks(a, q, text);
    case "confirm":
      return readConfirm(a, text);
    case "tier":
      return readTier(a, q, text);
    case "cause":
      return readCause(a, q.answer.ref, text);
    default:
      return readValue(a, q, input);
  }
}

/**
 * The answer to the current question: read, stored in the draft, and checked — when it makes an
 * inconsistency decidable, the user is asked which place to correct (or to keep it for now).
 */
export function answer(s: EngineState, q: Question, input: string): Outcome {
  const r = read(s, q, input);
  if (!r.ok) return { state: s, replies: r.replies, changes: [] };
  const { closed, history, changes } = r.accepted;
  let draft = r.accepted.draft;
  // the level-1 groups get their id and name when something is written under them
  if (q.key.startsWith("selfEvaluation.indicators") || q.list?.startsWith("selfEvaluation.indicators"))
    draft = withGroups(draft);
  // "another item?" is asked again after each item: it is never marked answered, the list moves on
  // a figure whose role its name says (or that has none) is not asked it
  const settled = settledRoles(draft, q.key).filter((k) => !s.answered.includes(k));
  const state: EngineState = {
    ...s,
    draft,
    closed,
    answered: q.list ? s.answered : [...s.answered, q.key, ...settled],
    history: q.list ? history : [...history, q.key],
  };
  const mismatch = decidableFindings(state)[0];
  if (!mismatch) return { state, replies: next(state, [{ text: "已记录。" }]), changes };
  // the places to correct, and "add items" for a list closed too early
  const reopenable = state.closed.filter((l) => mismatch.places.some((p) => p.path.startsWith(`${l}.`)));
  const options = [
    ...mismatch.places.slice(0, 8).map((p) => ({ label: `修改 ${p.label}`, key: p.path })),
    ...reopenable.map((l) => ({
      label: `继续添加：${questionsFor(state.draft, new Set()).find((x) => x.list === l)?.label ?? l}`,
      key: `${l}.+`,
    })),
  ];
  const withPending: EngineState = {
    ...state,
    pending: { kind: "mismatch", id: findingId(mismatch), options },
  };
  return {
    state: withPending,
    replies: [
      { text: `已记录。但数字对不上：${mismatch.message}` },
      {
        text: "要改哪一处？",
        options: [...options.map((o, i) => `${i + 1} ${o.label}`), `${options.length + 1} 先保留，稍后再改`],
      },
    ],
    changes,
  };
}

export function resolvePending(s: EngineState, input: string): Outcome | null {
  const p = s.pending;
  if (!p) return null;
  const n = Number(input.trim());
  if (Number.isInteger(n) && n >= 1 && n <= p.options.length) {
    const key = (p.options[n - 1] as { key: string }).key;
    if (key.endsWith(".+")) {
      const list = key.slice(0, -2);
      const more: EngineState = { ...s, pending: null, closed: s.closed.filter((l) => l !== list) };
      return { state: more, replies: next(more), changes: [] };
    }
    // the place's own question, or the question it is part of (a 附件1-1 cell belongs to its row)
    const asked = plan(s).find((q) => q.key === key) ?? plan(s).find((q) => key.startsWith(`${q.key}.`));
    const reopened = asked ? reopen(s, asked.key) : s;
    if (!asked) {
      return {
        state: { ...s, pending: null, acknowledged: [...s.acknowledged, p.id] },
        replies: next(s, [{ text: "这一处稍后在相应部分修改，已先保留。" }]),
        changes: [],
      };
    }
    return { state: reopened, replies: next(reopened), changes: [] };
  }
  if (n === p.options.length + 1 || /^(保留|先保留)/.test(input.trim())) {
    const kept: EngineState = { ...s, pending: null, acknowledged: [...s.acknowledged, p.id] };
    return { state: kept, replies: next(kept, [{ text: "已保留，可随时用 /check 查看。" }]), changes: [] };
  }
  return null; // anything else is a normal message: the inconsistency is kept for now (see step)
}
