import { answer } from "./answers.js";
import { next } from "./asking.js";
import { currentQuestion, plan, reopen } from "./cursor.js";
import { getAt, setAt } from "./draft.js";
import { questionsFor, SECTIONS } from "./plan/index.js";
import { settledRoles } from "./roles.js";
import { type EngineState, json, type Outcome, type Reply } from "./state.js";

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
      : { ...reopen(s, last), history },
  );
}

/** /skip: the question is left blank (a list is finished; a summary cannot be skipped). */
export function skip(s: EngineState): Outcome {
  const q = currentQuestion(s);
  if (!q) return same(s, [{ text: "没有正在问的问题。" }]);
  if (q.list) return answer(s, q, "否");
  if (q.answer.kind === "confirm")
    return same(s, [{ text: "确认无误请回答“是”；要修改请用 /edit。", options: ["是", "否"] }]);
  const draft =
    q.key.startsWith("cause:") || q.key.endsWith(".link") ? s.draft : setAt(s.draft, q.key, undefined);
  // a figure left without a value is not asked its role
  const settled = settledRoles(draft, q.key).filter((k) => !s.answered.includes(k));
  const skipped: EngineState = {
    ...s,
    answered: [...s.answered, q.key, ...settled],
    history: [...s.history, q.key],
    draft,
  };
  const note = q.optional ? "已跳过。" : `已跳过：${q.label}（必填项，可稍后用 /edit ${q.label} 补填）。`;
  return {
    state: skipped,
    replies: next(skipped, [{ text: note }]),
    changes: [{ field: q.key, value: null, previous: json(getAt(s.draft, q.key)) }],
  };
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
  return moveTo({ ...reopen(s, first.key), focus: section.id });
}

/** /edit 名称 or /edit 二 5 (the number in /status 二): that field is asked again; a list is opened again. */
export function edit(s: EngineState, arg: string): Outcome {
  const byNumber = /^(\S+)\s+(\d+)$/.exec(arg);
  const section = byNumber
    ? SECTIONS.find((x) => x.title.startsWith(byNumber[1] as string) || x.id === byNumber[1])
    : undefined;
  const listed = section
    ? plan(s).filter((x) => x.section === section.id && x.list === undefined && x.answer.kind !== "confirm")
    : [];
  const q = section
    ? listed[Number(byNumber?.[2]) - 1]
    : plan(s).find((x) => x.list === undefined && (x.key === arg || x.label === arg));
  if (q) return moveTo(reopen(s, q.key));
  // a finished list can be opened again to add items: /edit 五、存在的问题
  const list = questionsFor(s.draft, new Set()).find((x) => x.list !== undefined && x.label === arg)?.list;
  if (list && s.closed.includes(list)) {
    return moveTo({ ...s, pending: null, closed: s.closed.filter((l) => l !== list) });
  }
  return same(s, [{ text: `没有找到“${arg}”。请写出 /status 中列出的名称，例如：/edit 工资福利支出` }]);
}
