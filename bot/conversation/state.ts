import type { ImportedFile, ImportedItem } from "../../core/imported.js";
import type { Report } from "../../core/report.js";
import type { Draft } from "./draft.js";
import type { DraftText, NarrativeReview } from "./review.js";

/**
 * The conversation state: plain, versioned JSON, so it survives restarts, deploys and edits. What is
 * asked next is derived from it (the first unanswered question of the plan), never stored.
 */
export interface EngineState {
  v: 1;
  draft: Draft;
  /** keys answered (a skipped question counts as answered, blank) */
  answered: string[];
  /** lists the user has finished */
  closed: string[];
  /** keys in the order they were answered, for /back */
  history: string[];
  /** inconsistencies the user chose to keep for now (rule + first place) */
  acknowledged: string[];
  /** a follow-up the next message answers */
  pending: Pending | null;
  /** the draft of sections 五 and 六 under review (see /draft), if any */
  review?: NarrativeReview;
  /** the section /goto moved to: asked first while it has unanswered questions */
  focus?: string;
  /** a Word or Excel file read in, waiting for the user to confirm what it holds (see officeImport.ts) */
  officeImport?: PendingImport;
  /** the question /edit reopened: asked even when it would pass by itself (a direction already read) */
  editing?: string;
}

/** Several values from one message, waiting for the one tap that stores them (see batch.ts). */
export interface Batch {
  /** the question the message answered */
  at: string;
  /** the table shown, one line per value */
  rows: string[];
  /** the writes, in order (a list item is written whole) */
  sets: { key: string; value: unknown }[];
  /** the places it fills: their questions count as answered */
  scopes: string[];
  /** questions it leaves blank ("-" in a row of values) */
  blank: string[];
  /** lists it finishes */
  closed: string[];
  /** lists given with their parts: no "哪几项还有明细" question */
  flat?: string[];
  /** a list whose items may still have parts: the user may say so when confirming */
  nested?: string;
}

/**
 * A follow-up the next message answers:
 * - `mismatch`: figures that do not agree — which one to correct (or keep them for now); `ids` are the
 *   inconsistencies shown together (kept together);
 * - `batch`: several values from one message, waiting for the one tap that stores them;
 * - `final`: /pdf 定稿 with errors still open or declared scores that differ from the computed ones;
 * - `choose`: /edit matched several places — which one.
 */
export type Pending =
  | { kind: "mismatch"; id: string; ids?: string[]; options: { label: string; key: string }[] }
  | { kind: "batch"; batch: Batch }
  | { kind: "final"; stage: "errors" | "scores" | "reason"; path: string }
  | { kind: "choose"; options: { label: string; key: string }[] };

/** What a Word or Excel file holds, offered figure by figure until the user confirms (officeImport.ts). */
export interface PendingImport {
  file: string;
  /** last year's report (seeded as /seed does) or this year's figures */
  mode: "lastYear" | "thisYear";
  /** the year the file reports on, and the report's year after the import */
  fileYear: number | null;
  year: number | null;
  unit: string | null;
  moneyUnit: string | null;
  /** the figures offered, numbered from 1 in this order */
  figures: ImportedItem[];
  /** names, texts and structure, applied with the figures confirmed */
  texts: ImportedItem[];
  /** last year's figures a transcription needs to be a report, cleared by the seed (never filled in) */
  support: ImportedItem[];
}

export interface Reply {
  text: string;
  /** choices to offer as buttons; typing the number or the text works too (see `inputs`) */
  options?: string[];
  /** what each option sends, when it is not its number or its text (a command: "/goto budget") */
  inputs?: string[];
  /** a file to hand over (a document in a chat, a file on disk in the terminal) */
  file?: { name: string; mime: string; content: string };
}

/** An accepted answer, for storage: the field, its new value and the one it replaced (JSON text). */
export interface AnswerChange {
  field: string;
  value: string | null;
  previous: string | null;
}

/**
 * What a step needs done that a pure function cannot do, for the adapter to carry out: draft sections
 * 五 and 六 (an LLM or the offline drafter; the draft comes back as a step input), answer a what-if
 * asked in plain words (an LLM reads it), render the report as a PDF, or as a Word document or Excel
 * workbook (`office`).
 */
export type Effect =
  | { kind: "draft"; report: Report }
  | { kind: "whatif"; text: string; report: Report }
  | { kind: "pdf"; report: Report; final: boolean; path: string }
  | { kind: "office"; format: "docx" | "xlsx"; report: Report; final: boolean; path: string };

/** The state after one message, what to say, the answers accepted (for storage) and what to do. */
export interface Outcome {
  state: EngineState;
  replies: Reply[];
  changes: AnswerChange[];
  effect?: Effect;
}

/** A step's outcome with what the conversation now waits for: everything an adapter needs. */
export interface StepResult extends Outcome {
  /** the question (its key), "pending:…" for a follow-up choice, or "done" (see `awaiting`) */
  awaiting: string;
  /** a short tag of `awaiting`: a button made now answers that question and no other */
  tag: string;
}

/**
 * What a step takes: a message (text, or the input a button stands for), or an event of the chat:
 * - `repeat`: say again what the conversation is waiting for (nothing changes);
 * - `import`: prefill from a report file (`asWritten`: complete as written) or a partial start;
 * - `seed`: last year's report as this year's starting point;
 * - `office`: a Word or Excel file read in (office/ recognised it): shown to confirm before it fills anything;
 * - `draft`: a draft of 五 and 六 arrived (asked for by a `draft` effect), with notes for the user;
 * - `status`: /status with who answered what (the adapter reads the answers' history).
 */
export type Input =
  | string
  | { kind: "repeat" }
  | { kind: "import"; draft: Draft; asWritten: boolean; note?: string }
  | { kind: "seed"; report: Report; note?: string }
  | { kind: "office"; file: string; found: ImportedFile }
  | { kind: "draft"; draft: DraftText; notes: string[] }
  | {
      kind: "status";
      arg: string;
      answers: { field: string; value: string | null; by: string }[];
      names: ReadonlyMap<string, string>;
    };

export function initialState(draft: Draft = {}): EngineState {
  return { v: 1, draft, answered: [], closed: [], history: [], acknowledged: [], pending: null };
}

/** A value as stored in an answer's history: JSON text, null for nothing. */
export const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Whether a stored value is a conversation state (of this version). */
export function isState(v: unknown): v is EngineState {
  return v !== null && typeof v === "object" && (v as { v?: unknown }).v === 1;
}
