import { BadRequestError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import {
  type Allowed,
  allowedNumbers,
  dropSentences,
  type Ungrounded,
  ungroundedSentences,
} from "./grounding.js";
import type { DraftInput } from "./input.js";
import { chatCompletion, describeError, firstLine, type LlmConfig } from "./llm.js";
import { CAUSE_MISSING, OFFLINE_VERSION, offlineNarrative } from "./offline.js";
import { type Narrative, NarrativeSchema, refIssues } from "./schema.js";
import {
  type ChatMessage,
  groundingMessage,
  NARRATIVE_TEMPLATE,
  narrativeMessages,
  repairMessage,
} from "./templates.js";

export type { LlmConfig } from "./llm.js";

/** A draft of sections 五 and 六, with who wrote it and what was removed from it. */
export interface NarrativeDraft extends Narrative {
  source: "llm" | "offline";
  model: string | null;
  templateVersion: string;
  /** sentences removed because they stated numbers the data does not have */
  dropped: Ungrounded[];
  /** what happened on the way (fallbacks, repairs), in Chinese, for the user */
  notes: string[];
}

function offline(input: DraftInput, notes: string[]): NarrativeDraft {
  return {
    ...withoutBlankWords(offlineNarrative(input)),
    source: "offline",
    model: null,
    templateVersion: OFFLINE_VERSION,
    dropped: [],
    notes,
  };
}

function stripFences(s: string): string {
  return s
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "")
    .trim();
}

type Checked = { ok: true; value: Narrative } | { ok: false; error: string };

/** Parses and validates one answer: JSON, the schema, then the references. */
export function validateAnswer(content: string, refs: readonly string[]): Checked {
  let data: unknown;
  try {
    data = JSON.parse(stripFences(content));
  } catch (e) {
    return { ok: false, error: `不是有效的 JSON（${(e as Error).message}）` };
  }
  const parsed = NarrativeSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  const issues = refIssues(parsed.data, refs);
  return issues.length > 0 ? { ok: false, error: issues.join("\n") } : { ok: true, value: parsed.data };
}

/** Every sentence of a narrative that states a number its input does not have (for that deviation). */
export function ungrounded(n: Narrative, allowed: Allowed): Ungrounded[] {
  return [
    ...n.problems.flatMap((p) => [
      ...ungroundedSentences(p.description, allowed, [p.ref]),
      ...ungroundedSentences(p.cause, allowed, [p.ref]),
    ]),
    ...n.improvements.flatMap((m) => ungroundedSentences(m.measure, allowed, [m.problemRef])),
  ];
}

/** Drops ungrounded sentences; an entry left empty goes, and so do measures of a problem that went. */
function withoutUngrounded(n: Narrative, bad: Ungrounded[]): Narrative {
  const problems = n.problems
    .map((p) => ({
      ...p,
      description: dropSentences(p.description, bad),
      cause: dropSentences(p.cause, bad) || CAUSE_MISSING,
    }))
    .filter((p) => p.description.length > 0);
  const kept = new Set(problems.map((p) => p.ref));
  const improvements = n.improvements
    .map((m) => ({ ...m, measure: dropSentences(m.measure, bad) }))
    .filter((m) => m.measure.length > 0 && kept.has(m.problemRef));
  return { problems, improvements };
}

/** A value that was never filled in, written out as a word ("null", "undefined"): never in a draft. */
const BLANK_WORD = /\b(null|undefined|NaN)\b/i;

/**
 * Drops every sentence that writes out a blank value ("完成值null"): a draft never says "null", and never
 * describes what is not filled in yet. An entry left empty goes, with the measures of a problem that went.
 */
export function withoutBlankWords(n: Narrative): Narrative {
  const clean = (text: string) =>
    text
      .split(/(?<=[。；;！？])/)
      .filter((s) => !BLANK_WORD.test(s))
      .join("")
      .trim();
  const problems = n.problems
    .map((p) => ({ ...p, description: clean(p.description), cause: clean(p.cause) || CAUSE_MISSING }))
    .filter((p) => p.description.length > 0);
  const kept = new Set(problems.map((p) => p.ref));
  const improvements = n.improvements
    .map((m) => ({ ...m, measure: clean(m.measure) }))
    .filter((m) => m.measure.length > 0 && kept.has(m.problemRef));
  return { problems, improvements };
}

/** Adds the offline drafter's sentences for facts the model left out, so every deviation is covered. */
function completed(n: Narrative, input: DraftInput, notes: string[]): Narrative {
  const covered = new Set(n.problems.map((p) => p.ref));
  const missing = input.facts.filter((f) => !covered.has(f.ref));
  if (missing.length === 0) return n;
  const extra = offlineNarrative({ ...input, facts: missing });
  notes.push(
    `模型未写到的 ${missing.length} 项偏差由离线模板补写：${missing.map((f) => f.indicator).join("、")}`,
  );
  return {
    problems: [...n.problems, ...extra.problems],
    improvements: [...n.improvements, ...extra.improvements],
  };
}

