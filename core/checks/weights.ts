import { type ScoringConfig, scoringConfigOf } from "../config.js";
import { templateRow } from "../forms/registry.js";
import { Ratio } from "../ratio.js";
import type { IndicatorGroup } from "../report.js";
import type { CheckContext, Evaluator, FindingPlace, RawFinding } from "./finding.js";

/**
 * Weights that do not add up, reported and never rescaled in silence: 执行率 and the level-1 groups
 * against 100; the groups against the indicators' pool (绩效指标 90); each group's 二级 weights and each
 * group's (or subgroup's) 三级 weights, when all of them are written, against the weight above them.
 */
export const WEIGHT_RULES: { weights: Evaluator<"weights"> } = {
  weights: (ctx, rule) => {
    const config = scoringConfigOf(ctx.report);
    const out: RawFinding[] = [];
    const s = ctx.score;
    const base = { rule: rule.id, severity: rule.severity };
    if (!s.weightTotal.eq(Ratio.of(100))) {
      const parts = [
        ...(s.execution.placement === "own" ? [`执行率 ${s.execution.weight.toFixed(2)}`] : []),
        ...s.groups.map((g) => `${g.name} ${g.weight.toFixed(2)}`),
      ];
      out.push({
        ...base,
        subject: "分值合计",
        message: `分值合计为 ${s.weightTotal.toFixed(2)}（${parts.join(" + ")}），应为 100`,
        places: groupPlaces(ctx),
        difference: s.weightTotal.sub(Ratio.of(100)).toFixed(2),
      });
    }
    const pool = config.indicatorsTotal;
    const level1 = s.groups.reduce((sum, g) => sum.add(g.weight), Ratio.ZERO);
    if (pool && !level1.eq(pool)) {
      out.push({
        ...base,
        subject: "一级指标分值合计",
        message: `一级指标分值合计 ${num(level1)}，绩效指标 ${num(pool)}`,
        places: groupPlaces(ctx),
        difference: level1.sub(pool).toFixed(2),
      });
    }
    ctx.report.selfEvaluation.indicators.forEach((g, gi) => {
      out.push(...groupWeightFindings(g, gi, config, base));
    });
    return out;
  },
};

const num = (r: Ratio) => r.toExactDecimal()?.toFixed() ?? r.toFixed(2);
const w = (v: string | undefined) => (v === undefined ? null : Ratio.fromDecimal(v));

function groupPlaces(ctx: CheckContext): FindingPlace[] {
  return ctx.score.groups.map((g, i) => ({
    path: `selfEvaluation.indicators.${i}.weight`,
    label: g.name,
    value: num(g.weight),
    unit: "分",
  }));
}

type Base = { rule: string; severity: "error" | "warning" };

/** Weights of rows (or subgroups) against the weight above them: all written and not adding up, or written ones already above it. */
function sumFinding(
  base: Base,
  weights: (Ratio | null)[],
  extra: Ratio,
  above: Ratio,
  label: string,
  at: string,
  words: { parts: string; above: string },
): RawFinding | null {
  if (weights.length === 0) return null;
  const given = weights.reduce((s: Ratio, x) => (x ? s.add(x) : s), extra);
  const place: FindingPlace[] = [{ path: at, label, value: num(above), unit: "分" }];
  if (weights.some((x) => x === null)) {
    if (!given.gt(above)) return null;
    const message = `${label}：已赋分的${words.parts}合计 ${num(given)}，超过${words.above} ${num(above)}，其余行分不到分值`;
    return { ...base, subject: label, message, places: place, difference: given.sub(above).toFixed(2) };
  }
  if (given.eq(above)) return null;
  const message = `${label}：${words.parts}分值合计 ${num(given)}，${words.above} ${num(above)}`;
  return { ...base, subject: label, message, places: place, difference: given.sub(above).toFixed(2) };
}

/** One group's 二级 and 三级 weights against the weight above them. */
function groupWeightFindings(g: IndicatorGroup, gi: number, config: ScoringConfig, base: Base): RawFinding[] {
  const path = `selfEvaluation.indicators.${gi}`;
  const template = config.profile.indicators.groups.find((t) => t.name === g.name || t.id === g.id);
  const ex = config.executionGroup;
  const exWeight = (sub: string) =>
    ex && ex.group === g.name && ex.subgroup === sub ? config.executionWeight : Ratio.ZERO;
  const rowWeights = (rows: { id: string; weight?: string | undefined }[]) =>
    rows.map((r) => w(r.weight ?? templateRow(config.profile, r.id)?.weight));
  const subWeights = g.subgroups.map((s) =>
    w(s.weight ?? template?.subgroups.find((t) => t.name === s.name)?.weight),
  );
  const groupWeight = Ratio.fromDecimal(g.weight);
  const out: (RawFinding | null)[] = [];
  if (subWeights.some((x) => x !== null)) {
    if (subWeights.every((x) => x !== null))
      out.push(sumFinding(base, subWeights, Ratio.ZERO, groupWeight, g.name, `${path}.weight`, LEVEL2));
    g.subgroups.forEach((s, si) => {
      const sw = subWeights[si];
      if (!sw) return;
      const at = `${path}.subgroups.${si}.weight`;
      out.push(
        sumFinding(base, rowWeights(s.rows), exWeight(s.name), sw, `${g.name} › ${s.name}`, at, LEVEL3_OF_2),
      );
    });
  } else {
    const rows = g.subgroups.flatMap((s) => s.rows);
    const extra = g.subgroups.reduce((s, sg) => s.add(exWeight(sg.name)), Ratio.ZERO);
    out.push(sumFinding(base, rowWeights(rows), extra, groupWeight, g.name, `${path}.weight`, LEVEL3_OF_1));
  }
  return out.filter((f): f is RawFinding => f !== null);
}

const LEVEL2 = { parts: "二级指标", above: "一级指标" };
const LEVEL3_OF_1 = { parts: "三级指标", above: "一级指标" };
const LEVEL3_OF_2 = { parts: "三级指标", above: "二级指标" };
