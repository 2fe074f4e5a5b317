import { answer, leaveBlank } from "./answers.js";
import { next } from "./asking.js";
import { currentQuestion, plan, reopen } from "./cursor.js";
import { type Question, questionsFor, SECTIONS } from "./plan/index.js";
import type { EngineState, Outcome, Reply } from "./state.js";
import { listed } from "./status.js";

/** The commands that move the cursor: /back, /skip, /goto, /edit. */
const same = (s: EngineState, replies: Reply[]): Outcome => ({ state: s, replies, changes: [] });
const moveTo = (state: EngineState): Outcome => ({ state, replies: next(state), changes: [] });

/** /back: the last answer is asked again (a list closed last is opened again). */
export function back(s: EngineState): Outcome {
  const last = s.history[s.history.length - 1];
  if (!last) return same(s, [{ text: "已经是第一题。" }]);
  const history = s.history.slice(0, -1);
  return moveTo(
    last.startsWith("close:")
      ? { ...s, pending: null, history, closed: s.closed.filter((l) => l !== last.slice("close:".length)) }
      : { ...reopen(s, last), history, editing: last },
  );
}

/** /skip: the question is left blank (a list is finished). */
export function skip(s: EngineState): Outcome {
  const q = currentQuestion(s);
  if (!q) return same(s, [{ text: "没有正在问的问题。" }]);
  if (q.list) return answer(s, q, "否");
  return leaveBlank(s, q, "已跳过。");
}

/** /goto 二: the section's first open question is asked first; without a section, the sections to choose. */
export function goto(s: EngineState, arg: string): Outcome {
  if (arg === "") {
    return same(s, [
      {
        text: "跳到哪一部分？",
        options: SECTIONS.map((x) => x.title),
        inputs: SECTIONS.map((x) => `/goto ${x.id}`),
      },
    ]);
  }
  const section = SECTIONS.find((x) => x.title.startsWith(arg) || x.id === arg);
  if (!section)
    return same(s, [
      { text: `请写出部分名称，例如：/goto 二（可选：${SECTIONS.map((x) => x.title).join("、")}）` },
    ]);
  const answered = new Set(s.answered);
  const inSection = plan(s).filter((q) => q.section === section.id);
  const first = inSection.find((q) => !answered.has(q.key)) ?? inSection[0];
  if (!first) return same(s, [{ text: "这一部分没有问题。" }]);
  return moveTo({ ...reopen(s, first.key), focus: section.id, editing: first.key });
}

const norm = (t: string) => t.normalize("NFKC").replace(/[\s“”"‘’'：:（）()]/gu, "");

/** Whether the characters of `arg` appear in `label` in order ("直补人数" in "实际发放直补资金人数"). */
function inOrder(arg: string, label: string): boolean {
  let i = 0;
  for (const ch of label) if (ch === arg[i]) i++;
  return i === arg.length;
}

/** The fields an /edit argument names: its label exactly, else labels containing it, else in order. */
function matching(s: EngineState, arg: string): Question[] {
  const qs = listed(s);
  const a = norm(arg);
  const exact = qs.filter((q) => q.key === arg || norm(q.label) === a);
  if (exact.length > 0) return exact;
  const part = qs.filter((q) => norm(q.label).includes(a));
  if (part.length > 0 || [...a].length < 2) return part;
  return qs.filter((q) => inOrder(a, norm(q.label)));
}

/** /edit 名称, /edit 电费, /edit 二 5 (the number in /status 二): that field is asked again; a list is opened again. */
export function edit(s: EngineState, arg: string): Outcome {
  if (arg === "")
    return same(s, [
      {
        text: "要改哪一项？请写名称或其中几个字，例如：/edit 电费、/edit 直补人数，或 /edit 二 5（序号见 /status 二）",
      },
    ]);
  const byNumber = /^(\S+)\s+(\d+)$/.exec(arg);
  const section = byNumber
    ? SECTIONS.find((x) => x.title.startsWith(byNumber[1] as string) || x.id === byNumber[1])
    : undefined;
  if (section) {
    const q = listed(s).filter((x) => x.section === section.id)[Number(byNumber?.[2]) - 1];
    if (q) return editAt(s, q.key);
  }
  // a finished list can be opened again to add items: /edit 五、存在的问题
  const list = questionsFor(s.draft, new Set()).find(
    (x) => x.list !== undefined && norm(x.label) === norm(arg),
  )?.list;
  if (list && s.closed.includes(list)) {
    return moveTo({
      ...s,
      pending: null,
      closed: s.closed.filter((l) => l !== list && l !== `flat:${list}`),
    });
  }
  const found = matching(s, arg);
  if (found.length === 1) return editAt(s, (found[0] as Question).key);
  if (found.length > 1) {
    const options = found.slice(0, 12).map((q) => ({ label: q.label, key: q.key }));
    const state: EngineState = { ...s, pending: { kind: "choose", options } };
    return same(state, [
      {
        text: `有 ${found.length} 处与“${arg}”相符${found.length > 12 ? "（先列出 12 处，可写得更具体些）" : ""}，要改哪一处？`,
        options: options.map((o, i) => `${i + 1} ${o.label}`),
      },
    ]);
  }
  return same(s, [
    {
      text: `没有找到“${arg}”。请写名称或其中几个字，例如：/edit 电费、/edit 工资福利支出，或 /edit 二 5（序号见 /status 二）`,
    },
  ]);
}

function editAt(s: EngineState, key: string): Outcome {
  return moveTo({ ...reopen(s, key), editing: key });
}

/** The answer to "要改哪一处？" after /edit matched several fields. */
export function resolveChoose(s: EngineState, input: string): Outcome | null {
  const p = s.pending;
  if (p?.kind !== "choose") return null;
  const n = Number(input.trim());
  const chosen = Number.isInteger(n) ? p.options[n - 1] : p.options.find((o) => o.label === input.trim());
  if (!chosen) return null;
  return editAt({ ...s, pending: null }, chosen.key);
}
