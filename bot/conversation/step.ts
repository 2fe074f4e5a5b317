import { createHash } from "node:crypto";
import { answer, resolvePending } from "./answers.js";
import { awaiting, next, prompt } from "./asking.js";
import { command, isWhatIfQuestion } from "./commands.js";
import { currentQuestion } from "./cursor.js";
import { materialize } from "./draft.js";
import { offerImport, resolveImport } from "./officeImport.js";
import { prefill } from "./prefill.js";
import { withDraft } from "./reviewSteps.js";
import { seedFromLastYear } from "./seed.js";
import type { EngineState, Input, Outcome, Reply, StepResult } from "./state.js";
import { status, whoAnswered } from "./status.js";

/**
 * One step of the conversation: a message or an event in, the new state, what to say, the answers
 * accepted and what the conversation now waits for out. Pure and deterministic: the same state and
 * input give the same result. This is all a chat adapter calls (with the state and reply types).
 */
export function step(s: EngineState, input: Input): StepResult {
  const r = typeof input === "string" ? message(s, input) : event(s, input);
  const waiting = awaiting(r.state);
  return { ...r, awaiting: waiting, tag: tagOf(waiting) };
}

/** A short tag of what a state waits for: a button answers that question or none. */
export function tagOf(awaited: string): string {
  return createHash("sha256").update(awaited).digest("hex").slice(0, 8);
}

/** A typed message: a command ("/status"), the answer to a pending choice, or the answer to the question. */
function message(s: EngineState, input: string): Outcome {
  const text = input.trim();
  const cmd = /^\/(\w+)(?:@\w+)?\s*(.*)$/s.exec(text);
  if (cmd) return command(s, (cmd[1] as string).toLowerCase(), (cmd[2] ?? "").trim());
  const imported = resolveImport(s, text);
  if (imported) return imported;
  const resolved = resolvePending(s, text);
  if (resolved) return resolved;
  if (isWhatIfQuestion(s, text)) {
    const report = materialize(s.draft);
    if (report) return { state: s, replies: [], changes: [], effect: { kind: "whatif", text, report } };
  }
  // a message that is not one of the offered choices answers the question; the inconsistency is kept
  // (still listed by /check) rather than asked about again after every answer
  const base: EngineState = s.pending
    ? { ...s, pending: null, acknowledged: [...s.acknowledged, s.pending.id] }
    : s;
  const q = currentQuestion(base);
  if (!q) return { state: base, replies: next(base), changes: [] };
  return answer(base, q, input);
}

function event(s: EngineState, input: Exclude<Input, string>): Outcome {
  const same = (replies: Reply[]): Outcome => ({ state: s, replies, changes: [] });
  switch (input.kind) {
    case "repeat":
      return same([prompt(s)]);
    case "import": {
      const state = prefill(s, input.draft, { asWritten: input.asWritten });
      return { state, replies: filled(state, input.note), changes: [] };
    }
    case "office":
      return offerImport(s, input.file, input.found);
    case "seed": {
      const state = prefill(s, seedFromLastYear(input.report), { asWritten: false });
      return { state, replies: filled(state, input.note), changes: [] };
    }
    case "draft": {
      const r = withDraft(s, input.draft);
      const notes = input.notes.length > 0 ? [{ text: input.notes.join("\n") }] : [];
      return { ...r, replies: [...notes, ...r.replies] };
    }
    case "status":
      return same([status(s, input.arg), { text: whoAnswered(s, input.answers, input.names) }]);
  }
}

/** After a report file filled the conversation in: what it holds now, then the next question. */
function filled(s: EngineState, note: string | undefined): Reply[] {
  return [...(note ? [{ text: note }] : []), status(s, "")];
}