/**
 * Drafts sections 五 and 六. With an LLM: structured output (json_schema) first; on a 400 that refuses
 * it, JSON mode with the schema in the prompt; an answer that does not validate gets one repair round;
 * an answer that states numbers not in the data is regenerated once, then its offending sentences are
 * dropped and listed. Without an LLM, or when it keeps failing, the offline drafter writes it.
 */
export async function draftNarrative(input: DraftInput, llm: LlmConfig | null): Promise<NarrativeDraft> {
  if (input.facts.length === 0) return offline(input, ["没有需要说明的偏差"]);
  if (!llm) return offline(input, ["未配置大模型（OPENAI_API_KEY），由离线模板起草"]);
  const refs = input.facts.map((f) => f.ref);
  const allowed = allowedNumbers(input);
  const notes: string[] = [];
  let jsonMode = false;
  let messages: ChatMessage[] = narrativeMessages(input, { jsonMode });

  const ask = async (): Promise<string> => {
    try {
      const res = await chatCompletion(llm, {
        model: llm.model,
        temperature: 0.2,
        messages,
        response_format: jsonMode ? { type: "json_object" } : zodResponseFormat(NarrativeSchema, "narrative"),
      });
      return res.choices[0]?.message?.content ?? "";
    } catch (e) {
      if (!jsonMode && e instanceof BadRequestError) {
        // the server does not take json_schema: JSON mode, with the schema written into the prompt
        notes.push("服务端不支持结构化输出（json_schema），改用 JSON 模式");
        jsonMode = true;
        messages = narrativeMessages(input, { jsonMode });
        return ask();
      }
      throw e;
    }
  };
  // One answer, validated; a failing answer gets one repair round with the validation error.
  const validAnswer = async (): Promise<Narrative | null> => {
    const first = await ask();
    const v1 = validateAnswer(first, refs);
    if (v1.ok) {
      messages = [...messages, { role: "assistant", content: first }];
      return v1.value;
    }
    notes.push(`模型输出不符合格式，已要求修正：${firstLine(v1.error)}`);
    messages = [...messages, { role: "assistant", content: first }, repairMessage(v1.error)];
    const second = await ask();
    const v2 = validateAnswer(second, refs);
    if (!v2.ok) return null;
    messages = [...messages, { role: "assistant", content: second }];
    return v2.value;
  };

  try {
    let narrative = await validAnswer();
    if (!narrative) return offline(input, [...notes, "模型两次输出均不符合格式，改由离线模板起草"]);
    let bad = ungrounded(narrative, allowed);
    if (bad.length > 0) {
      notes.push(`模型输出含数据中没有的数字（${bad.flatMap((b) => b.numbers).join("、")}），已要求重写`);
      messages = [...messages, groundingMessage(bad.flatMap((b) => b.numbers))];
      const again = await validAnswer();
      if (!again) return offline(input, [...notes, "重写后的输出不符合格式，改由离线模板起草"]);
      narrative = again;
      bad = ungrounded(narrative, allowed);
    }
    let dropped: Ungrounded[] = [];
    if (bad.length > 0) {
      dropped = bad;
      narrative = withoutUngrounded(narrative, bad);
      notes.push(`删去 ${bad.length} 句含无依据数字的句子`);
    }
    narrative = withoutBlankWords(completed(narrative, input, notes));
    return {
      ...narrative,
      source: "llm",
      model: llm.model,
      templateVersion: NARRATIVE_TEMPLATE.version,
      dropped,
      notes,
    };
  } catch (e) {
    return offline(input, [...notes, `大模型调用失败（${describeError(e, llm.apiKey)}），改由离线模板起草`]);
  }
}

/** Sections 五 and 六 as numbered lines, as the report prints them. */
export function narrativeLines(n: Narrative): { problems: string[]; improvements: string[] } {
  const end = (s: string) => s.replace(/[。；;，,]+$/, "");
  return {
    problems: n.problems.map((p, i) => {
      const cause = end(p.cause);
      const why = cause === CAUSE_MISSING ? cause : `原因为${cause.replace(/^原因(为|是)?/, "")}`;
      return `${i + 1}、${end(p.description)}，${why}${i === n.problems.length - 1 ? "。" : "；"}`;
    }),
    improvements: n.improvements.map(
      (m, i) => `${i + 1}、${end(m.measure)}${i === n.improvements.length - 1 ? "。" : "；"}`,
    ),
  };
}
