import { gradeOf, type ScoringConfig, scoringConfigOf, tierCeiling } from "./config.js";
import { compareDeadline } from "./date.js";
import type { Dec } from "./money.js";
import { formatQuantity, magnitude, type Quantity } from "./quantity.js";
import { Ratio } from "./ratio.js";
import type { IndicatorRow, Report, Tier } from "./report.js";

export type RowStatus = "met" | "short" | "over" | "late" | "tier" | "na" | "missing" | "invalid";

/** How one row of the indicator tree scored, with the arithmetic spelled out. */
export interface RowScore {
  id: string;
  name: string;
  groupId: string;
  group: string;
  subgroup: string;
  rule: IndicatorRow["rule"];
  weight: Ratio;
  score: Ratio;
  status: RowStatus;
  /** 完成值 / 指标值 (≥ rows) or 指标值 / 完成值 (≤ rows), when both are numbers. */
  achieved: Ratio | null;
  farExceeded: boolean;
  tier: Tier | null;
  /** true when no tier was chosen and the configured default was used. */
  tierAssumed: boolean;
  late: { daysLate: number; monthsLate: number | null } | null;
  declared: Ratio | null;
  /** One line of Chinese arithmetic: how the score was reached. */
  explanation: string;
}

export interface GroupScore {
  id: string;
  name: string;
  weight: Ratio;
  score: Ratio;
  declared: Ratio | null;
  rows: RowScore[];
}

export interface ExecutionScore {
  /** 全年执行数 / 全年预算数, null when the budget is 0. */
  rate: Ratio | null;
  weight: Ratio;
  score: Ratio;
  declared: Ratio | null;
  explanation: string;
}

export interface ScoreResult {
  execution: ExecutionScore;
  groups: GroupScore[];
  /** Σ group scores + 执行率 score, exact. */
  total: Ratio;
  /** The total as shown and graded: rounded half-up to `totalDecimals`. */
  shownTotal: Dec;
  grade: string;
  /** 执行率 weight + Σ group weights (should be 100). */
  weightTotal: Ratio;
  declared: {
    total: Ratio | null;
    grade: string | null;
    /** where the declared grade was read: 附件1-2, or the text of section 七 when the table leaves it blank */
    gradeSource: "selfEvaluation" | "otherNotes" | null;
  };
}

const HUNDRED = Ratio.of(100);
const f2 = (r: Ratio) => r.toFixed(2);
const pct = (r: Ratio) => `${r.mul(HUNDRED).toFixed(2)}%`;

/** Percent of the weight a tier gives: the chosen percent kept within the tier's range, else its top. */
export function tierPercent(config: ScoringConfig, tier: Tier, chosen: string | undefined): Ratio {
  const ceiling = tierCeiling(config, tier);
  if (chosen === undefined) return ceiling;
  return Ratio.fromDecimal(chosen).max(config.tierFloors[tier]).min(ceiling);
}

function byTier(
  row: IndicatorRow,
  weight: Ratio,
  config: ScoringConfig,
  why: string,
): Pick<RowScore, "score" | "tier" | "tierAssumed" | "explanation"> {
  const tier = row.assessment?.tier ?? config.defaultTier;
  const assumed = row.assessment === undefined;
  const p = tierPercent(config, tier, row.assessment?.percent);
  const score = weight.mul(p).div(HUNDRED);
  return {
    score,
    tier,
    tierAssumed: assumed,
    explanation: `${why}，按“${tier}”档 ${p.toFixed(2).replace(/\.?0+$/, "")}% 计：${f2(weight)} × ${p.toFixed(2).replace(/\.?0+$/, "")}% = ${f2(score)}${assumed ? "（尚未选择档次，暂按默认档）" : ""}`,
  };
}

