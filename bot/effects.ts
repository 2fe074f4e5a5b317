import type { Report } from "../core/report.js";
import { draftNarrative, type LlmConfig, narrativeLines } from "../prompts/drafter.js";
import { draftInput } from "../prompts/input.js";
import { whatIfFromQuestion } from "../prompts/whatifQuestion.js";
import type { Input, Reply } from "./conversation/index.js";

/**
 * What a step asks for that needs the LLM, carried out for every chat adapter (terminal, Telegram):
 * the draft of 五 and 六 comes back as the next step's input, a what-if in plain words as replies.
 */

/** Sections 五 and 六 drafted (LLM, else offline), as the input that puts them under review. */
export async function draftFor(report: Report, llm: LlmConfig | null): Promise<Input> {
  const d = await draftNarrative(draftInput(report), llm);
  return {
    kind: "draft",
    draft: { ...narrativeLines(d), source: d.source, model: d.model, templateVersion: d.templateVersion },
    notes: [
      ...d.notes.map((n) => `（${n}）`),
      ...d.dropped.map((x) => `（已删去含无依据数字的句子：${x.sentence}）`),
    ],
  };
}

/** A what-if asked in plain words: understood by the LLM as a validated tool call, computed by the core. */
export async function whatIfReplies(text: string, report: Report, llm: LlmConfig | null): Promise<Reply[]> {
  const w = await whatIfFromQuestion(text, report, llm);
  return [{ text: w.ok ? w.text : w.message }];
}
