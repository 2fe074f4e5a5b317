import { gradeOf, type ScoringConfig, scoringConfigOf } from "./config.js";
import { templateRow } from "./forms/registry.js";
import type { FormProfile } from "./forms/schema.js";
import type { Dec } from "./money.js";
import { Ratio } from "./ratio.js";
import type { IndicatorGroup, IndicatorRow, Report } from "./report.js";
import {
  type Measured,
  type RowHow,
  type RowStatus,
  rowHow,
  type ScoredRow,
  scoreBanded,
  scoreMiss,
  scoreRow,
} from "./rowScoring.js";

export type { RowHow, RowStatus, ScoredRow } from "./rowScoring.js";
export { rowHow, scoreRow, tierPercent } from "./rowScoring.js";

/** How one row of the indicator tree scored, with the arithmetic spelled out. */
export interface RowScore extends ScoredRow {
  groupId: string;
  group: string;
  subgroup: string;
  declared: Ratio | null;
  /** the unit's 得分系数, when the form has that column and the unit filled it in */
  declaredCoefficient: Ratio | null;
  /** the weight written for the row (before 不涉及 rows are dropped), or null when it shares its group's */
  statedWeight: Ratio | null;
}

export interface GroupScore {
  id: string;
  name: string;
  /** the weight written for the group */
  weight: Ratio;
  score: Ratio;
  declared: Ratio | null;
  /** the most its rows can score: the sum of their weights (after 不涉及 rows are dropped) */
  reachable: Ratio;
  rows: RowScore[];
}

/** The id of 执行率's row when the form makes it a row of a group (共性指标 tables). */
export const EXECUTION_ROW = "execution";

export interface ExecutionScore {
  /** 全年执行数 / 全年预算数 (or 调整后预算数), null when it cannot be computed. */
  rate: Ratio | null;
  /** its own line with its weight, or a row of a group (then its score is in that group's) */
  placement: "own" | "group";
  name: string;
  weight: Ratio;
  score: Ratio;
  status: RowStatus;
  declared: Ratio | null;
  explanation: string;
}

export interface ScoreResult {
  form: { id: string; name: string; kind: FormProfile["kind"] };
  execution: ExecutionScore;
  groups: GroupScore[];
  /** 执行率 score (its own line) + Σ group scores, exact. */
  total: Ratio;
  /** The total as shown and graded: rounded half-up to `totalDecimals`. */
  shownTotal: Dec;
  /** null when the report has no indicator rows yet: nothing to grade */
  grade: string | null;
  /** 执行率 weight (its own line) + Σ group weights (should be 100). */
  weightTotal: Ratio;
  /** the most the report can score: 执行率 weight + Σ the groups' reachable */
  reachable: Ratio;
  declared: {
    total: Ratio | null;
    grade: string | null;
    /** where the declared grade was read: the table, or the text of section 七 when the table leaves it blank */
    gradeSource: "selfEvaluation" | "otherNotes" | null;
  };
}

const HUNDRED = Ratio.of(100);
const f2 = (r: Ratio) => r.toFixed(2);
const pct = (r: Ratio) => `${r.mul(HUNDRED).toFixed(2)}%`;
const sum = (xs: Ratio[]) => xs.reduce((s, x) => s.add(x), Ratio.ZERO);

/**
 * Row weights of a list of rows sharing `weight` (a group's, or a 二级 subgroup's): explicit weights are
 * kept; rows without one share what is left equally ("根据一级指标总分值，在分值范围内对三级指标进行合理赋分");
 * rows that do not apply are dropped. When only explicitly weighted rows remain after some were dropped,
 * they are rescaled to the total their weights were written to; weights that do not add up to `weight`
 * are never rescaled (the weights check reports them). With `keepNotApplicable` the dropped rows keep
 * their share (the form rescales the whole report instead).
 */