/**
 * Scores one row against its weight (财预〔2020〕10号 row rules):
 * ≥ target: met → full weight (no bonus), else 完成值/指标值 × weight;
 * ≤ target: met → full, else 指标值/完成值 × weight; target 0: actual 0 → full, else a tier;
 * deadline: on time → full, else a tier; qualitative: a tier (达成 / 部分达成 / 未达成).
 */
export function scoreRow(
  row: IndicatorRow,
  weight: Ratio,
  config: ScoringConfig,
): Omit<RowScore, "groupId" | "group" | "subgroup" | "declared"> {
  if (!row.applicable) return result(row, Ratio.ZERO, Ratio.ZERO, "na", "不涉及，不计分");
  const actual = row.actual;
  if (actual === null) return result(row, weight, Ratio.ZERO, "missing", "完成值未填写，暂计 0 分");
  switch (row.rule) {
    case ">=":
    case "<=":
      return scoreQuantitative(row, actual, weight, config);
    case "deadline":
      return scoreDeadline(row, actual, weight, config);
    case "qualitative":
      return scoreQualitative(row, actual, weight, config);
  }
}

type Scored = Omit<RowScore, "groupId" | "group" | "subgroup" | "declared">;
type Extra = Partial<Pick<Scored, "achieved" | "farExceeded" | "tier" | "tierAssumed" | "late">>;

/**
 * A row's result, every field named once: this runs for every row of every review, and building it
 * by spreading a base object into each outcome cost more than the arithmetic.
 */
function result(
  row: IndicatorRow,
  weight: Ratio,
  score: Ratio,
  status: RowStatus,
  explanation: string,
  extra?: Extra,
): Scored {
  return {
    id: row.id,
    name: row.name,
    rule: row.rule,
    weight,
    achieved: extra?.achieved ?? null,
    farExceeded: extra?.farExceeded ?? false,
    tier: extra?.tier ?? null,
    tierAssumed: extra?.tierAssumed ?? false,
    late: extra?.late ?? null,
    score,
    status,
    explanation,
  };
}

/** A row scored by tier (late, a missed zero target, qualitative). */
function tierResult(
  row: IndicatorRow,
  weight: Ratio,
  config: ScoringConfig,
  why: string,
  late: Scored["late"] = null,
): Scored {
  const t = byTier(row, weight, config, why);
  return result(row, weight, t.score, late ? "late" : "tier", t.explanation, {
    tier: t.tier,
    tierAssumed: t.tierAssumed,
    late,
  });
}

/** ≥ and ≤ rows: 完成值 against 指标值, proportional when short (≥) or over (≤). */
function scoreQuantitative(
  row: IndicatorRow,
  actual: Quantity,
  weight: Ratio,
  config: ScoringConfig,
): Scored {
  const t = magnitude(row.target);
  const a = magnitude(actual);
  if (!t || !a || t.dim !== a.dim || t.per !== a.per) {
    return result(
      row,
      weight,
      Ratio.ZERO,
      "invalid",
      `指标值“${formatQuantity(row.target)}”与完成值“${formatQuantity(actual)}”无法比较，暂计 0 分`,
    );
  }
  const tv = t.value;
  const av = a.value;
  const shown = `完成值 ${formatQuantity(actual)}，指标值 ${formatQuantity(row.target)}`;
  if (row.rule === ">=") {
    if (av.gte(tv)) {
      const achieved = tv.gt(Ratio.ZERO) ? av.div(tv) : null;
      const far = achieved?.gte(config.farExceededRatio) ?? false;
      const explanation = `${shown}，已完成 → 满分 ${f2(weight)}${far && achieved ? `（完成 ${pct(achieved)}，目标可能偏低）` : ""}`;
      return result(row, weight, weight, "met", explanation, { achieved, farExceeded: far });
    }
    // a target of 0 or below missed: no ratio to take, scored by tier like a missed zero target
    if (tv.lte(Ratio.ZERO)) return tierResult(row, weight, config, `${shown}，未达到目标`);
    const achieved = (av.lt(Ratio.ZERO) ? Ratio.ZERO : av).div(tv);
    const score = achieved.mul(weight);
    const p = pct(achieved);
    return result(row, weight, score, "short", `${shown}，完成 ${p}：${p} × ${f2(weight)} = ${f2(score)}`, {
      achieved,
    });
  }
  // "<=": lower is better
  if (av.lte(tv)) {
    const achieved = av.isZero() ? null : tv.div(av);
    return result(row, weight, weight, "met", `${shown}，未超出 → 满分 ${f2(weight)}`, { achieved });
  }
  if (tv.lte(Ratio.ZERO)) return tierResult(row, weight, config, `${shown}，目标为 0 而实际不为 0`);
  const achieved = tv.div(av);
  const score = achieved.mul(weight);
  const p = pct(achieved);
  return result(
    row,
    weight,
    score,
    "over",
    `${shown}，超出目标：指标值/完成值 = ${p}，${p} × ${f2(weight)} = ${f2(score)}`,
    { achieved },
  );
}

