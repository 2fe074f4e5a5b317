import { type ScoringConfig, tierCeiling } from "./config.js";
import { compareDeadline } from "./date.js";
import { templateRow } from "./forms/registry.js";
import type { Band, RowMethod } from "./forms/schema.js";
import { formatQuantity, type Magnitude, magnitude, type Quantity, withUnitOf } from "./quantity.js";
import { Ratio } from "./ratio.js";
import type { IndicatorRow, Tier } from "./report.js";

/**
 * One row of the indicator tree against its weight, by its rule (≥, ≤, =, deadline, qualitative) and
 * its method for a miss (proportional, tier, per-point deductions, bands) — 财预〔2020〕10号's row rules and
 * the older 共性指标 tables' standards. Every score stays between 0 and the row's weight.
 */

export type RowStatus = "met" | "short" | "over" | "off" | "late" | "tier" | "na" | "missing" | "invalid";

/** A row as scored, before its place in the tree is added (see `RowScore` in scoring.ts). */
export interface ScoredRow {
  id: string;
  name: string;
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
  /** how a miss was scored */
  method: RowMethod["kind"];
  /** 得分系数 (score ÷ weight, at the form's decimals) when the form has that column */
  coefficient: Ratio | null;
  /** One line of Chinese arithmetic: how the score was reached. */
  explanation: string;
}

/** How a row's miss is scored and the weight its points are stated against. */
export interface RowHow {
  method: RowMethod;
  /** the weight written for the row (the form's or the unit's), which per-point and band points refer to */
  nominal: Ratio | null;
}

const HUNDRED = Ratio.of(100);
const f2 = (r: Ratio) => r.toFixed(2);
const pct = (r: Ratio) => `${r.mul(HUNDRED).toFixed(2)}%`;
const plain = (r: Ratio) => r.toExactDecimal()?.toFixed() ?? r.toFixed(2);
const pctText = (r: Ratio) => r.toFixed(2).replace(/\.?0+$/, "");

/** The method and nominal weight of a row: its own, else its profile's template row's, else by rule. */
export function rowHow(row: IndicatorRow, config: ScoringConfig): RowHow {
  const t = templateRow(config.profile, row.id);
  const stated = row.weight ?? t?.weight;
  const method: RowMethod = row.method ??
    t?.method ?? {
      kind:
        row.rule === "qualitative" ||
        row.rule === "deadline" ||
        (row.rule === "=" && config.equals === "tier")
          ? "tier"
          : "proportional",
    };
  return { method, nominal: stated === undefined ? null : Ratio.fromDecimal(stated) };
}

/** Percent of the weight a tier gives: the chosen percent kept within the tier's range, else its top. */
export function tierPercent(config: ScoringConfig, tier: Tier, chosen: string | undefined): Ratio {
  const ceiling = tierCeiling(config, tier);
  if (chosen === undefined) return ceiling;
  return Ratio.fromDecimal(chosen).max(config.tierFloors[tier]).min(ceiling);
}

type Extra = Partial<Pick<ScoredRow, "achieved" | "farExceeded" | "tier" | "tierAssumed" | "late">>;

/**
 * A row's result, every field named once: this runs for every row of every review, and building it
 * by spreading a base object into each outcome cost more than the arithmetic.
 */
function result(
  row: IndicatorRow,
  how: RowHow,
  weight: Ratio,
  score: Ratio,
  status: RowStatus,
  explanation: string,
  extra?: Extra,
): ScoredRow {
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
    method: how.method.kind,
    coefficient: null,
    score,
    status,
    explanation,
  };
}

/** A row scored by tier (late, a missed zero target, qualitative, a method of tiers). */
function tierResult(
  row: IndicatorRow,
  how: RowHow,
  weight: Ratio,
  config: ScoringConfig,
  why: string,
  late: ScoredRow["late"] = null,
): ScoredRow {
  const tier = row.assessment?.tier ?? config.defaultTier;
  const assumed = row.assessment === undefined;
  const p = tierPercent(config, tier, row.assessment?.percent);
  const score = weight.mul(p).div(HUNDRED);
  const explanation = `${why}，按“${tier}”档 ${pctText(p)}% 计：${f2(weight)} × ${pctText(p)}% = ${f2(score)}${assumed ? "（尚未选择档次，暂按默认档）" : ""}`;
  return result(row, how, weight, score, late ? "late" : "tier", explanation, {
    tier,
    tierAssumed: assumed,
    late,
  });
}

