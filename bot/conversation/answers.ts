import { parseLine } from "../../core/bulk.js";
import { parseDateSpec } from "../../core/date.js";
import type { MoneyUnit } from "../../core/money.js";
import { type Expected, parseAnswer } from "../../core/parse.js";
import { FIGURE_ROLES } from "../../core/report.js";
import { splitDirection } from "../../core/target.js";
import type { Accepted } from "./accepted.js";
import { next, prompt } from "./asking.js";
import {
  applyBatch,
  type Batch,
  batchPrompt,
  partsBatch,
  sequenceBatch,
  withBatch,
  withGroups,
} from "./batch.js";
import { type Built, buildList } from "./bulkLists.js";
import { basicDataTable, indicatorTable, readRowValue } from "./bulkTables.js";
import { decidableFindings, findingId, plan } from "./cursor.js";
import { type Draft, getAt, rememberAnswer, setAt } from "./draft.js";
import {
  asksForHelp,
  isDefault,
  isNo,
  isNothing,
  isQuestion,
  isRemark,
  isSameAsAbove,
  isYes,
} from "./intent.js";
import { answerLinks } from "./linkAnswers.js";
import { mismatchReplies } from "./mismatch.js";
import { type Question, questionsFor, rowValues } from "./plan/index.js";
import { chosenOption, readChange, readColumns, readFields, readNumbers, storedValue } from "./readers.js";
import { settledRoles } from "./roles.js";
import { type AnswerChange, type EngineState, json, type Outcome, type Reply } from "./state.js";

/** An answer to the current question: explained, refused, held as a batch to confirm, or stored. */

/** An answer read: accepted, held as a batch, or the replies that refuse it (and say what is expected). */
type Read =
  | { ok: true; accepted: Accepted }
  | { ok: false; replies: Reply[] }
  | { ok: "batch"; built: Built };

const refused = (text: string, options?: string[]): Read => ({
  ok: false,
  replies: [{ text, ...(options && { options }) }],
});
const YES_OR_NO = "请回答“是”或“否”。";
const same = (s: EngineState, replies: Reply[]): Outcome => ({ state: s, replies, changes: [] });

/** Sets `key` to `value` in the draft, recording the change. */
export function set(a: Accepted, key: string, value: unknown): Read {
  a.changes.push({ field: key, value: json(value), previous: json(getAt(a.draft, key)) });
  a.draft = setAt(a.draft, key, value);
  return { ok: true, accepted: a };
}
const unitOf = (d: Draft): MoneyUnit => (getAt(d, "unit.moneyUnit") === "元" ? "元" : "万元");

/** "Another item?": 是 adds an item, 否 finishes the list; a typed item (or several) is the item itself. */
function readMore(s: EngineState, a: Accepted, q: Question, text: string): Read {
  const list = q.list as string;
  if (isNo(text) || isNothing(text)) {
    a.closed = [...a.closed, list];
    a.history = [...a.history, `close:${list}`]; // so /back can open the list again
    return { ok: true, accepted: a };
  }
  const items = getAt(a.draft, list);
  const n = Array.isArray(items) ? items.length : 0;
  const added = setAt(a.draft, list, [...(Array.isArray(items) ? items : []), { ...(q.newItem ?? {}) }]);
  if (isYes(text)) {
    a.draft = added;
    return { ok: true, accepted: a };
  }
  if (q.bulk) {
    const built = buildList(a.draft, q.key, list, q.bulk, text);
    // prose (lines of text, a section of 四) and a single item are stored at once: no figures to check
    const prose = q.bulk.kind === "texts" || q.bulk.kind === "sections";
    const oneItem = built?.ok && built.batch.sets.length === 1 && built.batch.rows.length === 1;
    if (built && !built.ok) return { ok: "batch", built };
    if (built && !oneItem && !prose) return { ok: "batch", built };
    if (built?.ok) {
      const b = built.batch;
      for (const x of b.sets)
        set(
          a,
          x.key,
          typeof x.value === "object" && x.value !== null ? { ...(q.newItem ?? {}), ...x.value } : x.value,
        );
      a.also = questionsIn(s, a, b.scopes);
      if (q.bulk.kind === "texts") {
        a.closed = [...a.closed, list];
        a.history = [...a.history, `close:${list}`];
      }
      a.note = q.bulk.kind === "texts" ? `已记录 ${b.sets.length} 条。` : `已记录：${b.rows.join("；")}`;
      return { ok: true, accepted: a };
    }
  }
  // a single name: the new item's first field
  const first = questionsFor(added, new Set(a.closed)).find((x) => x.key.startsWith(`${list}.${n}.`));
  if (!first || first.list !== undefined) return refused(YES_OR_NO, ["是", "否"]);
  a.draft = added;
  const r = readValue(s, a, first, text);
  if (r.ok === true) r.accepted.also.push(first.key);
  return r;
}

