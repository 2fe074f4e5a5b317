import { defaultProfile, profileOf } from "./forms/registry.js";
import type { FormProfile, RowMethod } from "./forms/schema.js";
import { Ratio } from "./ratio.js";
import type { Report, Tier } from "./report.js";

/**
 * Scoring settings: the report's form profile (`core/forms/`: weights, where 执行率 sits, tiers, grades,
 * how misses are scored), with the report's own overrides applied (`report.scoring`, and the 分值 the
 * table states for 执行率). Defaults follow 财预〔2020〕10号 and the Hunan form of the sample.
 */
export interface ScoringConfig {
  profile: FormProfile;
  /** 预算执行率 weight (分值), default 10: on its own line, or as a row of a group */
  executionWeight: Ratio;
  executionPlacement: "own" | "group";
  /** the group and subgroup 执行率 is a row of, when placed in a group */
  executionGroup: { group: string; subgroup: string } | null;
  executionName: string;
  /** 全年执行数 ÷ 全年预算数, or ÷ 调整后预算数 */
  executionDivisor: "fullBudget" | "adjustedBudget";
  executionMethod: RowMethod;
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
  /** an = target missed: proportional to the gap, or by tier */
  equals: "proportional" | "tier";
  /** 不涉及 rows: the rest of the group rescaled to its weight, or every row to the whole */
  notApplicable: "group" | "total";
  /** 得分系数: decimals of a row's coefficient (row score = 系数 × 分值), null when the form has none */
  coefficientDecimals: number | null;
  /** the level-1 groups' pool (绩效指标 90) when the unit sets each group's weight */
  indicatorsTotal: Ratio | null;
}

const PROPORTIONAL: RowMethod = { kind: "proportional" };
const BY_PROFILE = new Map<string, ScoringConfig>();

/** The scoring settings of a form profile, before any report's overrides. */
export function profileScoring(profile: FormProfile): ScoringConfig {
  const cached = BY_PROFILE.get(profile.id);
  if (cached) return cached;
  const e = profile.execution;
  const config: ScoringConfig = {
    profile,
    executionWeight: Ratio.fromDecimal(e.weight),
    executionPlacement: e.placement,
    executionGroup:
      e.placement === "group" ? { group: e.group as string, subgroup: e.subgroup as string } : null,
    executionName: e.name,
    executionDivisor: e.divisor,
    executionMethod: e.method ?? PROPORTIONAL,
    farExceededRatio: Ratio.fromDecimal(profile.farExceededRatio),
    tierFloors: {
      达成: Ratio.fromDecimal(profile.tiers.达成),
      部分达成: Ratio.fromDecimal(profile.tiers.部分达成),
      未达成: Ratio.fromDecimal(profile.tiers.未达成),
    },
    defaultTier: "部分达成",
    grades: profile.grades.map((g) => ({ min: Ratio.fromDecimal(g.min), label: g.label })),
    totalDecimals: 2,
    equals: profile.indicators.equals,
    notApplicable: profile.indicators.notApplicable,
    coefficientDecimals: profile.indicators.coefficient?.decimals ?? null,
    indicatorsTotal:
      profile.indicators.total === undefined ? null : Ratio.fromDecimal(profile.indicators.total),
  };
  BY_PROFILE.set(profile.id, config);
  return config;
}

/** The default profile's settings (the Hunan form of the sample: 执行率 10, 80 / 60 / 0, 优秀 … 差). */
export const DEFAULT_SCORING: ScoringConfig = profileScoring(defaultProfile());

/** The scoring settings of a report: its profile's, with the report's own overrides applied. */
export function scoringConfigOf(report: Report): ScoringConfig {
  const base = profileScoring(profileOf(report));
  const o = report.scoring;
  const stated = report.selfEvaluation.funds.weight;
  if (!o && stated === undefined) return base;
  const weight = o?.executionWeight ?? stated;
  return {
    ...base,
    ...(weight !== undefined && { executionWeight: Ratio.fromDecimal(weight) }),
    ...(o?.farExceededRatio !== undefined && { farExceededRatio: Ratio.fromDecimal(o.farExceededRatio) }),
    ...(o?.tiers && {
      tierFloors: {
        达成: Ratio.fromDecimal(o.tiers.达成),
        部分达成: Ratio.fromDecimal(o.tiers.部分达成),
        未达成: Ratio.fromDecimal(o.tiers.未达成),
      },
    }),
    ...(o?.grades && { grades: o.grades.map((g) => ({ min: Ratio.fromDecimal(g.min), label: g.label })) }),
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