/**
 * Scores one row against its weight (财预〔2020〕10号 row rules, and the method of a miss):
 * ≥ target: met → full weight (no bonus), else by method (proportional: 完成值/指标值 × weight);
 * ≤ target: met → full, else (proportional: 指标值/完成值 × weight); = target: met exactly → full, else
 * (proportional: (1 − |偏差|/指标值) × weight); a target of 0 missed: a tier; deadline: on time → full,
 * else a tier; qualitative: a tier (达成 / 部分达成 / 未达成).
 */
export function scoreRow(
  row: IndicatorRow,
  weight: Ratio,
  config: ScoringConfig,
  how: RowHow = rowHow(row, config),
): ScoredRow {
  if (!row.applicable) return result(row, how, Ratio.ZERO, Ratio.ZERO, "na", "不涉及，不计分");
  const actual = row.actual;
  if (actual === null) return result(row, how, weight, Ratio.ZERO, "missing", "完成值未填写，暂计 0 分");
  switch (row.rule) {
    case ">=":
    case "<=":
    case "=":
      return scoreQuantitative(row, withUnitOf(row.target, actual), weight, config, how);
    case "deadline":
      return scoreDeadline(row, actual, weight, config, how);
    case "qualitative":
      return scoreQualitative(row, actual, weight, config, how);
  }
}

/** What a numeric miss is scored from: the values on one scale, and how to write them. */
export interface Measured {
  rule: ">=" | "<=" | "=";
  t: Ratio;
  a: Ratio;
  /** the magnitude of 1 of the target's unit (1 for percents and counts, 分 per 元 or 万元 for money) */
  one: Ratio;
  /** the unit of a gap, as written ("个百分点", "人", "万元") */
  gapUnit: string;
  shown: string;
}

/** Whether a miss is scored by tier: the method says so, or a proportional target of 0 or below. */
export function missByTier(m: Measured, how: RowHow): boolean {
  return how.method.kind === "tier" || (how.method.kind === "proportional" && m.t.lte(Ratio.ZERO));
}

/**
 * A numeric miss by the row's method (proportional with a target above 0, or per-point deductions):
 * score, status and the arithmetic in words.
 */
export function scoreMiss(
  m: Measured,
  weight: Ratio,
  how: RowHow,
): { score: Ratio; status: RowStatus; explanation: string; achieved: Ratio | null } {
  const status: RowStatus = m.rule === ">=" ? "short" : m.rule === "<=" ? "over" : "off";
  const gap = m.rule === ">=" ? m.t.sub(m.a) : m.rule === "<=" ? m.a.sub(m.t) : m.a.sub(m.t).abs();
  const why = m.rule === ">=" ? "未达到目标" : m.rule === "<=" ? "超出目标" : "与目标不符";
  const scale = how.nominal && !how.nominal.isZero() ? weight.div(how.nominal) : Ratio.ONE;
  const method = how.method;
  if (method.kind === "perPoint") {
    const per = Ratio.fromDecimal(method.per).mul(m.one);
    const exact = gap.div(per);
    const steps =
      method.steps === "whole"
        ? Ratio.fromDecimal(exact.floor(0))
        : method.steps === "started"
          ? Ratio.fromDecimal(exact.ceil(0))
          : exact;
    const points = Ratio.fromDecimal(method.points).mul(scale);
    const score = weight.sub(steps.mul(points)).max(Ratio.ZERO);
    const g = `${plain(gap.div(m.one))}${m.gapUnit}`;
    const explanation = `${m.shown}，${why} ${g}，每 ${method.per}${m.gapUnit}扣 ${plain(points)} 分：${f2(weight)} − ${plain(steps)} × ${plain(points)} = ${f2(weight.sub(steps.mul(points)))}${score.isZero() && !weight.isZero() ? "，扣完为止，计 0.00" : ""}`;
    return { score, status, explanation, achieved: null };
  }
  if (m.rule === ">=") {
    const achieved = (m.a.lt(Ratio.ZERO) ? Ratio.ZERO : m.a).div(m.t);
    const score = achieved.mul(weight);
    return {
      score,
      status,
      achieved,
      explanation: `${m.shown}，完成 ${pct(achieved)}：${pct(achieved)} × ${f2(weight)} = ${f2(score)}`,
    };
  }
  if (m.rule === "<=") {
    const achieved = m.t.div(m.a);
    const score = achieved.mul(weight);
    const p = pct(achieved);
    return {
      score,
      status,
      achieved,
      explanation: `${m.shown}，超出目标：指标值/完成值 = ${p}，${p} × ${f2(weight)} = ${f2(score)}`,
    };
  }
  const off = gap.div(m.t);
  const share = Ratio.ONE.sub(off).max(Ratio.ZERO);
  const score = share.mul(weight);
  return {
    score,
    status,
    achieved: null,
    explanation: `${m.shown}，偏离 ${plain(gap.div(m.one))}${m.gapUnit}（${pct(off)}）：(1 − ${pct(off)}) × ${f2(weight)} = ${f2(score)}${share.isZero() ? "，扣完为止" : ""}`,
  };
}

