import { next } from "./asking.js";
import { type Draft, getAt, materialize, setAt } from "./draft.js";
import {
  ADOPT,
  computedScores,
  FINAL_ANYWAY,
  finalPrompt,
  KEEP,
  NOT_FINAL,
  openErrorMessages,
  scoreDifferences,
} from "./final.js";
import { isNo, isYes } from "./intent.js";
import { type AnswerChange, type EngineState, json, type Outcome } from "./state.js";

/** The /pdf 定稿 dialogue, step by step (see final.ts). */

const same = (s: EngineState, replies: Outcome["replies"]): Outcome => ({ state: s, replies, changes: [] });

/** The final PDF of the report as it now stands. */
function final(s: EngineState, path: string, changes: AnswerChange[] = [], said?: string): Outcome {
  const state = { ...s, pending: null };
  const report = materialize(state.draft);
  if (!report) return same(state, [{ text: "报告还没有单位名称和年度，不能定稿。" }]);
  return {
    state,
    replies: said ? [{ text: said }] : [],
    changes,
    effect: { kind: "pdf", report, final: true, path },
  };
}

/** /pdf 定稿: straight to the PDF when nothing is open; else the errors, then the scores, are put first. */
export function startFinal(s: EngineState, path: string): Outcome {
  const report = materialize(s.draft);
  if (!report) return same(s, [{ text: "请先填写单位名称、年度和金额单位，再生成 PDF。" }]);
  const stage =
    openErrorMessages(report).length > 0 ? "errors" : scoreDifferences(report).length > 0 ? "scores" : null;
  if (!stage) return final(s, path);
  const state: EngineState = { ...s, pending: { kind: "final", stage, path } };
  return same(state, [finalPrompt(state, stage)]);
}

/** An answer within the dialogue; null when it is not one (a command, say). */
export function resolveFinal(s: EngineState, input: string): Outcome | null {
  const p = s.pending;
  if (p?.kind !== "final") return null;
  const t = input.trim();
  const cancel = () => {
    const state = { ...s, pending: null };
    return same(state, next(state, [{ text: "好的，没有定稿。改好后再发送 /pdf 定稿。" }]));
  };
  if (p.stage === "errors") {
    if (t === NOT_FINAL || t === "2" || isNo(t)) return cancel();
    if (t !== FINAL_ANYWAY && t !== "1" && !isYes(t)) return same(s, [finalPrompt(s, "errors")]);
    const report = materialize(s.draft);
    if (report && scoreDifferences(report).length > 0) {
      const state: EngineState = { ...s, pending: { ...p, stage: "scores" } };
      return same(state, [finalPrompt(state, "scores")]);
    }
    return final(s, p.path);
  }
  if (p.stage === "scores") {
    if (t === NOT_FINAL || t === "3") return cancel();
    if (t === ADOPT || t === "1") return adopt(s, p.path);
    if (t === KEEP || t === "2" || /^保留/u.test(t)) {
      const state: EngineState = { ...s, pending: { ...p, stage: "reason" } };
      return same(state, [finalPrompt(state, "reason")]);
    }
    return same(s, [finalPrompt(s, "scores")]);
  }
  if (t === "" || t.startsWith("/")) return null;
  return keep(s, p.path, t);
}

function adopt(s: EngineState, path: string): Outcome {
  const report = materialize(s.draft);
  if (!report) return cancelled(s);
  let draft: Draft = s.draft;
  const changes: AnswerChange[] = [];
  for (const { key, value } of computedScores(report)) {
    changes.push({ field: key, value: json(value), previous: json(getAt(draft, key)) });
    draft = setAt(draft, key, value);
  }
  const total = changes.find((c) => c.field === "selfEvaluation.declaredTotal")?.value ?? "";
  return final({ ...s, draft }, path, changes, `已采用计算结果：自评总分 ${JSON.parse(total || '""')}。`);
}

function keep(s: EngineState, path: string, reason: string): Outcome {
  const report = materialize(s.draft);
  if (!report) return cancelled(s);
  const refs = scoreDifferences(report).map((d) => d.ref);
  const causes = ((getAt(s.draft, "causes") as { ref: string; text: string }[] | undefined) ?? []).filter(
    (c) => !refs.includes(c.ref),
  );
  const changes = refs.map((ref) => ({ field: `causes.${ref}`, value: json(reason), previous: null }));
  const draft = setAt(s.draft, "causes", [...causes, ...refs.map((ref) => ({ ref, text: reason }))]);
  return final({ ...s, draft }, path, changes, "已保留自评得分，理由已记下。");
}

function cancelled(s: EngineState): Outcome {
  return same({ ...s, pending: null }, [{ text: "报告还没有单位名称和年度，不能定稿。" }]);
}