export function rowWeights(
  rows: IndicatorRow[],
  weight: Ratio,
  keepNotApplicable = false,
  statedOf: (r: IndicatorRow) => string | undefined = (r) => r.weight,
): Map<string, Ratio> {
  const counted = keepNotApplicable ? rows : rows.filter((r) => r.applicable);
  const explicit = counted.filter((r) => statedOf(r) !== undefined);
  const implicit = counted.filter((r) => statedOf(r) === undefined);
  const w = (r: IndicatorRow) => Ratio.fromDecimal(statedOf(r) as string);
  const explicitSum = sum(explicit.map(w));
  const out = new Map<string, Ratio>();
  if (implicit.length > 0) {
    const rest = weight.sub(explicitSum);
    const share = rest.gt(Ratio.ZERO) ? rest.div(Ratio.of(implicit.length)) : Ratio.ZERO;
    for (const r of explicit) out.set(r.id, w(r));
    for (const r of implicit) out.set(r.id, share);
  } else if (explicit.length > 0) {
    const dropped = rows.filter((r) => !counted.includes(r));
    const written = sum(rows.filter((r) => statedOf(r) !== undefined).map(w));
    const scale = dropped.length > 0 && !explicitSum.isZero() ? written.div(explicitSum) : Ratio.ONE;
    for (const r of explicit) out.set(r.id, w(r).mul(scale));
  }
  for (const r of rows) if (!out.has(r.id)) out.set(r.id, Ratio.ZERO);
  return out;
}

/** The 执行率 rate: 全年执行数 ÷ 全年预算数 (or 调整后预算数); a reason when it cannot be computed. */
function executionRate(report: Report, config: ScoringConfig): { rate: Ratio; text: string } | string {
  const f = report.selfEvaluation.funds;
  const divisorName = config.executionDivisor === "adjustedBudget" ? "调整后预算数" : "全年预算数";
  const divisor = config.executionDivisor === "adjustedBudget" ? f.adjustedBudget : f.fullBudget;
  if (divisor === undefined || f.executed === undefined) return `${divisorName}或全年执行数未填写，暂计 0 分`;
  const budget = Ratio.fromDecimal(divisor);
  if (budget.lte(Ratio.ZERO)) return `${divisorName}为 0，无法计算执行率，暂计 0 分`;
  const rate = Ratio.fromDecimal(f.executed).div(budget);
  return { rate, text: `执行率 = ${f.executed} / ${divisor} = ${pct(rate)}` };
}

/**
 * 预算执行率 score: proportional by default, min(执行率, 100%) × weight (76% → 7.6 of 10); or by the
 * form's method against 100% (per-point deductions, bands).
 */
export function scoreExecution(report: Report, config: ScoringConfig): ExecutionScore {
  const f = report.selfEvaluation.funds;
  const weight = config.executionWeight;
  const declared = f.declaredScore === undefined ? null : Ratio.fromDecimal(f.declaredScore);
  // every field named once (no spread): this runs on every review
  const out = (rate: Ratio | null, score: Ratio, status: RowStatus, explanation: string): ExecutionScore => ({
    rate,
    placement: config.executionPlacement,
    name: config.executionName,
    weight,
    score,
    status,
    declared,
    explanation,
  });
  const r = executionRate(report, config);
  if (typeof r === "string") return out(null, Ratio.ZERO, "missing", r);
  const { rate, text } = r;
  const method = config.executionMethod;
  if (method.kind === "proportional" || method.kind === "tier") {
    const capped = rate.min(Ratio.ONE).max(Ratio.ZERO);
    const score = capped.mul(weight);
    const over = rate.gt(Ratio.ONE) ? "（超过100%按100%计）" : "";
    const status = rate.gte(Ratio.ONE) ? "met" : "short";
    return out(rate, score, status, `${text}${over}，得分 ${pct(capped)} × ${f2(weight)} = ${f2(score)}`);
  }
  const m: Measured = {
    rule: ">=",
    t: HUNDRED,
    a: rate.mul(HUNDRED),
    one: Ratio.ONE,
    gapUnit: "个百分点",
    shown: text,
  };
  const how: RowHow = { method, nominal: Ratio.fromDecimal(config.profile.execution.weight) };
  if (method.kind === "banded") {
    const b = scoreBanded(m, weight, how as RowHow & { method: { kind: "banded" } });
    return out(rate, b.score, b.status, b.explanation);
  }
  if (m.a.gte(m.t)) return out(rate, weight, "met", `${text}，已完成 → 满分 ${f2(weight)}`);
  const miss = scoreMiss(m, weight, how);
  return out(rate, miss.score, miss.status, miss.explanation);
}

