import { Ratio } from "./ratio.js";
import type { Report, Tier } from "./report.js";

/**
 * Scoring settings. Defaults follow 财预〔2020〕10号 and the Hunan form of the sample
 * (湘财绩〔2020〕7号); every one of them can be overridden per report (`report.scoring`).
 */
export interface ScoringConfig {
  /** 预算执行率 weight (分值), default 10. */
  executionWeight: Ratio;
  /** 完成值 / 指标值 at or above which a met target is flagged as set too low, default 1.2. */
  farExceededRatio: Ratio;
  /** Lower bound (percent of the row weight) of each tier; the tier above's bound is its upper bound. */
  tierFloors: Record<Tier, Ratio>;
  /** Tier assumed for a late deadline, a missed zero target or a qualitative row that has none chosen yet. */
  defaultTier: Tier;
  /** Grade labels with their lowest total, highest first. */
  grades: { min: Ratio; label: string }[];
  /** Decimals of the total that the grade is read from (the total people see). */
  totalDecimals: number;
}

export const DEFAULT_SCORING: ScoringConfig = {
  executionWeight: Ratio.of(10),
  farExceededRatio: Ratio.of(6, 5),
  tierFloors: { 达成: Ratio.of(80), 部分达成: Ratio.of(60), 未达成: Ratio.of(0) },
  defaultTier: "部分达成",
  // The sample form: 优秀 S≥90, 良好 90>S≥80, 较差 80>S≥60, 差 S<60 (national wording says 中 for 较差).
  grades: [
    { min: Ratio.of(90), label: "优秀" },
    { min: Ratio.of(80), label: "良好" },
    { min: Ratio.of(60), label: "较差" },
    { min: Ratio.of(0), label: "差" },
  ],
  totalDecimals: 2,
};

/** The scoring settings of a report: the defaults with the report's own overrides applied. */
export function scoringConfigOf(report: Report): ScoringConfig {
  const o = report.scoring;
  if (!o) return DEFAULT_SCORING;
  return {
    ...DEFAULT_SCORING,
    ...(o.executionWeight !== undefined && { executionWeight: Ratio.fromDecimal(o.executionWeight) }),
    ...(o.farExceededRatio !== undefined && { farExceededRatio: Ratio.fromDecimal(o.farExceededRatio) }),
    ...(o.tiers && {
      tierFloors: {
        达成: Ratio.fromDecimal(o.tiers.达成),
        部分达成: Ratio.fromDecimal(o.tiers.部分达成),
        未达成: Ratio.fromDecimal(o.tiers.未达成),
      },
    }),
    ...(o.grades && { grades: o.grades.map((g) => ({ min: Ratio.fromDecimal(g.min), label: g.label })) }),
  };
}

/** Upper bound (percent) of a tier: 100 for 达成, the floor of the tier above otherwise. */
export function tierCeiling(config: ScoringConfig, tier: Tier): Ratio {
  if (tier === "达成") return Ratio.of(100);
  return tier === "部分达成" ? config.tierFloors.达成 : config.tierFloors.部分达成;
}

/** The grade of a total (already rounded to the shown decimals). */
export function gradeOf(config: ScoringConfig, total: Ratio): string {
  for (const g of config.grades) if (total.gte(g.min)) return g.label;
  return config.grades[config.grades.length - 1]?.label ?? "";
}
