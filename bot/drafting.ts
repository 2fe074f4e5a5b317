import { draftNarrative, type LlmConfig, narrativeLines } from "../prompts/drafter.js";
import { draftInput } from "../prompts/input.js";
import { whatIfFromQuestion } from "../prompts/whatifQuestion.js";
import { materialize } from "./conversation/draft.js";
import { type EngineState, type StepResult, withDraft } from "./conversation/step.js";

/**
 * The LLM-backed steps of the conversation, shared by every chat adapter (terminal, Telegram): each
 * returns what the pure engine returns, so the adapter only commits and sends.
 */
const NO_UNIT = "请先填写单位名称、年度和金额单位。";

/** /draft: sections 五 and 六 drafted (LLM, else offline) and put under review. */
export async function draftStep(s: EngineState, llm: LlmConfig | null): Promise<StepResult> {
  const report = materialize(s.draft);
  if (!report) return { state: s, replies: [{ text: NO_UNIT }], changes: [] };
  const d = await draftNarrative(draftInput(report), llm);
  const r = withDraft(s, {
    ...narrativeLines(d),
    source: d.source,
    model: d.model,
    templateVersion: d.templateVersion,
  });
  const notes = [
    ...d.notes.map((n) => `（${n}）`),
    ...d.dropped.map((x) => `（已删去含无依据数字的句子：${x.sentence}）`),
  ];
  return notes.length > 0 ? { ...r, replies: [{ text: notes.join("\n") }, ...r.replies] } : r;
}

/** A what-if asked in plain words: understood by the LLM as a validated tool call, computed by the core. */
export async function plainWhatIfStep(
  s: EngineState,
  text: string,
  llm: LlmConfig | null,
): Promise<StepResult> {
  const report = materialize(s.draft);
  if (!report) return { state: s, replies: [{ text: NO_UNIT }], changes: [] };
  const w = await whatIfFromQuestion(text, report, llm);
  return { state: s, replies: [{ text: w.ok ? w.text : w.message }], changes: [] };
}