/** The 执行率 row of a group, when the form puts it there (its score is the execution's). */
function executionRow(config: ScoringConfig, ex: ExecutionScore): IndicatorRow {
  return {
    id: EXECUTION_ROW,
    name: ex.name,
    rule: ">=",
    target: { kind: "percent", value: "100" },
    actual: ex.rate === null ? null : { kind: "percent", value: ex.rate.mul(HUNDRED).toFixed(2) },
    weight: config.executionWeight.toExactDecimal()?.toFixed() ?? config.executionWeight.toFixed(6),
    applicable: true,
  };
}

type Placed = { row: IndicatorRow; subgroup: string; weight: Ratio };

/**
 * The rows of a group with their weights: by 二级 subgroup when the group's subgroups have weights
 * (written in the report, or given by the form), else over the whole group.
 */
function placedRows(g: IndicatorGroup, config: ScoringConfig, ex: ExecutionScore, keepNa: boolean): Placed[] {
  const template = config.profile.indicators.groups.find((t) => t.name === g.name || t.id === g.id);
  const exAt = config.executionGroup;
  const subgroups = g.subgroups.map((s) => {
    const rows =
      exAt && exAt.group === g.name && exAt.subgroup === s.name
        ? [executionRow(config, ex), ...s.rows]
        : s.rows;
    const stated = s.weight ?? template?.subgroups.find((t) => t.name === s.name)?.weight;
    return { name: s.name, rows, stated };
  });
  const groupWeight = Ratio.fromDecimal(g.weight);
  const statedOf = (r: IndicatorRow) => r.weight ?? templateRow(config.profile, r.id)?.weight;
  if (!subgroups.some((s) => s.stated !== undefined)) {
    const all = subgroups.flatMap((s) =>
      s.rows.map((row) => ({ row, subgroup: s.name, weight: Ratio.ZERO })),
    );
    const weights = rowWeights(
      all.map((x) => x.row),
      groupWeight,
      keepNa,
      statedOf,
    );
    // in place, no spread: this runs for every row of every review
    for (const x of all) x.weight = weights.get(x.row.id) ?? Ratio.ZERO;
    return all;
  }
  const shares = rowWeights(
    subgroups.map((s, i) => ({
      id: String(i),
      name: s.name,
      rule: ">=",
      target: { kind: "number", value: "0" },
      actual: null,
      applicable: keepNa || s.rows.length === 0 || s.rows.some((r) => r.applicable),
      weight: s.stated,
    })),
    groupWeight,
  );
  return subgroups.flatMap((s, i) => {
    const weights = rowWeights(s.rows, shares.get(String(i)) ?? Ratio.ZERO, keepNa, statedOf);
    return s.rows.map((row) => ({ row, subgroup: s.name, weight: weights.get(row.id) ?? Ratio.ZERO }));
  });
}

/** Scores the whole report: every row, every group, 执行率, the total and the grade, beside the declared ones. */
export function computeScore(report: Report, config: ScoringConfig = scoringConfigOf(report)): ScoreResult {
  const execution = scoreExecution(report, config);
  const keepNa = config.notApplicable === "total";
  const placed = report.selfEvaluation.indicators.map((g) => placedRows(g, config, execution, keepNa));
  const factor = keepNa ? wholeFactor(placed) : null;
  const groups: GroupScore[] = report.selfEvaluation.indicators.map((g, gi) => {
    const rows = (placed[gi] as Placed[]).map((p) => rowScore(p, g, factor, config, execution));
    return {
      id: g.id,
      name: g.name,
      weight: Ratio.fromDecimal(g.weight),
      score: sum(rows.map((r) => r.score)),
      declared: g.declaredScore === undefined ? null : Ratio.fromDecimal(g.declaredScore),
      reachable: sum(rows.map((r) => r.weight)),
      rows,
    };
  });
  const own = execution.placement === "own";
  const total = groups.reduce((s, g) => s.add(g.score), own ? execution.score : Ratio.ZERO);
  const shownTotal = total.roundHalfUp(config.totalDecimals);
  const se = report.selfEvaluation;
  const declaredGrade = se.declaredGrade ?? report.otherNotes.statedGrade ?? null;
  const rowCount = groups.reduce((n, g) => n + g.rows.filter((r) => r.id !== EXECUTION_ROW).length, 0);
  const ownWeight = own ? execution.weight : Ratio.ZERO;
  return {
    form: { id: config.profile.id, name: config.profile.name, kind: config.profile.kind },
    execution,
    groups,
    total,
    shownTotal,
    grade: rowCount === 0 ? null : gradeOf(config, Ratio.fromDecimal(shownTotal)),
    weightTotal: groups.reduce((s, g) => s.add(g.weight), ownWeight),
    reachable: groups.reduce((s, g) => s.add(g.reachable), ownWeight),
    declared: {
      total: se.declaredTotal === undefined ? null : Ratio.fromDecimal(se.declaredTotal),
      grade: declaredGrade,
      gradeSource: se.declaredGrade ? "selfEvaluation" : report.otherNotes.statedGrade ? "otherNotes" : null,
    },
  };
}