/** A band of a banded row that holds the value, or null. */
function bandOf(bands: Band[], value: Ratio, one: Ratio): Band | null {
  for (const b of bands) {
    const from = b.from === undefined ? null : Ratio.fromDecimal(b.from).mul(one);
    const to = b.to === undefined ? null : Ratio.fromDecimal(b.to).mul(one);
    const aboveFrom = from === null || (b.fromIncluded === false ? value.gt(from) : value.gte(from));
    const belowTo = to === null || (b.toIncluded === true ? value.lte(to) : value.lt(to));
    if (aboveFrom && belowTo) return b;
  }
  return null;
}

/** "0–10%（含10%）": a band as the form writes it. */
function bandText(b: Band, unit: string): string {
  const u = unit === "个百分点" ? "%" : unit;
  if (b.from !== undefined && b.from === b.to) return `等于${b.from}${u}`;
  const lo = b.from === undefined ? "" : `${b.from}${u}${b.fromIncluded === false ? "以上" : "及以上"}`;
  const hi = b.to === undefined ? "" : `${b.to}${u}${b.toIncluded === true ? "及以下" : "以下"}`;
  return [lo, hi].filter(Boolean).join("、");
}

/** A value scored by a table of bands: the band's points (scaled with the row's weight), else 0. */
export function scoreBanded(
  m: Measured,
  weight: Ratio,
  how: RowHow & { method: { kind: "banded" } },
): { score: Ratio; status: RowStatus; explanation: string } {
  const scale = how.nominal && !how.nominal.isZero() ? weight.div(how.nominal) : Ratio.ONE;
  const band = bandOf(how.method.bands, m.a, m.one);
  if (!band)
    return {
      score: Ratio.ZERO,
      status: missStatus(m),
      explanation: `${m.shown}，不在评分标准的任何一档，计 0 分`,
    };
  const score = Ratio.fromDecimal(band.points).mul(scale).min(weight);
  return {
    score,
    status: score.eq(weight) ? "met" : missStatus(m),
    explanation: `${m.shown}，属“${bandText(band, m.gapUnit)}”一档，计 ${f2(score)} 分（分值 ${f2(weight)}）`,
  };
}

const missStatus = (m: Measured): RowStatus => (m.rule === ">=" ? "short" : m.rule === "<=" ? "over" : "off");

/** The unit a gap of this magnitude is written in. */
function gapUnit(q: Quantity): string {
  if (q.kind === "percent") return "个百分点";
  if (q.kind === "money") return q.unit;
  if (q.kind === "count") return q.unit;
  return "";
}