/** Deadline rows: on time → full; late → a tier. */
function scoreDeadline(row: IndicatorRow, actual: Quantity, weight: Ratio, config: ScoringConfig): Scored {
  if (row.target.kind !== "date" || actual.kind !== "date") {
    return result(
      row,
      weight,
      Ratio.ZERO,
      "invalid",
      `时限指标的指标值和完成值应为日期，现为“${formatQuantity(row.target)}”“${formatQuantity(actual)}”，暂计 0 分`,
    );
  }
  const c = compareDeadline(row.target, actual);
  if (c.onTime)
    return result(
      row,
      weight,
      weight,
      "met",
      `${actual.text} 不晚于 ${row.target.text} → 满分 ${f2(weight)}`,
    );
  const lateText = c.monthsLate !== null ? `滞后 ${c.monthsLate} 个月` : `滞后 ${c.daysLate} 天`;
  return tierResult(row, weight, config, `${actual.text} 晚于 ${row.target.text}（${lateText}）`, {
    daysLate: c.daysLate,
    monthsLate: c.monthsLate,
  });
}

/** Qualitative rows: a tier, or full when the 完成值 is the 指标值 word for word. */
function scoreQualitative(row: IndicatorRow, actual: Quantity, weight: Ratio, config: ScoringConfig): Scored {
  if (
    row.assessment === undefined &&
    actual.kind === "text" &&
    row.target.kind === "text" &&
    actual.text.trim() === row.target.text.trim()
  ) {
    return result(row, weight, weight, "met", `完成值与指标值一致（${actual.text}）→ 满分 ${f2(weight)}`, {
      tier: "达成",
    });
  }
  return tierResult(row, weight, config, "定性指标");
}

/**
 * Row weights of a group: explicit weights are kept; rows without one share what is left of the
 * group weight equally ("根据一级指标总分值，在分值范围内对三级指标进行合理赋分"); rows that do not
 * apply are dropped, and when only explicitly weighted rows remain they are rescaled to the group weight.
 */
export function rowWeights(rows: IndicatorRow[], groupWeight: Ratio): Map<string, Ratio> {
  const applicable = rows.filter((r) => r.applicable);
  const explicit = applicable.filter((r) => r.weight !== undefined);
  const implicit = applicable.filter((r) => r.weight === undefined);
  const explicitSum = explicit.reduce((s, r) => s.add(Ratio.fromDecimal(r.weight as string)), Ratio.ZERO);
  const out = new Map<string, Ratio>();
  if (implicit.length > 0) {
    const rest = groupWeight.sub(explicitSum);
    const share = rest.gt(Ratio.ZERO) ? rest.div(Ratio.of(implicit.length)) : Ratio.ZERO;
    for (const r of explicit) out.set(r.id, Ratio.fromDecimal(r.weight as string));
    for (const r of implicit) out.set(r.id, share);
  } else if (explicit.length > 0 && !explicitSum.isZero()) {
    const scale = groupWeight.div(explicitSum);
    for (const r of explicit) out.set(r.id, Ratio.fromDecimal(r.weight as string).mul(scale));
  }
  for (const r of rows) if (!out.has(r.id)) out.set(r.id, Ratio.ZERO);
  return out;
}

