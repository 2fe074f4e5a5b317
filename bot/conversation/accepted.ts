import type { Draft } from "./draft.js";
import type { AnswerChange } from "./state.js";

/** What an answer changes: the draft, the finished lists, the history, the answers to store. */
export interface Accepted {
  draft: Draft;
  closed: string[];
  history: string[];
  changes: AnswerChange[];
  /** other questions it answers too (a name typed with its amount) */
  also: string[];
  note?: string;
}