/** ≥, ≤ and = rows: 完成值 against 指标值, by method when missed. */
function scoreQuantitative(
  row: IndicatorRow,
  actual: Quantity,
  weight: Ratio,
  config: ScoringConfig,
  how: RowHow,
): ScoredRow {
  const t = magnitude(row.target);
  const a = magnitude(actual);
  if (!t || !a || t.dim !== a.dim || t.per !== a.per) {
    return result(
      row,
      how,
      weight,
      Ratio.ZERO,
      "invalid",
      `指标值“${formatQuantity(row.target)}”与完成值“${formatQuantity(actual)}”无法比较，暂计 0 分`,
    );
  }
  const m: Measured = {
    rule: row.rule as Measured["rule"],
    t: t.value,
    a: a.value,
    one: unitMagnitude(row.target, t),
    gapUnit: gapUnit(row.target),
    shown: `完成值 ${formatQuantity(actual)}，指标值 ${formatQuantity(row.target)}`,
  };
  if (how.method.kind === "banded") {
    const b = scoreBanded(m, weight, how as RowHow & { method: { kind: "banded" } });
    return result(row, how, weight, b.score, b.status, b.explanation);
  }
  const met = m.rule === ">=" ? m.a.gte(m.t) : m.rule === "<=" ? m.a.lte(m.t) : m.a.eq(m.t);
  if (met) {
    if (m.rule === ">=") {
      const achieved = m.t.gt(Ratio.ZERO) ? m.a.div(m.t) : null;
      const far = achieved?.gte(config.farExceededRatio) ?? false;
      const explanation = `${m.shown}，已完成 → 满分 ${f2(weight)}${far && achieved ? `（完成 ${pct(achieved)}，目标可能偏低）` : ""}`;
      return result(row, how, weight, weight, "met", explanation, { achieved, farExceeded: far });
    }
    const achieved = m.rule === "<=" && !m.a.isZero() ? m.t.div(m.a) : null;
    const words = m.rule === "<=" ? "未超出" : "与目标一致";
    return result(row, how, weight, weight, "met", `${m.shown}，${words} → 满分 ${f2(weight)}`, { achieved });
  }
  if (missByTier(m, how)) {
    const zero = how.method.kind === "proportional" && m.rule === "<=";
    const why = m.rule === ">=" ? "未达到目标" : m.rule === "<=" ? "超出目标" : "与目标不符";
    return tierResult(row, how, weight, config, `${m.shown}，${zero ? "目标为 0 而实际不为 0" : why}`);
  }
  const miss = scoreMiss(m, weight, how);
  return result(row, how, weight, miss.score, miss.status, miss.explanation, { achieved: miss.achieved });
}

/** The magnitude of 1 of a quantity's unit. */
function unitMagnitude(q: Quantity, m: Magnitude): Ratio {
  if (q.kind !== "money") return Ratio.ONE;
  const v = Ratio.fromDecimal(q.value);
  if (!v.isZero()) return m.value.div(v);
  return Ratio.of(q.unit === "万元" ? 1_000_000 : 100);
}

/** Deadline rows: on time → full; late → a tier. */
function scoreDeadline(
  row: IndicatorRow,
  actual: Quantity,
  weight: Ratio,
  config: ScoringConfig,
  how: RowHow,
): ScoredRow {
  if (row.target.kind !== "date" || actual.kind !== "date") {
    return result(
      row,
      how,
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
      how,
      weight,
      weight,
      "met",
      `${actual.text} 不晚于 ${row.target.text} → 满分 ${f2(weight)}`,
    );
  const lateText = c.monthsLate !== null ? `滞后 ${c.monthsLate} 个月` : `滞后 ${c.daysLate} 天`;
  return tierResult(row, how, weight, config, `${actual.text} 晚于 ${row.target.text}（${lateText}）`, {
    daysLate: c.daysLate,
    monthsLate: c.monthsLate,
  });
}

/** Qualitative rows: a tier, or full when the 完成值 is the 指标值 word for word. */
function scoreQualitative(
  row: IndicatorRow,
  actual: Quantity,
  weight: Ratio,
  config: ScoringConfig,
  how: RowHow,
): ScoredRow {
  if (
    row.assessment === undefined &&
    actual.kind === "text" &&
    row.target.kind === "text" &&
    actual.text.trim() === row.target.text.trim()
  ) {
    return result(
      row,
      how,
      weight,
      weight,
      "met",
      `完成值与指标值一致（${actual.text}）→ 满分 ${f2(weight)}`,
      {
        tier: "达成",
      },
    );
  }
  return tierResult(row, how, weight, config, "定性指标");
}
