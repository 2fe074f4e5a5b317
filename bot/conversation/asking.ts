import { currentQuestion } from "./cursor.js";
import { getAt } from "./draft.js";
import { importPrompt } from "./officeImport.js";
import type { Question } from "./plan/index.js";
import type { EngineState, Reply } from "./state.js";
import { shown, status } from "./status.js";

/** How a question is asked, and the reply that asks what the conversation waits for. */
export function promptOf(s: EngineState, q: Question): Reply {
  const now = getAt(s.draft, q.key);
  const current = now !== undefined && !q.key.endsWith(".+") ? `（当前：${shown(now)}）` : "";
  if (q.answer.kind === "choice") return { text: `${q.prompt}${current}`, options: [...q.answer.options] };
  if (q.answer.kind === "yesno") return { text: q.prompt, options: ["是", "否"] };
  if (q.answer.kind === "confirm") {
    return { text: `${status(s, q.answer.section).text}\n${q.prompt}`, options: ["是", "否"] };
  }
  return { text: `${q.prompt}${current}` };
}

/** The next question (or that all is filled in), after `before`. */
export function next(s: EngineState, before: Reply[] = []): Reply[] {
  const q = currentQuestion(s);
  if (!q)
    return [
      ...before,
      { text: "本部分问题已全部填写。可用 /check 审核、/score 查看得分、/status 查看进度。" },
    ];
  return [...before, promptOf(s, q)];
}

/**
 * What the conversation is waiting for: the pending choice or the current question (its key), "done"
 * when everything is answered. A chat adapter remembers it with each question it sends, so that an
 * answer given to an older question (another member answered first) is not applied to the next one.
 */
export function awaiting(s: EngineState): string {
  if (s.officeImport) return `import:${s.officeImport.file}`;
  if (s.pending) return `pending:${s.pending.id}`;
  return currentQuestion(s)?.key ?? "done";
}

/** The message that asks what the conversation is waiting for (see `awaiting`), to ask it again. */
export function prompt(s: EngineState): Reply {
  if (s.officeImport) return importPrompt(s.officeImport);
  if (s.pending) {
    const options = s.pending.options;
    return {
      text: "数字对不上，要改哪一处？",
      options: [...options.map((o, i) => `${i + 1} ${o.label}`), `${options.length + 1} 先保留，稍后再改`],
    };
  }
  return next(s)[0] as Reply;
}
