import { type CheckContext, checkContext, type Finding, runChecks } from "./checks/index.js";
import { convertMoney, dec } from "./money.js";
import { indicatorRows } from "./places.js";
import { formatQuantity, magnitude } from "./quantity.js";
import { Ratio } from "./ratio.js";
import type { IndicatorRow, Report } from "./report.js";
import { EXECUTION_ROW, type RowScore } from "./scoring.js";

export type DeviationKind =
  | "indicator"
  | "deadline"
  | "execution"
  | "far-exceeded"
  | "inconsistency"
  | "self-assessment"
  | "plan-gap"
  | "plausibility";

/**
 * One thing sections 五 and 六 must talk about: a row not fully met, a late deadline, 执行率 below
 * 100%, a failed consistency check, a target far exceeded, or a self-assessed score that differs from
 * the rules; and what the plausibility rules found: the year's work or money short of its plan
 * ("plan-gap", with its `topic`: money not arrived, money unused, work short, spending held down that
 * grew, staff over the establishment) or a claim the report's own figures do not bear out
 * ("plausibility"). `ref` is what a cause is filed under (`report.causes[].ref`).
 */
export interface Deviation {
  ref: string;
  kind: DeviationKind;
  /** for a plan-gap: what kind of shortfall it is, so that 五 and 六 can say it in a 财政 office's words */
  topic?: PlanGapTopic;
  indicator: string;
  target: string | null;
  actual: string | null;
  gap: { absolute: string | null; unit: string | null; relative: string | null };
  scoreLost: string | null;
  cause: string | null;
  message: string;
}

/**
 * What a plan-gap is: money planned that did not all arrive, money (of a goal, or arrived) left largely
 * unused, work done short of its plan, spending meant to be held down above its budget or last year,
 * staff above the establishment.
 */
export type PlanGapTopic = "arrival" | "spending" | "work" | "controlled" | "staff";

/** The kinds sections 五 and 六 are drafted from (and whose cause the staff are asked): shortfalls of the year. */
export const NARRATED_KINDS: readonly DeviationKind[] = [
  "indicator",
  "deadline",
  "execution",
  "far-exceeded",
  "plan-gap",
];

const HUNDRED = Ratio.of(100);

/**
 * The shortfall a plausibility finding tells, if it tells one of the year's work or money for 五/六:
 * spending held down that grew (and staff over the establishment); a plan against what arrived or was
 * done, when less arrived or was done; a goal's money or count short of its plan. A goal said completed
 * against its rows is a claim to correct (the rows are narrated themselves), and so is everything else.
 */
function topicOf(f: Finding): PlanGapTopic | null {
  const money = f.places[0]?.unit !== null && /元$/.test(f.places[0]?.unit ?? "");
  switch (f.rule) {
    case "plausible.controlled":
      return f.subject === "在职人员控制率" ? "staff" : "controlled";
    case "plausible.plan-actual":
      if (!f.difference?.startsWith("-")) return null;
      return f.implied?.startsWith("到位") ? "arrival" : money ? "spending" : "work";
    case "plausible.goals":
      if (f.places[0]?.path.startsWith("selfEvaluation.goals.")) return null;
      return money ? "spending" : "work";
    default:
      return null;
  }
}

/** What a goal's text plans, without its money ("计划投入70万元，安排5批次移民培训" → "安排5批次移民培训"). */
function goalWork(report: Report, f: Finding): string | null {
  const n = /^年度目标(\d+)$/.exec(f.subject)?.[1];
  const goal = n ? report.selfEvaluation.goals[Number(n) - 1] : undefined;
  if (!goal) return null;
  const work = goal.text.replace(/^计划(?:投入|安排|使用)?[\d.]+万?元[，,、；;]?/, "").trim();
  return work === "" ? null : work;
}

function plausibilityDeviation(
  report: Report,
  f: Finding,
  cause: string | null,
  narrate: boolean,
): Deviation {
  const unit = f.places[0]?.unit ?? null;
  const topic = narrate ? topicOf(f) : null;
  const work = topic && f.rule === "plausible.goals" ? goalWork(report, f) : null;
  return {
    ref: `${f.rule}:${f.places[0]?.path ?? ""}`,
    kind: topic ? "plan-gap" : "plausibility",
    ...(topic && { topic }),
    indicator: work ? `年度目标“${work}”` : f.subject,
    target: f.stated ?? null,
    actual: f.implied ?? null,
    gap: {
      absolute: f.difference?.replace(/^-/, "") ?? null,
      unit: unit === "%" ? "个百分点" : unit,
      relative: null,
    },
    scoreLost: null,
    cause,
    message: f.message,
  };
}

/**
 * The plausibility findings as deviations: each shortfall of the year narrated once — the first finding
 * of a pair of figures tells it, a later one about the same two figures is listed as a claim only.
 */
function plausibilityDeviations(
  report: Report,
  findings: Finding[],
  causes: Map<string, string>,
): Deviation[] {
  const told = new Set<string>();
  return findings
    .filter((f) => f.kind === "plausibility")
    .map((f) => {
      const pair = f.places
        .slice(0, 2)
        .map((p) => p.path)
        .join("|");
      const narrate = topicOf(f) !== null && !told.has(pair);
      if (narrate) told.add(pair);
      return plausibilityDeviation(
        report,
        f,
        causes.get(`${f.rule}:${f.places[0]?.path ?? ""}`) ?? null,
        narrate,
      );
    });
}