/**
 * The form rescales the whole report for 不涉及 rows ("用适用指标得分汇总后按百分制折算"): every row that
 * applies is weighted up by Σ all rows' weights ÷ Σ the applying rows' weights.
 */
function wholeFactor(placed: Placed[][]): Ratio {
  const all = sum(placed.flat().map((p) => p.weight));
  const applying = sum(
    placed
      .flat()
      .filter((p) => p.row.applicable)
      .map((p) => p.weight),
  );
  return applying.isZero() ? Ratio.ONE : all.div(applying);
}

/** One placed row scored (the 执行率 row from the execution's score), with its 得分系数 when the form has one. */
function rowScore(
  p: Placed,
  g: IndicatorGroup,
  /** the whole report's rescaling for 不涉及 rows, or null (most forms rescale within the group) */
  factor: Ratio | null,
  config: ScoringConfig,
  ex: ExecutionScore,
): RowScore {
  const row = p.row;
  const weight = !row.applicable ? Ratio.ZERO : factor ? p.weight.mul(factor) : p.weight;
  // every field named once (no spread of the row's result): this runs for every row of every review
  const r: ScoredRow =
    row.id === EXECUTION_ROW
      ? {
          id: row.id,
          name: row.name,
          rule: row.rule,
          weight,
          // its weight may be rescaled (不涉及 rows beside it, or the whole report's): its score alike
          score: ex.weight.isZero() ? Ratio.ZERO : ex.score.mul(weight).div(ex.weight),
          status: ex.status,
          achieved: ex.rate,
          farExceeded: false,
          tier: null,
          tierAssumed: false,
          late: null,
          method: config.executionMethod.kind,
          coefficient: null,
          explanation:
            factor === null && !weight.eq(ex.weight)
              ? `${ex.explanation}（同组不涉及的行已剔除，本行分值按比例调整为 ${f2(weight)}，得分 ${f2(ex.score.mul(weight).div(ex.weight))}）`
              : ex.explanation,
        }
      : scoreRow(row, weight, config, rowHow(row, config));
  let score = r.score;
  let coefficient: Ratio | null = null;
  let explanation = r.explanation;
  if (config.coefficientDecimals !== null && row.applicable && weight.gt(Ratio.ZERO)) {
    coefficient = score.div(weight).rounded(config.coefficientDecimals);
    score = coefficient.mul(weight);
    explanation = `${explanation}；得分系数 ${coefficient.toFixed(config.coefficientDecimals)}，得分 = ${coefficient.toFixed(config.coefficientDecimals)} × ${f2(weight)} = ${f2(score)}`;
  }
  return {
    id: r.id,
    name: r.name,
    rule: r.rule,
    weight: r.weight,
    achieved: r.achieved,
    farExceeded: r.farExceeded,
    tier: r.tier,
    tierAssumed: r.tierAssumed,
    late: r.late,
    method: r.method,
    coefficient,
    score,
    status: r.status,
    explanation:
      factor === null || factor.eq(Ratio.ONE) || !row.applicable
        ? explanation
        : `${explanation}（不涉及的行已剔除，本行分值按比例调整为 ${f2(weight)}）`,
    groupId: g.id,
    group: g.name,
    subgroup: p.subgroup,
    declared:
      row.id === EXECUTION_ROW
        ? ex.declared
        : row.declaredScore === undefined
          ? null
          : Ratio.fromDecimal(row.declaredScore),
    declaredCoefficient:
      row.declaredCoefficient === undefined ? null : Ratio.fromDecimal(row.declaredCoefficient),
    statedWeight: row.weight === undefined ? null : Ratio.fromDecimal(row.weight),
  };
}
