import { narrativeLines, ungrounded, validateAnswer } from "../prompts/drafter.js";
import { allowedNumbers } from "../prompts/grounding.js";
import { draftInput } from "../prompts/input.js";
import { offlineNarrative } from "../prompts/offline.js";
import { narrativeMessages } from "../prompts/templates.js";
import type { BenchRow } from "./core.bench.js";
import { sampleReport } from "./sample.js";
import { summarize, timeRuns } from "./stats.js";

/**
 * Rough token count: one token per CJK character, one per four other characters. Tokenisers differ
 * (cl100k, DeepSeek, Qwen); this is an estimate for sizing, stated as such.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/g)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Prompt size for the sample, and the time the drafter adds around the LLM call. */
export function draftingBench(runs = 3000): BenchRow[] {
  const input = draftInput(sampleReport());
  const tokens = (jsonMode: boolean) =>
    estimateTokens(
      narrativeMessages(input, { jsonMode })
        .map((m) => m.content)
        .join("\n"),
    );
  const answer = JSON.stringify(offlineNarrative(input)); // a valid, grounded answer of realistic size
  const refs = input.facts.map((f) => f.ref);
  // everything the drafter does besides waiting for the server: build the prompt, validate, ground, format
  const around = () => {
    narrativeMessages(input, { jsonMode: false });
    const v = validateAnswer(answer, refs);
    if (!v.ok) throw new Error(v.error);
    if (ungrounded(v.value, allowedNumbers(input)).length > 0) throw new Error("ungrounded");
    return narrativeLines(v.value);
  };
  const s = summarize(timeRuns(around, runs));
  return [
    {
      name: "drafting: prompt size for the sample, structured output (estimated tokens)",
      unit: "tokens",
      median: tokens(false),
      p99: tokens(false),
      n: 1,
      note: "1 token per CJK character + 1 per 4 other characters",
    },
    {
      name: "drafting: prompt size for the sample, JSON mode with schema in prompt (estimated tokens)",
      unit: "tokens",
      median: tokens(true),
      p99: tokens(true),
      n: 1,
    },
    {
      name: "drafting: time added around the LLM call (prompt, zod validation, grounding, formatting)",
      unit: "ms",
      median: s.median,
      p99: s.p99,
      n: s.n,
      target: "≤ 20 ms median",
    },
  ];
}