function rowGap(row: IndicatorRow, scored: RowScore): Deviation["gap"] {
  if (scored.late) {
    return scored.late.monthsLate !== null
      ? { absolute: String(scored.late.monthsLate), unit: "个月", relative: null }
      : { absolute: String(scored.late.daysLate), unit: "天", relative: null };
  }
  const actual = row.actual;
  if (!actual || !("value" in row.target) || !("value" in actual))
    return { absolute: null, unit: null, relative: null };
  const t = magnitude(row.target);
  const a = magnitude(actual);
  if (!t || !a || t.dim !== a.dim) return { absolute: null, unit: null, relative: null };
  // the gap in the row's own unit: target − actual (≥ rows short), actual − target (≤ rows over, far-exceeded)
  const tv = dec(row.target.value);
  const av =
    row.target.kind === "money" && actual.kind === "money"
      ? convertMoney(dec(actual.value), actual.unit, row.target.unit)
      : dec(actual.value);
  const abs = (row.rule === ">=" && !scored.farExceeded ? tv.minus(av) : av.minus(tv)).abs();
  const unit = row.target.kind === "percent" ? "个百分点" : "unit" in row.target ? row.target.unit : null;
  const relative = tv.isZero()
    ? null
    : Ratio.fromDecimal(abs).div(Ratio.fromDecimal(tv.abs())).mul(HUNDRED).toFixed(2);
  return { absolute: abs.toFixed(), unit, relative };
}

/**
 * Builds the deviations of a report from its scoring and its checks, each with the cause the staff
 * gave (or null when none was given yet).
 */
export function buildDeviations(
  report: Report,
  ctx: CheckContext = checkContext(report),
  findings: Finding[] = runChecks(report, ctx),
): Deviation[] {
  const causes = new Map(report.causes.map((c) => [c.ref, c.text]));
  const out: Deviation[] = [];
  const rowsById = new Map(indicatorRows(report).map((r) => [r.row.id, r.row]));
  const ex = ctx.score.execution;
  if (ex.rate?.lt(Ratio.ONE)) {
    const f = report.selfEvaluation.funds;
    out.push({
      ref: "execution",
      kind: "execution",
      indicator: "预算执行率",
      target: "100%",
      actual: `${ex.rate.mul(HUNDRED).toFixed(2)}%`,
      gap: {
        absolute: dec(f.fullBudget ?? "0")
          .minus(dec(f.executed ?? "0"))
          .toFixed(),
        unit: report.unit.moneyUnit,
        relative: Ratio.ONE.sub(ex.rate).mul(HUNDRED).toFixed(2),
      },
      scoreLost: ex.weight.sub(ex.score).toFixed(2),
      cause: causes.get("execution") ?? null,
      message: ex.explanation,
    });
  }
  for (const g of ctx.score.groups) {
    for (const r of g.rows) {
      // a row not filled in yet (or not comparable) is not a shortfall: the checks list it to fill or fix;
      // 执行率 as a row of a group is the execution deviation above
      if (r.status === "na" || r.status === "missing" || r.status === "invalid" || r.id === EXECUTION_ROW)
        continue;
      const row = rowsById.get(r.id) as IndicatorRow;
      const lost = r.weight.sub(r.score);
      if (lost.gt(Ratio.ZERO)) {
        out.push({
          ref: r.id,
          kind: r.status === "late" ? "deadline" : "indicator",
          indicator: r.name,
          target: formatQuantity(row.target),
          actual: row.actual ? formatQuantity(row.actual) : null,
          gap: rowGap(row, r),
          scoreLost: lost.toFixed(2),
          cause: causes.get(r.id) ?? null,
          message: r.explanation,
        });
      } else if (r.farExceeded) {
        out.push({
          ref: r.id,
          kind: "far-exceeded",
          indicator: r.name,
          target: formatQuantity(row.target),
          actual: row.actual ? formatQuantity(row.actual) : null,
          gap: rowGap(row, r),
          scoreLost: "0.00",
          cause: causes.get(r.id) ?? null,
          message: r.explanation,
        });
      }
    }
  }
  for (const f of findings) {
    if (f.kind === "plausibility") continue;
    const selfAssessment = f.rule === "score.declared-groups";
    const declaredForm = f.rule === "score.declared-total" || f.rule === "score.declared-grade";
    // row problems (values, tiers, far-exceeded) are deviations of their row already; the total repeats the groups
    if (f.rule.startsWith("score.") && !selfAssessment && !declaredForm) continue;
    if (f.severity !== "error" && !selfAssessment && !declaredForm) continue;
    const ref = `${f.rule}:${f.places[0]?.path ?? ""}`;
    out.push({
      ref,
      kind: selfAssessment ? "self-assessment" : "inconsistency",
      indicator: f.subject,
      target: null,
      actual: null,
      gap: {
        absolute: f.difference?.replace(/^-/, "") ?? null,
        unit: f.places[0]?.unit ?? null,
        relative: null,
      },
      scoreLost: null,
      cause: causes.get(ref) ?? null,
      message: f.message,
    });
  }
  out.push(...plausibilityDeviations(report, findings, causes));
  return out;
}
