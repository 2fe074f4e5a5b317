import { checkContext, runChecks } from "../core/checks/index.js";
import { buildDeviations, type Deviation, type DeviationKind } from "../core/deviations.js";
import type { Report } from "../core/report.js";

/** The deviations sections 五 and 六 talk about: performance shortfalls, not slips in filling the form. */
export const NARRATED_KINDS: readonly DeviationKind[] = [
  "indicator",
  "deadline",
  "execution",
  "far-exceeded",
];

/** One deviation as the drafter sees it: only facts, every number as the core computed it. */
export interface DraftFact {
  ref: string;
  kind: DeviationKind;
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
  return {
    ref: d.ref,
    kind: d.kind,
    indicator: d.indicator,
    target: d.target,
    actual: d.actual,
    gap: d.gap.absolute === null ? null : `${d.gap.absolute}${d.gap.unit ?? ""}`,
    gapPercent: d.gap.relative === null ? null : `${d.gap.relative}%`,
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
