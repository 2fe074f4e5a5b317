import { type Finding, runChecks } from "../checks.js";
import { buildDeviations } from "../deviations.js";
import { deviationsText, findingsText, scoreText, whatIfText } from "../explain.js";
import { parseAnswer } from "../parse.js";
import type { Quantity } from "../quantity.js";
import { computeScore } from "../scoring.js";
import { parseWhatIfPairs, whatIf } from "../whatif.js";
import { type Draft, getAt, materialize, setAt } from "./draft.js";
import { type Question, questionsFor, SECTIONS } from "./plan.js";

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
}

export interface Reply {
  text: string;
  /** choices to offer as buttons; typing the number or the text works too */
  options?: string[];
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

function plan(s: EngineState): Question[] {
  return questionsFor(s.draft, new Set(s.closed));
}

/** The question being asked: the first of the plan not answered yet; null when all are. */
export function currentQuestion(s: EngineState): Question | null {
  const answered = new Set(s.answered);
  return plan(s).find((q) => !answered.has(q.key)) ?? null;
}

function promptOf(s: EngineState, q: Question): Reply {
  const now = getAt(s.draft, q.key);
  const current = now !== undefined && !q.key.endsWith(".+") ? `（当前：${String(now)}）` : "";
  if (q.answer.kind === "choice") return { text: `${q.prompt}${current}`, options: [...q.answer.options] };
  if (q.answer.kind === "yesno") return { text: q.prompt, options: ["是", "否"] };
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
  if (value.kind === "text") return value.text;
  if (value.kind === "date") return value;
  return q.key === "unit.year" ? Number(value.value) : value.value;
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
  const changes: AnswerChange[] = [];
  if (q.answer.kind === "yesno") {
    const t = text.toLowerCase();
    if (!YES.has(t) && !NO.has(t))
      return { state: s, replies: [{ text: "请回答“是”或“否”。", options: ["是", "否"] }], changes };
    const list = q.list as string;
    if (YES.has(t)) {
      const items = getAt(draft, list);
      draft = setAt(draft, list, [...(Array.isArray(items) ? items : []), {}]);
    } else {
      closed = [...closed, list];
    }
  } else {
    let value: unknown;
    if (q.answer.kind === "choice") {
      const options = q.answer.options;
      const n = Number(text);
      value =
        Number.isInteger(n) && n >= 1 && n <= options.length
          ? options[n - 1]
          : options.find((o) => o === text);
      if (value === undefined) {
        return {
          state: s,
          replies: [{ text: `请从以下选项中选择，例如：${options[0]}`, options: [...options] }],
          changes,
        };
      }
    } else {
      const parsed = parseAnswer(input, q.answer);
      if (!parsed.ok) return { state: s, replies: [{ text: parsed.error.message }], changes };
      value = storedValue(q, parsed.value);
    }
    changes.push({ field: q.key, value: json(value), previous: json(getAt(draft, q.key)) });
    draft = setAt(draft, q.key, value);
  }
  // "another item?" is asked again after each item: it is never marked answered, the list moves on
  const state: EngineState = {
    ...s,
    draft,
    closed,
    answered: q.list ? s.answered : [...s.answered, q.key],
    history: q.list ? s.history : [...s.history, q.key],
  };
  const mismatch = decidableFindings(state)[0];
  if (mismatch) {
    // the places to correct, and "add items" for a list closed too early
    const reopenable = state.closed.filter((l) => mismatch.places.some((p) => p.path.startsWith(`${l}.`)));
    const options = [
      ...mismatch.places.slice(0, 8).map((p) => ({ label: `修改 ${p.label}`, key: p.path })),
      ...reopenable.map((l) => ({ label: "继续添加明细", key: `${l}.+` })),
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
    const reopened = reopen(s, key);
    // a place the plan does not ask (a figure of another part) cannot be reopened here
    if (!plan(reopened).some((q) => q.key === key)) {
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

const HELP = [
  "直接回答问题即可。命令：",
  "/status 查看进度　/back 回到上一题　/skip 跳过本题（留空）",
  "/goto 二 跳到某部分　/edit 名称 修改已填的项目（名称见 /status 二）",
  "/check 审核　/score 得分　/deviations 偏差　/whatif 名称=数值 试算",
].join("\n");

function bar(done: number, total: number): string {
  const filled = total === 0 ? 10 : Math.round((done / total) * 10);
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)}`;
}

function status(s: EngineState, arg: string): Reply {
  const all = plan(s).filter((q) => q.list === undefined);
  const answered = new Set(s.answered);
  const section = SECTIONS.find((x) => arg && (x.title.startsWith(arg) || x.id === arg));
  if (section) {
    const qs = all.filter((q) => q.section === section.id);
    return {
      text: [
        section.title,
        ...qs.map(
          (q) =>
            `${answered.has(q.key) ? "✓" : "·"} ${q.label}：${getAt(s.draft, q.key) === undefined ? "（未填）" : String(getAt(s.draft, q.key))}`,
        ),
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
      const back = { ...reopen(s, last), history: s.history.slice(0, -1) };
      return { state: back, replies: next(back), changes: [] };
    }
    case "skip": {
      const q = currentQuestion(s);
      if (!q) return same([{ text: "没有正在问的问题。" }]);
      if (q.list) return answer(s, q, "否");
      const skipped: EngineState = {
        ...s,
        answered: [...s.answered, q.key],
        history: [...s.history, q.key],
        draft: setAt(s.draft, q.key, undefined),
      };
      const note = q.optional ? "已跳过。" : `已跳过“${q.label}”（必填项，可稍后用 /edit ${q.label} 补填）。`;
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
      const first = plan(s).find((q) => q.section === section.id);
      if (!first) return same([{ text: "这一部分没有问题。" }]);
      const moved = reopen(s, first.key);
      return { state: moved, replies: next(moved), changes: [] };
    }
    case "edit": {
      const q = plan(s).find((x) => x.list === undefined && (x.key === arg || x.label === arg));
      if (!q)
        return same([{ text: `没有找到“${arg}”。请写出 /status 中列出的名称，例如：/edit 工资福利支出` }]);
      const moved = reopen(s, q.key);
      return { state: moved, replies: next(moved), changes: [] };
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
 * Prefills the conversation from a report file (or last year's report of the same unit): its figures
 * become answers, its lists are taken as complete, and only what is missing is asked.
 */
export function prefill(s: EngineState, report: Draft): EngineState {
  let state: EngineState = { ...s, draft: { ...s.draft, ...report }, pending: null };
  // a report file is complete as written: every list in it is finished (closing one may reveal others)
  for (;;) {
    const open = questionsFor(state.draft, new Set(state.closed)).filter((q) => q.list !== undefined);
    if (open.length === 0) break;
    state = { ...state, closed: [...state.closed, ...open.map((q) => q.list as string)] };
  }
  const present = questionsFor(state.draft, new Set(state.closed))
    .filter((q) => q.list === undefined && getAt(state.draft, q.key) !== undefined)
    .map((q) => q.key);
  return { ...state, answered: [...new Set([...state.answered, ...present])] };
}
