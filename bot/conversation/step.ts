import { checkContext, type Finding, runChecks } from "../../core/checks/index.js";
import { buildDeviations } from "../../core/deviations.js";
import { deviationsText, findingsText, scoreText, whatIfText } from "../../core/explain.js";
import { parseAnswer } from "../../core/parse.js";
import { referenceIndex } from "../../core/places.js";
import { formatQuantity, type Quantity } from "../../core/quantity.js";
import { computeScore } from "../../core/scoring.js";
import { parseWhatIfPairs, whatIf } from "../../core/whatif.js";
import { type Draft, getAt, materialize, rememberAnswer, setAt } from "./draft.js";
import {
  causeQuestions as causeQuestionList,
  LEVEL1,
  type Question,
  questionsFor,
  SECTIONS,
} from "./plan.js";
import {
  acceptSection,
  type DraftText,
  type NarrativeReview,
  type NarrativeSection,
  replaceSection,
  reviewDraft,
  SECTION_TITLES,
  storedLines,
} from "./review.js";

/**
 * The conversation state: plain, versioned JSON, so it survives restarts, deploys and edits. What is
 * asked next is derived from it (the first unanswered question of the plan), never stored.
 */
export interface EngineState {
  v: 1;
  draft: Draft;
  /** keys answered (a skipped question counts as answered, blank) */
  answered: string[];
  /** lists the user has finished */
  closed: string[];
  /** keys in the order they were answered, for /back */
  history: string[];
  /** inconsistencies the user chose to keep for now (rule + first place) */
  acknowledged: string[];
  /** a follow-up the next message answers */
  pending: { kind: "mismatch"; id: string; options: { label: string; key: string }[] } | null;
  /** the draft of sections 五 and 六 under review (see /draft), if any */
  review?: NarrativeReview;
  /** the section /goto moved to: asked first while it has unanswered questions */
  focus?: string;
}

export interface Reply {
  text: string;
  /** choices to offer as buttons; typing the number or the text works too */
  options?: string[];
  /** a file to hand over (a document in a chat, a file on disk in the terminal) */
  file?: { name: string; mime: string; content: string };
}

/** An accepted answer, for storage: the field, its new value and the one it replaced (JSON text). */
export interface AnswerChange {
  field: string;
  value: string | null;
  previous: string | null;
}

export interface StepResult {
  state: EngineState;
  replies: Reply[];
  changes: AnswerChange[];
}

