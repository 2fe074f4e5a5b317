import { batchPrompt } from "./batch.js";
import { currentQuestion } from "./cursor.js";
import { getAt } from "./draft.js";
import { finalPrompt } from "./final.js";
import { linksPrompt } from "./linkAnswers.js";
import { importPrompt } from "./officeImport.js";
import type { Question } from "./plan/index.js";
import type { EngineState, Reply } from "./state.js";
import { shownAnswer } from "./status.js";

/** How a question is asked, and the reply that asks what the conversation waits for. */
export function promptOf(s: EngineState, q: Question): Reply {
  const now = q.answer.kind === "fields" ? undefined : getAt(s.draft, q.key);
  const current = now !== undefined && !q.key.endsWith(".+") ? `（当前：${shownAnswer(q, now)}）` : "";
  const a = q.answer;
  if (a.kind === "choice") return { text: `${q.prompt}${current}`, options: [...a.options] };
  if (a.kind === "yesno") return { text: q.prompt };
  if (a.kind === "links") return { text: linksPrompt(s.draft, a.scope, q.label) };
  if (a.kind === "columns" && a.carried) {
    const from = getAt(s.draft, a.carried);
    if (typeof from === "string")
      return {
        text: `${q.prompt}\n本年决算数 ${from} 已在第二部分填过，也可以只写本年预算数和上年决算数，例如：${from} 152.98${current}`,
      };
  }
  return { text: `${q.prompt}${current}` };
}

/** The next question (or what is left to do when all is filled in), after `before`. */
export function next(s: EngineState, before: Reply[] = []): Reply[] {
  const q = currentQuestion(s);
  if (!q) return [...before, { text: DONE }];
  return [...before, promptOf(s, q)];
}

export const DONE =
  "问题都已回答。接下来：/check 审核，/score 查看得分；/pdf 生成报告草稿（/pdf 定稿 生成正式版），/word 生成可编辑的 Word 文档，/export 导出报告文件备份。";

/**
 * What the conversation is waiting for: the pending choice or the current question (its key), "done"
 * when everything is answered. A chat adapter remembers it with each question it sends, so that an
 * answer given to an older question (another member answered first) is not applied to the next one.
 */
export function awaiting(s: EngineState): string {
  if (s.officeImport) return `import:${s.officeImport.file}`;
  const p = s.pending;
  if (p?.kind === "mismatch") return `pending:${p.id}`;
  if (p?.kind === "batch") return `pending:batch:${p.batch.at}:${p.batch.rows.length}`;
  if (p?.kind === "final") return `pending:final:${p.stage}`;
  if (p?.kind === "choose") return `pending:choose:${p.options.map((o) => o.key).join(",")}`;
  return currentQuestion(s)?.key ?? "done";
}

/** The message that asks what the conversation is waiting for (see `awaiting`), to ask it again. */
export function prompt(s: EngineState): Reply {
  if (s.officeImport) return importPrompt(s.officeImport);
  const p = s.pending;
  if (p?.kind === "mismatch") {
    const options = p.options;
    return {
      text: "数字对不上，要改哪一处？",
      options: [...options.map((o, i) => `${i + 1} ${o.label}`), `${options.length + 1} 先保留，稍后再改`],
    };
  }
  if (p?.kind === "batch") return batchPrompt(p.batch, []);
  if (p?.kind === "final") return finalPrompt(s, p.stage);
  if (p?.kind === "choose")
    return { text: "要改哪一处？", options: p.options.map((o, i) => `${i + 1} ${o.label}`) };
  return next(s)[0] as Reply;
}