/** 预算执行率 score = min(全年执行数 / 全年预算数, 100%) × weight (proportional: 76% → 7.6 of 10). */
export function scoreExecution(report: Report, config: ScoringConfig): ExecutionScore {
  const f = report.selfEvaluation.funds;
  const weight = config.executionWeight;
  const declared = f.declaredScore === undefined ? null : Ratio.fromDecimal(f.declaredScore);
  if (f.fullBudget === undefined || f.executed === undefined) {
    return {
      rate: null,
      weight,
      score: Ratio.ZERO,
      declared,
      explanation: "全年预算数或全年执行数未填写，暂计 0 分",
    };
  }
  const budget = Ratio.fromDecimal(f.fullBudget);
  if (budget.lte(Ratio.ZERO)) {
    return {
      rate: null,
      weight,
      score: Ratio.ZERO,
      declared,
      explanation: "全年预算数为 0，无法计算执行率，暂计 0 分",
    };
  }
  const rate = Ratio.fromDecimal(f.executed).div(budget);
  const capped = rate.min(Ratio.ONE).max(Ratio.ZERO);
  const score = capped.mul(weight);
  return {
    rate,
    weight,
    score,
    declared,
    explanation: `执行率 = ${f.executed} / ${f.fullBudget} = ${pct(rate)}${rate.gt(Ratio.ONE) ? "（超过100%按100%计）" : ""}，得分 ${pct(capped)} × ${f2(weight)} = ${f2(score)}`,
  };
}

/** Scores the whole report: every row, every group, 执行率, the total and the grade, beside the declared ones. */
export function computeScore(report: Report, config: ScoringConfig = scoringConfigOf(report)): ScoreResult {
  const execution = scoreExecution(report, config);
  const groups: GroupScore[] = report.selfEvaluation.indicators.map((g) => {
    const weight = Ratio.fromDecimal(g.weight);
    const rows = g.subgroups.flatMap((s) => s.rows.map((row) => ({ row, subgroup: s.name })));
    const weights = rowWeights(
      rows.map((r) => r.row),
      weight,
    );
    const scored = rows.map(({ row, subgroup }): RowScore => {
      // every field named once (no spread of the row's result): this runs for every row of every review
      const r = scoreRow(row, weights.get(row.id) ?? Ratio.ZERO, config);
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
        score: r.score,
        status: r.status,
        explanation: r.explanation,
        groupId: g.id,
        group: g.name,
        subgroup,
        declared: row.declaredScore === undefined ? null : Ratio.fromDecimal(row.declaredScore),
      };
    });
    return {
      id: g.id,
      name: g.name,
      weight,
      score: scored.reduce((s, r) => s.add(r.score), Ratio.ZERO),
      declared: g.declaredScore === undefined ? null : Ratio.fromDecimal(g.declaredScore),
      rows: scored,
    };
  });
  const total = groups.reduce((s, g) => s.add(g.score), execution.score);
  const shownTotal = total.roundHalfUp(config.totalDecimals);
  const se = report.selfEvaluation;
  const declaredGrade = se.declaredGrade ?? report.otherNotes.statedGrade ?? null;
  return {
    execution,
    groups,
    total,
    shownTotal,
    grade: gradeOf(config, Ratio.fromDecimal(shownTotal)),
    weightTotal: groups.reduce((s, g) => s.add(g.weight), execution.weight),
    declared: {
      total: se.declaredTotal === undefined ? null : Ratio.fromDecimal(se.declaredTotal),
      grade: declaredGrade,
      gradeSource: se.declaredGrade ? "selfEvaluation" : report.otherNotes.statedGrade ? "otherNotes" : null,
    },
  };
}
