import { createHash } from "node:crypto";
import { answer, resolveBatch } from "./answers.js";
import { awaiting, next, prompt, promptOf } from "./asking.js";
import { batchReply } from "./batch.js";
import { command, isWhatIfQuestion } from "./commands.js";
import { currentQuestion } from "./cursor.js";
import { materialize } from "./draft.js";
import { resolveFinal } from "./finalSteps.js";
import { resolveMismatch } from "./mismatch.js";
import { resolveChoose } from "./navigation.js";
import { offerImport, resolveImport } from "./officeImport.js";
import { prefill } from "./prefill.js";
import { propagate } from "./propagate.js";
import { withDraft } from "./reviewSteps.js";
import { seedFromLastYear } from "./seed.js";
import type { EngineState, Input, Outcome, Reply, StepResult } from "./state.js";
import { sectionStatus, status, whoAnswered } from "./status.js";

/**
 * One step of the conversation: a message or an event in, the new state, what to say, the answers
 * accepted and what the conversation now waits for out. Pure and deterministic: the same state and
 * input give the same result. This is all a chat adapter calls (with the state and reply types).
 */
export function step(s: EngineState, input: Input): StepResult {
  const r = typeof input === "string" ? message(s, input) : event(s, input);
  const done =
    typeof input === "string" || (input.kind !== "repeat" && input.kind !== "status") ? settle(s, r) : r;
  const waiting = awaiting(done.state);
  return { ...done, awaiting: waiting, tag: tagOf(waiting) };
}

/** A short tag of what a state waits for: a button answers that question or none. */
export function tagOf(awaited: string): string {
  return createHash("sha256").update(awaited).digest("hex").slice(0, 8);
}

/**
 * After a step: what the report already holds is filled in (see propagate.ts) and said; a section just
 * finished is shown whole before the next one starts; the last reply asks what is now asked.
 */
function settle(before: EngineState, r: Outcome): Outcome {
  const asked = currentQuestion(r.state);
  const last = r.replies.at(-1);
  const asksIt =
    asked !== null && last !== undefined && !last.options && last.text === promptOf(r.state, asked).text;
  const p = propagate(r.state);
  const now = currentQuestion(p.state);
  const was = currentQuestion(before);
  const finished =
    was &&
    now?.section !== was.section &&
    p.state.answered.length > before.answered.length &&
    !p.state.pending;
  if (p.state === r.state && !finished) return r;
  const extra: Reply[] = [
    ...(p.notes.length > 0 ? [{ text: p.notes.join("\n") }] : []),
    ...(finished && was
      ? [{ text: `${sectionStatus(p.state, was.section)}\n（这一部分填完了；要改哪一项用 /edit 名称）` }]
      : []),
  ];
  const replies =
    asksIt || (r.replies.length > 0 && last?.text === next(r.state).at(-1)?.text)
      ? [...r.replies.slice(0, -1), ...extra, ...next(p.state)]
      : [...r.replies, ...extra];
  return { ...r, state: p.state, replies, changes: [...r.changes, ...p.changes] };
}

/** A typed message: a command ("/status"), the answer to a pending choice, or the answer to the question. */
function message(s: EngineState, input: string): Outcome {
  const text = input.trim();
  const cmd = /^\/(\w+)(?:@\w+)?\s*(.*)$/s.exec(text);
  if (cmd) return command(s, (cmd[1] as string).toLowerCase(), (cmd[2] ?? "").trim());
  const imported = resolveImport(s, text);
  if (imported) return imported;
  const p = s.pending;
  if (p?.kind === "batch") {
    const reply = batchReply(text);
    if (reply) return resolveBatch(s, text, reply);
  }
  const settled =
    (p?.kind === "final" ? resolveFinal(s, text) : null) ??
    (p?.kind === "choose" ? resolveChoose(s, text) : null) ??
    (p?.kind === "mismatch" ? resolveMismatch(s, text) : null);
  if (settled) return settled;
  if (isWhatIfQuestion(s, text)) {
    const report = materialize(s.draft);
    if (report) return { state: s, replies: [], changes: [], effect: { kind: "whatif", text, report } };
  }
  // a message that is not one of the offered choices answers the question; an inconsistency is kept
  // (still listed by /check) rather than asked about again after every answer; a batch is dropped
  const base: EngineState = !p
    ? s
    : p.kind === "mismatch"
      ? { ...s, pending: null, acknowledged: [...s.acknowledged, ...(p.ids ?? [p.id])] }
      : { ...s, pending: null };
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
  return [...(note ? [{ text: note }] : []), status(s, ""), prompt(s)];
}
