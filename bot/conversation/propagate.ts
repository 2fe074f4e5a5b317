import { currentQuestion } from "./cursor.js";
import { getAt, setAt } from "./draft.js";
import { candidates } from "./links.js";
import { type AnswerChange, type EngineState, json } from "./state.js";
import { shownAnswer } from "./status.js";

/**
 * What the report already holds is not asked: a figure given once is taken over by the places that
 * repeat it (基本支出 in 二㈠, 附件1-1 and 附件1-2; 填报时间 of 附件1-1 in 附件1-2), and a question with nothing
 * to ask (no links to offer, a direction the 指标值 already gave) is passed over. Run after every step.
 */
export function propagate(s: EngineState): { state: EngineState; notes: string[]; changes: AnswerChange[] } {
  if (s.pending || s.officeImport) return { state: s, notes: [], changes: [] };
  let state = s;
  const notes: string[] = [];
  const changes: AnswerChange[] = [];
  const closed = new Set(s.closed);
  for (let guard = 0; guard < 400; guard++) {
    const carried = currentQuestion(state);
    const c = carried?.carry && carried.key !== state.editing ? carried.carry(state.draft) : null;
    if (carried && c) {
      changes.push({
        field: carried.key,
        value: json(c.value),
        previous: json(getAt(state.draft, carried.key)),
      });
      state = {
        ...state,
        draft: setAt(state.draft, carried.key, c.value),
        answered: [...state.answered, carried.key],
      };
      notes.push(`${carried.label}：${shownAnswer(carried, c.value)}（同${c.from}，不再另问）`);
      continue;
    }
    const q = carried;
    const nothing =
      q?.answer.kind === "links"
        ? candidates(state.draft, q.answer.scope).length === 0
        : (q?.skipIf?.(state.draft, closed) ?? false);
    if (q && nothing && q.key !== state.editing) {
      state = { ...state, answered: [...state.answered, q.key] };
      continue;
    }
    break;
  }
  return { state, notes, changes };
}