/** The questions of new items that a write answered (their values are in). */
function questionsIn(s: EngineState, a: Accepted, scopes: string[]): string[] {
  const qs = questionsFor(a.draft, new Set(a.closed));
  return qs
    .filter((x) => x.list === undefined && scopes.some((p) => x.key === p || x.key.startsWith(`${p}.`)))
    .filter((x) => getAt(a.draft, x.key) !== undefined)
    .map((x) => x.key)
    .filter((k) => !s.answered.includes(k));
}

function readChoice(a: Accepted, q: Question, text: string): Read {
  const c = q.answer as Extract<Question["answer"], { kind: "choice" }>;
  const i = chosenOption(c.options, text);
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

/** "哪几项还有明细？": the chosen items' lists of parts are opened (asked next). */
function readDetails(a: Accepted, list: string, text: string): Read {
  if (isNo(text) || isNothing(text)) return { ok: true, accepted: a };
  const items = getAt(a.draft, list);
  const n = Array.isArray(items) ? items.length : 0;
  const chosen = readNumbers(text, n);
  if (!chosen) return refused(`请写序号（1 到 ${n}），例如：1 3；都没有就回答“没有”`);
  a.closed = [...a.closed, ...chosen.map((i) => `open:${list}.${i - 1}.items`)];
  return { ok: true, accepted: a };
}

/** A name typed with its value ("基本工资62.40万元" where the name is asked): both are stored. */
function nameWithValue(s: EngineState, a: Accepted, q: Question, text: string): Read | null {
  const parent = q.key.replace(/\.(name|label)$/, "");
  const entries = parseLine(text);
  const e = entries[0];
  if (entries.length !== 1 || !e?.name || e.value === null) return null;
  const sibling = questionsFor(a.draft, new Set(a.closed)).find(
    (x) => x.key === `${parent}.amount` || x.key === `${parent}.value` || x.key === `${parent}.count`,
  );
  if (!sibling) return null;
  set(a, q.key, e.name);
  const r = readValue(s, a, sibling, `${e.value}${e.notes.map((n) => `（${n}）`).join("")}`);
  if (r.ok === true) r.accepted.also.push(sibling.key);
  return r;
}

/** A row's 指标值: its direction read from how it is written, or from the row's name. */
function readTarget(a: Accepted, q: Question, text: string): Read {
  const row = q.key.slice(0, -".target".length);
  const name = (getAt(a.draft, `${row}.name`) as string | undefined) ?? "";
  if (/^(?:越高越好|越低越好|越大越好|越小越好|越多越好|越少越好)$/u.test(text.trim()))
    return refused(`先写指标值（照表写数值），方向可写在数值前后，例如：≥98%、98%以上、≤0.40元/页`);
  const split = splitDirection(text);
  const errors: string[] = [];
  const value = readRowValue(split.value, rowValues(name, unitOf(a.draft)), errors, "指标值");
  if (!value) return refused((errors[0] ?? "").replace(/^指标值：/, ""));
  set(a, q.key, value);
  const rule =
    value.kind === "date"
      ? "deadline"
      : value.kind === "text"
        ? "qualitative"
        : (split.direction ?? undefined);
  const was = getAt(a.draft, `${row}.rule`);
  if (rule) a.draft = setAt(a.draft, `${row}.rule`, rule);
  else if (was === "deadline" || was === "qualitative") a.draft = setAt(a.draft, `${row}.rule`, undefined);
  return { ok: true, accepted: a };
}

/** A typed value, read by the core's parser, with what staff write around it (remarks, units, the year). */
function readValue(s: EngineState, a: Accepted, q: Question, input: string): Read {
  let text = input.trim();
  if (q.key === "unit.name") {
    const m = /^(.+?)\s*(\d{4})\s*年?度?\s*(万元|元)?$/u.exec(text.normalize("NFKC"));
    if (m && Number(m[2]) >= 2000 && Number(m[2]) <= 2100) {
      set(a, "unit.year", Number(m[2]));
      a.also.push("unit.year");
      if (m[3]) {
        set(a, "unit.moneyUnit", m[3]);
        a.also.push("unit.moneyUnit");
      }
      text = (m[1] as string).trim();
    }
  }
  if (q.key === "unit.year") text = text.replace(/年度$/u, "年");
  if (/\.(name|label)$/.test(q.key)) {
    const both = nameWithValue(s, a, q, text);
    if (both) return both;
  }
  if (/\.rows\.\d+\.target$/.test(q.key)) return readTarget(a, q, text);
  if (/\.rows\.\d+\.actual$/.test(q.key)) {
    const name = (getAt(a.draft, `${q.key.slice(0, -".actual".length)}.name`) as string | undefined) ?? "";
    const values = rowValues(name, unitOf(a.draft));
    const target = getAt(a.draft, q.key.replace(/actual$/, "target")) as { kind?: string } | undefined;
    if (values.per && target?.kind === "money") {
      const errors: string[] = [];
      const v = readRowValue(text, values, errors, "完成值");
      return v ? set(a, q.key, v) : refused((errors[0] ?? "").replace(/^完成值：/, ""));
    }
  }
  // remarks in brackets after an amount or a figure: its note, its time, its role
  const bracket = /^(.*?\d[^（(]*)[（(]([^（）()]+)[）)]$/u.exec(text);
  const kind = (q.answer as Expected).kind;
  if (bracket && (kind === "money" || kind === "quantity") && /\.(amount|value)$/.test(q.key)) {
    text = (bracket[1] as string).trim();
    const r = remark(a, q, (bracket[2] as string).trim());
    if (r) return r;
  }
  const parsed = parseAnswer(text, q.answer as Expected);
  if (!parsed.ok) return refused(parsed.error.message);
  const value = storedValue(q, parsed.value);
  const before = a.draft;
  set(a, q.key, value);
  rememberAnswer(before, a.draft, q.key, value);
  return { ok: true, accepted: a };
}

/** A remark in brackets: a figure's time or role, an amount's time and note ("（2021年3月末，系项目已完工待验收）"). */
function remark(a: Accepted, q: Question, note: string): Read | null {
  const parent = q.key.replace(/\.(amount|value)$/, "");
  const notePath = q.key === "threePublic.amount" ? "threePublic.note" : `${parent}.note`;
  if (q.key.endsWith(".value")) {
    if ((FIGURE_ROLES as readonly string[]).includes(note)) set(a, `${parent}.role`, note);
    else if (/年/.test(note) && parseDateSpec(note.replace(/^截至|^截止/u, "")) !== null)
      set(a, `${parent}.asOf`, note);
    else return refused(`括号里只能写时点（例如 2021年3月末）或数字的性质（例如 计划数）`);
    return null;
  }
  const [first, ...rest] = note.split(/[，,]/u);
  if (first && /年/.test(first) && parseDateSpec(first) !== null && q.key !== "threePublic.amount") {
    set(a, `${parent}.asOf`, first.trim());
    if (rest.length > 0) set(a, notePath, rest.join("，").trim());
  } else set(a, notePath, note);
  return null;
}

function read(s: EngineState, q: Question, input: string): Read {
  const text = input.trim();
  const a: Accepted = { draft: s.draft, closed: s.closed, history: s.history, changes: [], also: [] };
  const unit = unitOf(s.draft);
  switch (q.answer.kind) {
    case "yesno":
      return readMore(s, a, q, text);
    case "choice":
      return readChoice(a, q, text);
    case "columns": {
      const from = q.answer.carried ? getAt(s.draft, q.answer.carried) : undefined;
      const r = readColumns(text, q.answer.unit, typeof from === "string" ? from : undefined);
      return r.ok ? set(a, q.key, r.value) : refused(r.message);
    }
    case "links":
      return answerLinks(a, q.answer.scope, text);
    case "details":
      return readDetails(a, q.answer.list, text);
    case "fields": {
      const r = readFields(text, q.answer.fields);
      if (!r.ok) return refused(r.message);
      for (const [k, v] of Object.entries(r.value)) set(a, k, v);
      return { ok: true, accepted: a };
    }
    case "change": {
      const r = readChange(text, unit);
      return r.ok ? set(a, q.key, r.value) : refused(r.message);
    }
    case "tier":
      return readTier(a, q, text);
    case "cause":
      return readCause(a, q.answer.ref, text);
    default:
      return readValue(s, a, q, input);
  }
}

/**
 * A list typed where the first field of a new item is asked ("是", then "办公费 3.20、水费 0.86…" where
 * the name of item 1 is asked): the list itself, from that item on.
 */
function listFromFirstField(s: EngineState, q: Question, text: string): Built | null {
  const m = /^(.*)\.(\d+)\.(name|label|title)$/.exec(q.key);
  if (!m) return null;
  const [list, i] = [m[1] as string, Number(m[2])];
  const items = getAt(s.draft, list);
  const item = Array.isArray(items) ? (items[i] as Record<string, unknown> | undefined) : undefined;
  if (!Array.isArray(items) || i !== items.length - 1 || !item || Object.keys(item).some((k) => k !== "id"))
    return null;
  const more = questionsFor(s.draft, new Set(s.closed)).find((x) => x.list === list);
  if (!more?.bulk || !["amounts", "people", "figures"].includes(more.bulk.kind)) return null;
  const without = setAt(s.draft, list, items.slice(0, -1));
  const built = buildList(without, q.key, list, more.bulk, text);
  return built?.ok && built.batch.rows.length < 2 ? null : built;
}

/** Several values from one message, at this question: a pasted table, a list, a value with parts, a row of values. */
function bulkOf(s: EngineState, q: Question, text: string): Built | null {
  const first = listFromFirstField(s, q, text);
  if (first) return first;
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).length;
  if ((lines > 1 || text.includes("\t")) && q.section === "basicData") {
    const t = basicDataTable(s.draft, q.key, text);
    if (t) return t;
  }
  if ((lines > 1 || text.includes("\t")) && /^selfEvaluation\.indicators\.\d+\.subgroups/.test(q.key)) {
    const t = indicatorTable(s.draft, q.key, text);
    if (t) return t;
  }
  if (q.parts) {
    const p = partsBatch(s, q, text);
    if (p) return p;
  }
  return q.list === undefined ? sequenceBatch(s, q, text) : null;
}

/** Holds a batch for the one tap that stores it, showing what the checks would find with it in. */
function holdBatch(s: EngineState, b: Batch): Outcome {
  const trial: EngineState = { ...s, draft: withBatch(s.draft, b), closed: [...s.closed, ...b.closed] };
  const inScope = (path: string) => b.scopes.some((p) => path === p || path.startsWith(`${p}.`));
  const checks = decidableFindings(trial)
    .filter((f) => f.places.some((p) => inScope(p.path)))
    .map((f) => f.message);
  const state: EngineState = { ...s, pending: { kind: "batch", batch: b } };
  return same(state, [batchPrompt(b, [...new Set(checks)])]);
}

/** Leaves the question blank (an optional field "没有", or /skip). */
export function leaveBlank(s: EngineState, q: Question, said: string): Outcome {
  const draft =
    q.key.startsWith("cause:") || /\.(links|details)$/.test(q.key) || q.answer.kind === "fields"
      ? s.draft
      : setAt(s.draft, q.key, undefined);
  // a figure left without a value is not asked its role
  const settled = settledRoles(draft, q.key).filter((k) => !s.answered.includes(k));
  const skipped: EngineState = {
    ...s,
    answered: [...s.answered, q.key, ...settled],
    history: [...s.history, q.key],
    draft,
    editing: undefined,
  };
  const note = q.optional
    ? said
    : `${said.replace(/。$/, "")}：${q.label}（必填项，可稍后用 /edit ${q.label} 补填）。`;
  return {
    state: skipped,
    replies: next(skipped, [{ text: note }]),
    changes: [{ field: q.key, value: null, previous: json(getAt(s.draft, q.key)) }],
  };
}

/** The value of the question above of the same kind (“同上”). */
function above(s: EngineState, q: Question): unknown {
  const all = plan(s);
  for (let i = all.indexOf(q) - 1; i >= 0; i--) {
    const x = all[i] as Question;
    if (x.answer.kind === q.answer.kind && x.list === undefined) return getAt(s.draft, x.key);
  }
  return undefined;
}

/** The question a request for help is about: the one it names (“控制率是什么，怎么算？”), else the current one. */
function helpAbout(s: EngineState, q: Question, text: string): Question {
  const m =
    /^(.{2,16}?)(?:是什么|是啥|怎么算|如何算|怎么计算|怎么填|如何填|填什么|写什么|指什么|什么意思)/u.exec(
      text,
    );
  const subject = m?.[1]?.replace(/^(?:请问|这个|那个|这里的?|这一项的?)/u, "").trim() ?? "";
  if ([...subject].length < 2 || q.label.includes(subject)) return q;
  return plan(s).find((x) => x.help && x.label.includes(subject)) ?? q;
}

/**
 * The answer to the current question: explained when it asks what the question means, held as a batch
 * when it carries several values, else read, stored in the draft and checked — when it makes an
 * inconsistency decidable, the user is asked which place to correct (or to keep it for now).
 */
export function answer(s: EngineState, q: Question, input: string): Outcome {
  const text = input.trim();
  const textual = q.answer.kind === "text" || q.answer.kind === "cause";
  if (asksForHelp(text) && !(textual && [...text].length > 40)) {
    const about = helpAbout(s, q, text);
    return same(s, [{ text: `【${about.label}】${about.help}` }, prompt(s)]);
  }
  const answersYesNo = q.list !== undefined || q.answer.kind === "choice";
  if (!answersYesNo && isRemark(text)) return same(s, [{ text: "好的。" }, prompt(s)]);
  if ((textual || q.bulk?.kind === "texts") && text.includes("\t"))
    return same(s, [
      { text: `这像是从表格里复制来的，没有记录。这里要写的是文字。【${q.label}】${q.help}` },
      prompt(s),
    ]);
  if (textual && isQuestion(text))
    return same(s, [{ text: `这句像是在提问，没有记录。【${q.label}】${q.help}` }, prompt(s)]);
  if (isSameAsAbove(text)) {
    const v = above(s, q);
    if (v === undefined) return same(s, [{ text: "上面没有可以照抄的同类数字，请直接填写。" }, prompt(s)]);
    return accept(
      s,
      q,
      set({ draft: s.draft, closed: s.closed, history: s.history, changes: [], also: [] }, q.key, v),
    );
  }
  let typed = input;
  if (isDefault(text)) {
    if (q.fallback === undefined) return same(s, [{ text: "这一项没有默认值，请直接填写。" }, prompt(s)]);
    typed = q.fallback;
  }
  const blankable =
    q.optional &&
    q.list === undefined &&
    !["yesno", "details", "links"].includes(q.answer.kind) &&
    (q.answer.kind !== "choice" || chosenOption(q.answer.options, text) < 0);
  if (blankable && (isNothing(text) || isNo(text))) return leaveBlank(s, q, "好的，这一项空着。");
  // a bare 是/否 where words are asked for is a slip (an answer to an earlier question), not the text
  // so is a bare figure (“12人”, “95%”) where words are asked for
  if (textual && (isYes(text) || isNo(text) || /^[+-]?[\d.,，]+\s*(?:人|个|万元|元|%|％|分)?$/u.test(text)))
    return same(s, [{ text: `“${text}”没有记录：这里要写文字。【${q.label}】${q.help}` }, prompt(s)]);
  const bulk = bulkOf(s, q, typed);
  if (bulk && !bulk.ok) return same(s, [{ text: bulk.message }]);
  if (bulk?.ok) return holdBatch(s, bulk.batch);
  return accept(s, q, read(s, q, typed));
}

/** Stores what was read and moves on (or says why not). */
function accept(s: EngineState, q: Question, r: Read): Outcome {
  if (r.ok === false) return same(s, r.replies);
  if (r.ok === "batch")
    return r.built.ok ? holdBatch(s, r.built.batch) : same(s, [{ text: r.built.message }]);
  const { closed, history, changes, also } = r.accepted;
  let draft = r.accepted.draft;
  // the level-1 groups get their id and name when something is written under them
  if (q.key.startsWith("selfEvaluation.indicators") || q.list?.startsWith("selfEvaluation.indicators"))
    draft = withGroups(draft);
  // "another item?" is asked again after each item: it is never marked answered, the list moves on
  const keys = q.list ? also : [q.key, ...also];
  const settled = keys.flatMap((k) => settledRoles(draft, k)).filter((k) => !s.answered.includes(k));
  const state: EngineState = {
    ...s,
    draft,
    closed,
    answered: [...new Set([...s.answered, ...keys, ...settled])],
    history: q.list && also.length === 0 ? history : [...history, ...keys],
    editing: undefined,
  };
  const said = r.accepted.note ?? "已记录。";
  return afterAnswer(state, changes, said);
}

/** After values were stored: the next question, or which of the figures that now disagree to correct. */
export function afterAnswer(state: EngineState, changes: AnswerChange[], said: string): Outcome {
  const findings = decidableFindings(state);
  if (findings.length === 0) return { state, replies: next(state, [{ text: said }]), changes };
  const m = mismatchReplies(
    state,
    findings,
    changes.map((c) => c.field),
    said,
  );
  return { state: m.state, replies: m.replies, changes };
}

/** A batch waiting for its tap: stored, dropped, or replaced by a new answer. */
export function resolveBatch(s: EngineState, text: string, reply: "confirm" | "parts" | "drop"): Outcome {
  const p = s.pending;
  if (p?.kind !== "batch") return same(s, []);
  if (reply === "drop") {
    const dropped = { ...s, pending: null };
    return same(dropped, next(dropped, [{ text: "好的，这一段没有记录，请改好后再发一次。" }]).slice(-2));
  }
  const { state, changes } = applyBatch(s, p.batch, reply === "parts");
  void text;
  return afterAnswer(state, changes, `已记录 ${p.batch.rows.length} 项。`);
}

export { findingId };
