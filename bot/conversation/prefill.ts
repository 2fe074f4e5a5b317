import { decidableFindings, deviationsToExplain, findingId } from "./cursor.js";
import { type Draft, getAt } from "./draft.js";
import { questionsFor } from "./plan/index.js";
import type { EngineState } from "./state.js";

/**
 * Prefills the conversation from a report file: its figures become answers, its lists are taken as
 * complete, and only what is missing is asked. With `asWritten: false` (a seed from last year, see
 * seed.ts) only what is filled in counts as answered: every cleared figure is asked.
 */
export function prefill(
  s: EngineState,
  report: Draft,
  opts: { asWritten: boolean } = { asWritten: true },
): EngineState {
  let state: EngineState = { ...s, draft: { ...s.draft, ...report }, pending: null };
  // a report file is complete as written: every list in it is finished (closing one may reveal others)
  for (;;) {
    const open = questionsFor(state.draft, new Set(state.closed)).filter(
      (q) =>
        q.list !== undefined &&
        (opts.asWritten || ((getAt(state.draft, q.list) as unknown[] | undefined)?.length ?? 0) > 0),
    );
    if (open.length === 0) break;
    state = { ...state, closed: [...state.closed, ...open.map((q) => q.list as string)] };
  }
  // a file is complete as written: its figures, its blanks (optional fields) and its links; causes given
  const causes = new Set(
    ((getAt(state.draft, "causes") as { ref: string }[] | undefined) ?? []).map((c) => c.ref),
  );
  const present = questionsFor(state.draft, new Set(state.closed), deviationsToExplain(state.draft))
    .filter(
      (q) =>
        q.list === undefined &&
        (q.answer.kind === "cause"
          ? causes.has(q.answer.ref) // a deviation without a cause is asked: the narrative needs it
          : (q.answer.kind === "columns"
              ? // a seeded row holds only last year's 决算数 as 上年决算数: this year's columns are still asked
                opts.asWritten ||
                (getAt(state.draft, `${q.key}.current`) ?? getAt(state.draft, `${q.key}.budget`)) !==
                  undefined
              : getAt(state.draft, q.key) !== undefined) ||
            (opts.asWritten &&
              (q.optional ||
                q.answer.kind === "links" ||
                (q.answer.kind === "choice" && q.answer.values?.includes(undefined) === true)))),
    )
    .map((q) => q.key);
  const filled: EngineState = { ...state, answered: [...new Set([...state.answered, ...present])] };
  // the file's own inconsistencies are listed by /check; they do not interrupt the next answer
  const known = decidableFindings(filled).map(findingId);
  return { ...filled, acknowledged: [...new Set([...filled.acknowledged, ...known])] };
}
