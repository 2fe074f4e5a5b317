import { checkContext, type Finding, runChecks } from "../../core/checks/index.js";
import { buildDeviations, NARRATED_KINDS } from "../../core/deviations.js";
import { type Draft, getAt, materialize } from "./draft.js";
import { causeQuestions as causeQuestionList, type Question, questionsFor } from "./plan/index.js";
import type { EngineState } from "./state.js";

/**
 * Where the conversation stands: the plan of questions for the state (with the cause questions once
 * 附件1-2 is done), the question being asked, and the inconsistencies that became decidable.
 */
type ToExplain = { ref: string; text: string; label?: string };
const DEVIATIONS = new WeakMap<Draft, ToExplain[]>();
const PLANS = new WeakMap<EngineState, Question[]>();
const DEVIATIONS_BY_CONTENT = new Map<string, ToExplain[]>();

/**
 * The deviations whose cause the staff are asked: those sections 五 and 六 are drafted from (rows not met,
 * late, far over, 执行率 < 100%, and the year's money or work short of its plan that the plausibility
 * rules found).
 */
export function deviationsToExplain(draft: Draft): ToExplain[] {
  const cached = DEVIATIONS.get(draft);
  if (cached) return cached;
  // these deviations depend on 附件1-2 (rows, funds), the scoring settings and, for the plausibility
  // rules, the prose's figures and 附件1-1: an answer elsewhere in the form leaves them as they were
  const key = JSON.stringify(
    ["selfEvaluation", "scoring", "unit", "performance", "governmentFunds", "basicData"].map((k) =>
      getAt(draft, k),
    ),
  );
  let list = DEVIATIONS_BY_CONTENT.get(key);
  if (!list) {
    const report = materialize(draft);
    const ctx = report && checkContext(report);
    list =
      ctx && report.selfEvaluation.indicators.some((g) => g.subgroups.some((sg) => sg.rows.length > 0))
        ? // rows, 执行率 and the plausibility rules: the form's arithmetic is no cause to ask
          buildDeviations(
            report,
            ctx,
            runChecks(report, ctx, (rule) => rule.id.startsWith("plausible.")),
          )
            .filter((d) => NARRATED_KINDS.includes(d.kind))
            // a finding's ref names its rule and path: its question is named by its subject
            .map((d) => ({
              ref: d.ref,
              text: d.message,
              label: d.indicator,
            }))
        : [];
    if (DEVIATIONS_BY_CONTENT.size > 200) DEVIATIONS_BY_CONTENT.clear();
    DEVIATIONS_BY_CONTENT.set(key, list);
  }
  DEVIATIONS.set(draft, list);
  return list;
}

export function plan(s: EngineState): Question[] {
  const cached = PLANS.get(s);
  if (cached) return cached;
  // The causes are asked after 附件1-2, from the deviations it produces: computed only once the
  // conversation gets there, not on every answer before it.
  const closed = new Set(s.closed);
  const base = questionsFor(s.draft, closed);
  const answered = new Set(s.answered);
  const first = base.find((q) => !answered.has(q.key));
  let p = base;
  if (!first || first.section === "narrative") {
    // the cause questions open the narrative section (where questionsFor puts them): spliced in, not rebuilt
    const at = base.findIndex((q) => q.section === "narrative");
    p = [...base.slice(0, at), ...causeQuestionList(deviationsToExplain(s.draft)), ...base.slice(at)];
  }
  PLANS.set(s, p);
  return p;
}

/** The question being asked: the first of the plan not answered yet; null when all are. */
export function currentQuestion(s: EngineState): Question | null {
  const answered = new Set(s.answered);
  const p = plan(s);
  const focused = s.focus ? p.find((q) => q.section === s.focus && !answered.has(q.key)) : undefined;
  return focused ?? p.find((q) => !answered.has(q.key)) ?? null;
}

export function findingId(f: Finding): string {
  return `${f.rule}:${f.places[0]?.path ?? ""}`;
}

/**
 * Inconsistencies that became decidable: every place involved is filled, no list they belong to is
 * still open, and the user has not chosen to keep them. Checked after every accepted answer.
 */
export function decidableFindings(s: EngineState): Finding[] {
  const report = materialize(s.draft);
  if (!report) return [];
  const openLists = plan(s)
    .filter((q) => q.list !== undefined)
    .map((q) => `${q.list}.`);
  const kept = new Set(s.acknowledged);
  // the form's own rules only: scores are not a matter of typing a figure wrong
  return runChecks(
    report,
    undefined,
    (rule) => rule.severity === "error" && !rule.id.startsWith("score."),
  ).filter(
    (f) =>
      f.severity === "error" &&
      !kept.has(findingId(f)) &&
      f.places.length > 1 &&
      f.places.every((p) => p.value !== null && !openLists.some((l) => p.path.startsWith(l))),
  );
}

/** Re-asks a field: it becomes unanswered, its value stays until the new answer replaces it. */
export function reopen(s: EngineState, key: string): EngineState {
  return { ...s, pending: null, answered: s.answered.filter((k) => k !== key) };
}

/** The form's name of a stored field ("单位名称"), for "who answered what"; the path when it is not asked. */
export function labelOf(s: EngineState, field: string): string {
  return plan(s).find((q) => q.key === field)?.label ?? field;
}