export function initialState(draft: Draft = {}): EngineState {
  return { v: 1, draft, answered: [], closed: [], history: [], acknowledged: [], pending: null };
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

const NARRATED = new Set(["indicator", "deadline", "execution", "far-exceeded"]);
const DEVIATIONS = new WeakMap<Draft, { ref: string; text: string }[]>();
const PLANS = new WeakMap<EngineState, Question[]>();
const DEVIATIONS_BY_CONTENT = new Map<string, { ref: string; text: string }[]>();

/** The deviations whose cause the staff are asked (rows not met, late, far over, 执行率 < 100%). */
function causeQuestions(draft: Draft): { ref: string; text: string }[] {
  const cached = DEVIATIONS.get(draft);
  if (cached) return cached;
  // these deviations depend only on 附件1-2 (rows, funds) and the scoring settings: an answer elsewhere
  // in the form leaves them as they were
  const key = JSON.stringify([getAt(draft, "selfEvaluation"), getAt(draft, "scoring"), getAt(draft, "unit")]);
  let list = DEVIATIONS_BY_CONTENT.get(key);
  if (!list) {
    const report = materialize(draft);
    list = report?.selfEvaluation.indicators.some((g) => g.subgroups.some((sg) => sg.rows.length > 0))
      ? buildDeviations(report, checkContext(report), []) // rows and 执行率 only: no full review needed
          .filter((d) => NARRATED.has(d.kind))
          .map((d) => ({ ref: d.ref, text: d.message }))
      : [];
    if (DEVIATIONS_BY_CONTENT.size > 200) DEVIATIONS_BY_CONTENT.clear();
    DEVIATIONS_BY_CONTENT.set(key, list);
  }
  DEVIATIONS.set(draft, list);
  return list;
}

function plan(s: EngineState): Question[] {
  const cached = PLANS.get(s);
  if (cached) return cached;
  // The causes are asked after 附件1-2, from the deviations it produces: computed only once the
  // conversation gets there, not on every answer before it.
  const closed = new Set(s.closed);
  const base = questionsFor(s.draft, closed);
  const answered = new Set(s.answered);
  const first = base.find((q) => !answered.has(q.key));
  let p = base;
  if (!first || first.section === "narrative") {
    // the cause questions open the narrative section (where questionsFor puts them): spliced in, not rebuilt
    const at = base.findIndex((q) => q.section === "narrative");
    p = [...base.slice(0, at), ...causeQuestionList(causeQuestions(s.draft)), ...base.slice(at)];
  }
  PLANS.set(s, p);
  return p;
}

/** The question being asked: the first of the plan not answered yet; null when all are. */
export function currentQuestion(s: EngineState): Question | null {
  const answered = new Set(s.answered);
  const p = plan(s);
  const focused = s.focus ? p.find((q) => q.section === s.focus && !answered.has(q.key)) : undefined;
  return focused ?? p.find((q) => !answered.has(q.key)) ?? null;
}

function promptOf(s: EngineState, q: Question): Reply {
  const now = getAt(s.draft, q.key);
  const current = now !== undefined && !q.key.endsWith(".+") ? `（当前：${shown(now)}）` : "";
  if (q.answer.kind === "choice") return { text: `${q.prompt}${current}`, options: [...q.answer.options] };
  if (q.answer.kind === "yesno") return { text: q.prompt, options: ["是", "否"] };
  if (q.answer.kind === "confirm") {
    return { text: `${status(s, q.answer.section).text}\n${q.prompt}`, options: ["是", "否"] };
  }
  return { text: `${q.prompt}${current}` };
}

function next(s: EngineState, before: Reply[] = []): Reply[] {
  const q = currentQuestion(s);
  if (!q)
    return [
      ...before,
      { text: "本部分问题已全部填写。可用 /check 审核、/score 查看得分、/status 查看进度。" },
    ];
  return [...before, promptOf(s, q)];
}

/** The stored value of a parsed answer: decimals as strings in the report's unit, the year as a number. */
function storedValue(q: Question, value: Quantity): unknown {
  // an indicator's 指标值/完成值 and a prose figure keep their kind and unit
  if (/\.rows\.\d+\.(target|actual)$|\.value$/.test(q.key)) return value;
  if (value.kind === "text") return value.text;
  if (value.kind === "date") return value;
  return q.key === "unit.year" ? Number(value.value) : value.value;
}

const FORWARD_ID = /^(F\d+(\.\d+)+|U3\.\d+|G\d+|[PBS]\d+\.(target|actual))$/;

const BLANK = new Set(["-", "—", "－", "无", "空", "/"]);

/** "113.29 113.29 152.98" → the three columns of a 附件1-1 row ("-" leaves one blank). */
function readColumns(
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
function readLink(
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
function knownIds(draft: Draft): Set<string> {
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

const YES = new Set(["是", "是的", "有", "要", "好", "y", "yes", "1"]);
const NO = new Set(["否", "不", "没有", "无", "不要", "n", "no", "2"]);

function findingId(f: Finding): string {
  return `${f.rule}:${f.places[0]?.path ?? ""}`;
}

/**
 * Inconsistencies that became decidable: every place involved is filled, no list they belong to is
 * still open, and the user has not chosen to keep them. Checked after every accepted answer.
 */
function decidableFindings(s: EngineState): Finding[] {
  const report = materialize(s.draft);
  if (!report) return [];
  const openLists = plan(s)
    .filter((q) => q.list !== undefined)
    .map((q) => `${q.list}.`);
  const kept = new Set(s.acknowledged);
  // the form's own rules only: scores are not a matter of typing a figure wrong
  return runChecks(
    report,
    undefined,
    (rule) => rule.severity === "error" && !rule.id.startsWith("score."),
  ).filter(
    (f) =>
      f.severity === "error" &&
      !kept.has(findingId(f)) &&
      f.places.length > 1 &&
      f.places.every((p) => p.value !== null && !openLists.some((l) => p.path.startsWith(l))),
  );
}

function answer(s: EngineState, q: Question, input: string): StepResult {
  const text = input.trim();
  let draft = s.draft;
  let closed = s.closed;
  let history = s.history;
  const changes: AnswerChange[] = [];
  if (q.answer.kind === "yesno") {
    const t = text.toLowerCase();
    if (!YES.has(t) && !NO.has(t)) {
      return { state: s, replies: [{ text: "请回答“是”或“否”。", options: ["是", "否"] }], changes };
    }
    const list = q.list as string;
    if (YES.has(t)) {
      const items = getAt(draft, list);
      draft = setAt(draft, list, [...(Array.isArray(items) ? items : []), { ...(q.newItem ?? {}) }]);
    } else {
      closed = [...closed, list];
      history = [...history, `close:${list}`]; // so /back can open the list again
    }
  } else {
    const a = q.answer;
    const refuse = (message: string): StepResult => ({ state: s, replies: [{ text: message }], changes: [] });
    if (a.kind === "choice") {
      const options = a.options;
      const n = Number(text);
      const i = Number.isInteger(n) && n >= 1 && n <= options.length ? n - 1 : options.indexOf(text);
      if (i < 0) {
        return {
          state: s,
          replies: [{ text: `请从以下选项中选择，例如：${options[0]}`, options: [...options] }],
          changes,
        };
      }
      const value = a.values ? a.values[i] : options[i];
      const before = getAt(draft, q.key);
      changes.push({ field: q.key, value: json(value), previous: json(before) });
      // an object option ("有" → {}) keeps what was already filled below it
      draft = setAt(
        draft,
        q.key,
        value !== null && typeof value === "object" ? { ...(before as object), ...value } : value,
      );
    } else if (a.kind === "columns") {
      const r = readColumns(text, a.unit);
      if (!r.ok) return refuse(r.message);
      changes.push({ field: q.key, value: json(r.value), previous: json(getAt(draft, q.key)) });
      draft = setAt(draft, q.key, r.value);
    } else if (a.kind === "link") {
      const r = readLink(text, a.on, knownIds(draft));
      if (!r.ok) return refuse(r.message);
      const parent = q.key.replace(/\.link$/, "");
      for (const [k, v] of Object.entries(r.value)) {
        changes.push({
          field: `${parent}.${k}`,
          value: json(v),
          previous: json(getAt(draft, `${parent}.${k}`)),
        });
        draft = setAt(draft, `${parent}.${k}`, v);
      }
    } else if (a.kind === "confirm") {
      const t = text.toLowerCase();
      if (NO.has(t)) {
        return {
          state: s,
          replies: [
            { text: "请用 /edit 名称（或 /edit 部分 序号，序号见上面的清单）修改，改好后回答“是”。" },
          ],
          changes: [],
        };
      }
      if (!YES.has(t))
        return { state: s, replies: [{ text: "请回答“是”或“否”。", options: ["是", "否"] }], changes: [] };
    } else if (a.kind === "tier") {
      const m = /^(达成|部分达成|未达成)\s*(?:(\d+(?:\.\d+)?)\s*%?)?$/.exec(text.normalize("NFKC"));
      if (!m) return refuse("请写 达成、部分达成 或 未达成，可加百分比，例如：部分达成 70");
      const value = { tier: m[1], ...(m[2] !== undefined && { percent: m[2] }) };
      changes.push({ field: q.key, value: json(value), previous: json(getAt(draft, q.key)) });
      draft = setAt(draft, q.key, value);
    } else if (a.kind === "cause") {
      const causes = (getAt(draft, "causes") as { ref: string; text: string }[] | undefined) ?? [];
      const previous = causes.find((c) => c.ref === a.ref);
      changes.push({ field: `causes.${a.ref}`, value: json(text), previous: json(previous?.text) });
      draft = setAt(draft, "causes", [...causes.filter((c) => c.ref !== a.ref), { ref: a.ref, text }]);
    } else {
      const parsed = parseAnswer(input, a);
      if (!parsed.ok) return refuse(parsed.error.message);
      const value = storedValue(q, parsed.value);
      changes.push({ field: q.key, value: json(value), previous: json(getAt(draft, q.key)) });
      const before = draft;
      draft = setAt(draft, q.key, value);
      rememberAnswer(before, draft, q.key, value);
      // a date target is scored as a deadline, a text target by tier (财预〔2020〕10号); numbers ask ≥ or ≤
      if (/\.rows\.\d+\.target$/.test(q.key)) {
        const rule =
          parsed.value.kind === "date"
            ? "deadline"
            : parsed.value.kind === "text"
              ? "qualitative"
              : undefined;
        const rowPath = q.key.slice(0, -".target".length);
        if (rule) draft = setAt(draft, `${rowPath}.rule`, rule);
        else if (
          getAt(draft, `${rowPath}.rule`) === "deadline" ||
          getAt(draft, `${rowPath}.rule`) === "qualitative"
        ) {
          draft = setAt(draft, `${rowPath}.rule`, undefined);
        }
      }
    }
  }
  // the level-1 groups get their id and name when something is written under them
  if (q.key.startsWith("selfEvaluation.indicators") || q.list?.startsWith("selfEvaluation.indicators"))
    draft = withGroups(draft);
  // "another item?" is asked again after each item: it is never marked answered, the list moves on
  const state: EngineState = {
    ...s,
    draft,
    closed,
    answered: q.list ? s.answered : [...s.answered, q.key],
    history: q.list ? history : [...history, q.key],
  };
  const mismatch = decidableFindings(state)[0];
  if (mismatch) {
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
          options: [
            ...options.map((o, i) => `${i + 1} ${o.label}`),
            `${options.length + 1} 先保留，稍后再改`,
          ],
        },
      ],
      changes,
    };
  }
  return { state, replies: next(state, [{ text: "已记录。" }]), changes };
}

/** Re-asks a field: it becomes unanswered, its value stays until the new answer replaces it. */
function reopen(s: EngineState, key: string): EngineState {
  return { ...s, pending: null, answered: s.answered.filter((k) => k !== key) };
}

function resolvePending(s: EngineState, input: string): StepResult | null {
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

const SECTION_NAMES: Record<string, NarrativeSection[]> = {
  五: ["problems"],
  六: ["improvements"],
  全部: ["problems", "improvements"],
};

/** A draft of 五 and 六 arrives (written by the adapter's drafter): it goes under review. */
export function withDraft(s: EngineState, draft: DraftText): StepResult {
  const review = reviewDraft(draft, s.review);
  const state: EngineState = { ...s, review };
  return { state, replies: [{ text: reviewText(review) }], changes: [] };
}

function reviewText(review: NarrativeReview): string {
  const lines: string[] = [];
  for (const key of ["problems", "improvements"] as const) {
    const sec = review.sections[key];
    const by =
      sec.from.source === "llm"
        ? `大模型 ${sec.from.model ?? ""}（模板 ${sec.from.templateVersion ?? ""}）`
        : sec.from.source === "offline"
          ? "离线模板"
          : "人工撰写";
    const status = sec.status === "pending" ? "待确认" : sec.status === "accepted" ? "已接受" : "已替换";
    lines.push(`${SECTION_TITLES[key]}【${status}，${by}】`, ...sec.lines, "");
  }
  lines.push(
    "/accept 五、/accept 六 或 /accept 全部 接受；/draft 重新起草未接受的部分；/replace 五 你的文字（各条用“；”或换行分开）替换",
  );
  return lines.join("\n");
}

/** Writes an accepted or replaced section into the report being filled in, with its provenance. */
function applySection(s: EngineState, key: NarrativeSection): EngineState {
  const sec = s.review?.sections[key];
  if (!sec || sec.status === "pending") return s;
  let draft = setAt(s.draft, key, storedLines(sec));
  draft = setAt(draft, `narrative.${key}`, sec.from);
  return { ...s, draft, closed: s.closed.includes(key) ? s.closed : [...s.closed, key] };
}

function reviewCommand(s: EngineState, name: "accept" | "replace", arg: string): StepResult {
  if (!s.review)
    return { state: s, replies: [{ text: "还没有草稿。先用 /draft 起草第五、六部分。" }], changes: [] };
  const m = /^(五|六|全部)\s*([\s\S]*)$/.exec(arg.trim());
  const sections = m ? SECTION_NAMES[m[1] as string] : undefined;
  if (!m || !sections)
    return { state: s, replies: [{ text: `请写明哪一部分，例如：/${name} 五` }], changes: [] };
  let state = s;
  if (name === "accept") {
    for (const key of sections)
      state = { ...state, review: acceptSection(state.review as NarrativeReview, key) };
  } else {
    const text = (m[2] ?? "").trim();
    if (sections.length !== 1 || text === "") {
      return {
        state: s,
        replies: [
          { text: "请写出替换的文字，例如：/replace 六 人员核实工作时间提前；按规定时间发放直补资金" },
        ],
        changes: [],
      };
    }
    const lines = text.includes("\n") ? text : text.split(/；(?=\S)/).join("\n");
    state = {
      ...state,
      review: replaceSection(state.review as NarrativeReview, sections[0] as NarrativeSection, lines),
    };
  }
  const changes: AnswerChange[] = [];
  for (const key of sections) {
    const before = getAt(state.draft, key);
    state = applySection(state, key);
    changes.push({ field: key, value: json(getAt(state.draft, key)), previous: json(before) });
  }
  return { state, replies: [{ text: reviewText(state.review as NarrativeReview) }], changes };
}

/** A plain-words what-if ("如果直补人数达到23330人，总分多少？") rather than an answer to the question asked. */
export function isWhatIfQuestion(s: EngineState, text: string): boolean {
  const q = currentQuestion(s);
  const asksForText = q !== null && q.answer.kind === "text";
  return !asksForText && /^(如果|假如|假设|要是)/.test(text.trim()) && /[?？]|多少|能不能|会不会/.test(text);
}

const HELP = [
  "直接回答问题即可。命令：",
  "/status 查看进度　/back 回到上一题　/skip 跳过本题（留空）",
  "/goto 二 跳到某部分　/edit 名称 或 /edit 二 5 修改已填的项目（见 /status 二）　/figures 数字编号",
  "/check 审核　/score 得分　/deviations 偏差　/whatif 名称=数值 试算（也可以直接问：如果……，总分多少？）",
  "/draft 起草第五、六部分（/accept 接受，/replace 替换）",
].join("\n");

/** A stored value as the user reads it: "23038人", "2020年3月底前", "113.29 / 113.29 / 152.98". */
function shown(v: unknown): string {
  if (v === undefined || v === null) return "（未填）";
  if (typeof v !== "object") return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o.kind === "string") return formatQuantity(o as Quantity);
  if ("current" in o || "budget" in o || "prior" in o)
    return [o.current, o.budget, o.prior].map((x) => x ?? "-").join(" / ");
  return "（已填）";
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? 10 : Math.round((done / total) * 10);
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)}`;
}

function status(s: EngineState, arg: string): Reply {
  const all = plan(s).filter((q) => q.list === undefined && q.answer.kind !== "confirm");
  const answered = new Set(s.answered);
  const section = SECTIONS.find((x) => arg && (x.title.startsWith(arg) || x.id === arg));
  if (section) {
    const qs = all.filter((q) => q.section === section.id);
    return {
      text: [
        section.title,
        ...qs
          .filter((q) => q.answer.kind !== "confirm")
          .map((q, i) => {
            const a = q.answer;
            const value =
              a.kind === "cause"
                ? ((getAt(s.draft, "causes") as { ref: string; text: string }[] | undefined) ?? []).find(
                    (c) => c.ref === a.ref,
                  )?.text
                : getAt(s.draft, q.key);
            return `${i + 1}. ${answered.has(q.key) ? "✓" : "·"} ${q.label}：${shown(value)}`;
          }),
      ].join("\n"),
    };
  }
  const lines = SECTIONS.map((x) => {
    const qs = all.filter((q) => q.section === x.id);
    const done = qs.filter((q) => answered.has(q.key)).length;
    return `${bar(done, qs.length)} ${x.title} ${done}/${qs.length}`;
  });
  const q = currentQuestion(s);
  return {
    text: [...lines, q ? `当前问题：${q.label}` : "全部已填写。", "（/status 二 列出该部分各项）"].join("\n"),
  };
}

function command(s: EngineState, name: string, arg: string): StepResult {
  const same = (replies: Reply[]): StepResult => ({ state: s, replies, changes: [] });
  const report = () => materialize(s.draft);
  switch (name) {
    case "help":
    case "start":
      return same(next(s, [{ text: HELP }]));
    case "status":
      return same([status(s, arg)]);
    case "back": {
      const last = s.history[s.history.length - 1];
      if (!last) return same([{ text: "已经是第一题。" }]);
      const history = s.history.slice(0, -1);
      const back = last.startsWith("close:")
        ? { ...s, pending: null, history, closed: s.closed.filter((l) => l !== last.slice("close:".length)) }
        : { ...reopen(s, last), history };
      return { state: back, replies: next(back), changes: [] };
    }
    case "skip": {
      const q = currentQuestion(s);
      if (!q) return same([{ text: "没有正在问的问题。" }]);
      if (q.list) return answer(s, q, "否");
      if (q.answer.kind === "confirm")
        return same([{ text: "确认无误请回答“是”；要修改请用 /edit。", options: ["是", "否"] }]);
      const skipped: EngineState = {
        ...s,
        answered: [...s.answered, q.key],
        history: [...s.history, q.key],
        draft:
          q.key.startsWith("cause:") || q.key.endsWith(".link") ? s.draft : setAt(s.draft, q.key, undefined),
      };
      const note = q.optional ? "已跳过。" : `已跳过：${q.label}（必填项，可稍后用 /edit ${q.label} 补填）。`;
      return {
        state: skipped,
        replies: next(skipped, [{ text: note }]),
        changes: [{ field: q.key, value: null, previous: json(getAt(s.draft, q.key)) }],
      };
    }
    case "goto": {
      const section = SECTIONS.find((x) => arg && (x.title.startsWith(arg) || x.id === arg));
      if (!section)
        return same([
          { text: `请写出部分名称，例如：/goto 二（可选：${SECTIONS.map((x) => x.title).join("、")}）` },
        ]);
      const answered = new Set(s.answered);
      const inSection = plan(s).filter((q) => q.section === section.id);
      const first = inSection.find((q) => !answered.has(q.key)) ?? inSection[0];
      if (!first) return same([{ text: "这一部分没有问题。" }]);
      const moved: EngineState = { ...reopen(s, first.key), focus: section.id };
      return { state: moved, replies: next(moved), changes: [] };
    }
    case "edit": {
      const byNumber = /^(\S+)\s+(\d+)$/.exec(arg);
      const section = byNumber
        ? SECTIONS.find((x) => x.title.startsWith(byNumber[1] as string) || x.id === byNumber[1])
        : undefined;
      const listed = section
        ? plan(s).filter(
            (x) => x.section === section.id && x.list === undefined && x.answer.kind !== "confirm",
          )
        : [];
      const q = section
        ? listed[Number(byNumber?.[2]) - 1]
        : plan(s).find((x) => x.list === undefined && (x.key === arg || x.label === arg));
      if (!q) {
        // a finished list can be opened again to add items: /edit 五、存在的问题
        const list = questionsFor(s.draft, new Set()).find(
          (x) => x.list !== undefined && x.label === arg,
        )?.list;
        if (list && s.closed.includes(list)) {
          const opened: EngineState = { ...s, pending: null, closed: s.closed.filter((l) => l !== list) };
          return { state: opened, replies: next(opened), changes: [] };
        }
        return same([{ text: `没有找到“${arg}”。请写出 /status 中列出的名称，例如：/edit 工资福利支出` }]);
      }
      const moved = reopen(s, q.key);
      return { state: moved, replies: next(moved), changes: [] };
    }
    case "accept":
    case "replace":
      return reviewCommand(s, name, arg);
    case "export": {
      const r = report();
      if (!r) return same([{ text: "请先填写单位名称、年度和金额单位。" }]);
      return same([
        {
          text: "报告文件（可用 zipin check / score 审核，也可再导入）",
          file: {
            name: `${r.unit.name}-${r.unit.year}.json`,
            mime: "application/json",
            content: `${JSON.stringify(r, null, 2)}\n`,
          },
        },
      ]);
    }
    case "figures": {
      const r = report();
      const lines = r
        ? [...referenceIndex(r).entries()]
            .filter(([id]) => !/\.(target|actual)$/.test(id))
            .map(
              ([id, p]) =>
                `${id}  ${p.label}${p.quantity && "value" in p.quantity ? `：${p.quantity.value}` : ""}`,
            )
        : [];
      return same([{ text: lines.length > 0 ? lines.join("\n") : "还没有可引用的数字。" }]);
    }
    case "check": {
      const r = report();
      return same([{ text: r ? findingsText(runChecks(r)) : "请先填写单位名称、年度和金额单位。" }]);
    }
    case "score": {
      const r = report();
      return same([{ text: r ? scoreText(r, computeScore(r)) : "请先填写单位名称、年度和金额单位。" }]);
    }
    case "deviations": {
      const r = report();
      return same([{ text: r ? deviationsText(buildDeviations(r)) : "请先填写单位名称、年度和金额单位。" }]);
    }
    case "whatif": {
      const r = report();
      if (!r) return same([{ text: "请先填写单位名称、年度和金额单位。" }]);
      const pairs = parseWhatIfPairs(arg);
      if (!pairs.ok) return same([{ text: pairs.error.message }]);
      const w = whatIf(r, pairs.changes);
      return same([{ text: w.ok ? whatIfText(w.value) : w.error.message }]);
    }
    default:
      return same([{ text: `不认识的命令 /${name}。\n${HELP}` }]);
  }
}

/**
 * One message of the conversation: a command ("/status"), the answer to a pending choice, or the answer
 * to the current question. Pure and deterministic: the same state and input give the same result.
 */
export function step(s: EngineState, input: string): StepResult {
  const text = input.trim();
  const cmd = /^\/(\w+)(?:@\w+)?\s*(.*)$/s.exec(text);
  if (cmd) return command(s, (cmd[1] as string).toLowerCase(), (cmd[2] ?? "").trim());
  const resolved = resolvePending(s, text);
  if (resolved) return resolved;
  // a message that is not one of the offered choices answers the question; the inconsistency is kept
  // (still listed by /check) rather than asked about again after every answer
  const base: EngineState = s.pending
    ? { ...s, pending: null, acknowledged: [...s.acknowledged, s.pending.id] }
    : s;
  const q = currentQuestion(base);
  if (!q) return { state: base, replies: next(base), changes: [] };
  return answer(base, q, input);
}

/**
 * Prefills the conversation from a report file: its figures become answers, its lists are taken as
 * complete, and only what is missing is asked. With `asWritten: false` (a seed from last year, see
 * seed.ts) only what is filled in counts as answered: every cleared figure is asked.
 */
export function prefill(
  s: EngineState,
  report: Draft,
  opts: { asWritten: boolean } = { asWritten: true },
): EngineState {
  let state: EngineState = { ...s, draft: { ...s.draft, ...report }, pending: null };
  // a report file is complete as written: every list in it is finished (closing one may reveal others)
  for (;;) {
    const open = questionsFor(state.draft, new Set(state.closed)).filter(
      (q) =>
        q.list !== undefined &&
        (opts.asWritten || ((getAt(state.draft, q.list) as unknown[] | undefined)?.length ?? 0) > 0),
    );
    if (open.length === 0) break;
    state = { ...state, closed: [...state.closed, ...open.map((q) => q.list as string)] };
  }
  // a file is complete as written: its figures, its blanks (optional fields) and its links; causes given
  const causes = new Set(
    ((getAt(state.draft, "causes") as { ref: string }[] | undefined) ?? []).map((c) => c.ref),
  );
  const present = questionsFor(state.draft, new Set(state.closed), causeQuestions(state.draft))
    .filter(
      (q) =>
        q.list === undefined &&
        (q.answer.kind === "cause"
          ? causes.has(q.answer.ref) // a deviation without a cause is asked: the narrative needs it
          : (q.answer.kind === "columns"
              ? // a seeded row holds only last year's 决算数 as 上年决算数: this year's columns are still asked
                opts.asWritten ||
                (getAt(state.draft, `${q.key}.current`) ?? getAt(state.draft, `${q.key}.budget`)) !==
                  undefined
              : getAt(state.draft, q.key) !== undefined) ||
            (opts.asWritten &&
              (q.optional ||
                q.key.endsWith(".link") ||
                q.answer.kind === "confirm" ||
                (q.answer.kind === "choice" && q.answer.values?.includes(undefined) === true)))),
    )
    .map((q) => q.key);
  const filled: EngineState = { ...state, answered: [...new Set([...state.answered, ...present])] };
  // the file's own inconsistencies are listed by /check; they do not interrupt the next answer
  const known = decidableFindings(filled).map(findingId);
  return { ...filled, acknowledged: [...new Set([...filled.acknowledged, ...known])] };
}

/**
 * What the conversation is waiting for: the pending choice or the current question (its key), "done"
 * when everything is answered. A chat adapter remembers it with each question it sends, so that an
 * answer given to an older question (another member answered first) is not applied to the next one.
 */
export function awaiting(s: EngineState): string {
  if (s.pending) return `pending:${s.pending.id}`;
  return currentQuestion(s)?.key ?? "done";
}

/** The form's name of a stored field ("单位名称"), for "who answered what"; the path when it is not asked. */
export function labelOf(s: EngineState, field: string): string {
  return plan(s).find((q) => q.key === field)?.label ?? field;
}

/** The message that asks what the conversation is waiting for (see `awaiting`), to ask it again. */
export function prompt(s: EngineState): Reply {
  if (s.pending) {
    const options = s.pending.options;
    return {
      text: "数字对不上，要改哪一处？",
      options: [...options.map((o, i) => `${i + 1} ${o.label}`), `${options.length + 1} 先保留，稍后再改`],
    };
  }
  return next(s)[0] as Reply;
}
