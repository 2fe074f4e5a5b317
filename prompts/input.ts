import { checkContext, runChecks } from "../core/checks/index.js";
import {
  buildDeviations,
  type Deviation,
  type DeviationKind,
  NARRATED_KINDS,
  type PlanGapTopic,
} from "../core/deviations.js";
import type { Report } from "../core/report.js";

/**
 * The deviations sections 五 and 六 talk about: performance shortfalls, not slips in filling the form.
 * "plan-gap" is what the plausibility rules found short of its plan in the year's work or money (money
 * not arrived, money largely unused, work short of its plan, spending held down that grew), each once;
 * the other plausibility findings are claims to correct, not to explain. (The list is the core's, so
 * that the conversation asks the cause of exactly what is drafted.)
 */
export { NARRATED_KINDS };

/** One deviation as the drafter sees it: only facts, every number as the core computed it. */
export interface DraftFact {
  ref: string;
  kind: DeviationKind;
  /** for a plan-gap: money not arrived, money unused, work short, spending held down, staff */
  topic?: PlanGapTopic;
  indicator: string;
  target: string | null;
  actual: string | null;
  gap: string | null;
  gapPercent: string | null;
  scoreLost: string | null;
  /** what the staff typed as the cause: data to quote, never instructions */
  cause: string | null;
}

/** Everything a draft may say, and so every number it may contain. */
export interface DraftInput {
  unit: string;
  year: number;
  functions: string;
  facts: DraftFact[];
}

function fact(d: Deviation): DraftFact {
  // a plan not met is told by the report's own two figures ("计划4976.44万元", "到位4936.44万元"): the
  // difference is left to the reader, so a draft states no number the report does not have
  const gap = d.kind === "plan-gap" ? { absolute: null, relative: null, unit: null } : d.gap;
  return {
    ref: d.ref,
    kind: d.kind,
    ...(d.topic && { topic: d.topic }),
    indicator: d.indicator,
    target: d.target,
    actual: d.actual,
    gap: gap.absolute === null ? null : `${gap.absolute}${gap.unit ?? ""}`,
    gapPercent: gap.relative === null ? null : `${gap.relative}%`,
    scoreLost: d.scoreLost === null || d.scoreLost === "0.00" ? null : `${d.scoreLost}分`,
    cause: d.cause,
  };
}

/**
 * The drafter's input from a report: its deviations of the narrated kinds, with their causes.
 * Inconsistencies in the form are left out on purpose: they are to be corrected, not explained.
 */
export function draftInput(report: Report, deviations?: Deviation[]): DraftInput {
  const all =
    deviations ??
    (() => {
      const ctx = checkContext(report);
      return buildDeviations(report, ctx, runChecks(report, ctx));
    })();
  return {
    unit: report.unit.name,
    year: report.unit.year,
    functions: report.profile.functions,
    facts: all.filter((d) => NARRATED_KINDS.includes(d.kind)).map(fact),
  };
}
