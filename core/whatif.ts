import { type ScoringConfig, scoringConfigOf } from "./config.js";
import { decimalsOf } from "./money.js";
import { type Expected, normalizeInput, parseAnswer } from "./parse.js";
import { indicatorRows } from "./places.js";
import { formatQuantity, magnitude, type Quantity } from "./quantity.js";
import { Ratio } from "./ratio.js";
import { type IndicatorRow, type Report, type Tier, TierSchema } from "./report.js";
import { computeScore, type ScoreResult, scoreRow } from "./scoring.js";

/** A figure or row value to try: NAME is a row's 三级指标 text or id, or a fund figure (全年执行数…). */
export interface WhatIfChange {
  name: string;
  value: string;
}

export type WhatIfErrorCode = "UNKNOWN_NAME" | "AMBIGUOUS_NAME" | "BAD_VALUE" | "BAD_SYNTAX";
export interface WhatIfError {
  code: WhatIfErrorCode;
  name: string;
  message: string;
}

export interface ScoreSummary {
  total: string;
  grade: string;
}

export interface GroupChange {
  name: string;
  weight: string;
  before: string;
  after: string;
  change: string;
}

export interface WhatIfOutcome {
  before: ScoreSummary;
  after: ScoreSummary;
  groups: GroupChange[];
  gradeChanged: boolean;
  applied: { target: string; from: string; to: string }[];
}

export type WhatIfResult = { ok: true; value: WhatIfOutcome } | { ok: false; error: WhatIfError };

const FUND_FIELDS = {
  年初预算数: "initialBudget",
  全年预算数: "fullBudget",
  全年执行数: "executed",
} as const;
type FundField = (typeof FUND_FIELDS)[keyof typeof FUND_FIELDS];

type Target = { kind: "row"; row: IndicatorRow } | { kind: "fund"; field: FundField; label: string };

/** Names compare after NFKC (full-width brackets → ASCII) with spaces removed. */
function key(name: string): string {
  return name.normalize("NFKC").replace(/\s+/g, "");
}
/** "资金直补受益移民（人）" → "资金直补受益移民": the unit in brackets may be left out. */
function withoutUnit(name: string): string {
  return key(name).replace(/\([^()]*\)$/, "");
}

/** Finds what a what-if NAME refers to: row id, exact row name, row name without its unit, or a fund figure. */
export function resolveTarget(
  report: Report,
  name: string,
): { ok: true; target: Target } | { ok: false; error: WhatIfError } {
  const rows = indicatorRows(report).map((r) => r.row);
  const k = key(name);
  const byId = rows.find((r) => r.id === name.trim());
  if (byId) return { ok: true, target: { kind: "row", row: byId } };
  for (const match of [
    (r: IndicatorRow) => key(r.name) === k,
    (r: IndicatorRow) => withoutUnit(r.name) === withoutUnit(k),
  ]) {
    const found = rows.filter(match);
    if (found.length === 1) return { ok: true, target: { kind: "row", row: found[0] as IndicatorRow } };
    if (found.length > 1) {
      return {
        ok: false,
        error: {
          code: "AMBIGUOUS_NAME",
          name,
          message: `“${name}”对应多个指标：${found.map((r) => `${r.id} ${r.name}`).join("；")}，请用编号，例如 ${found[0]?.id}`,
        },
      };
    }
  }
  for (const [label, field] of Object.entries(FUND_FIELDS)) {
    if (k === label || k === `selfEvaluation.funds.${field}`)
      return { ok: true, target: { kind: "fund", field, label } };
  }
  const near = rows
    .filter((r) => key(r.name).includes(withoutUnit(k)) || withoutUnit(k).includes(withoutUnit(r.name)))
    .slice(0, 3);
  return {
    ok: false,
    error: {
      code: "UNKNOWN_NAME",
      name,
      message: `没有名为“${name}”的指标或数字。${near.length > 0 ? `是否指：${near.map((r) => r.name).join("、")}？` : ""}请照表写三级指标名称或编号，例如：${rows[0]?.name ?? "资金直补受益移民（人）"}=23330`,
    },
  };
}

/** What a row's 完成值 must look like, from its 指标值. */
export function expectedForRow(row: IndicatorRow): Expected {
  const t = row.target;
  switch (t.kind) {
    case "count":
      return { kind: "count", units: [t.unit], integer: !t.value.includes(".") };
    case "percent":
      return { kind: "percent" };
    case "money":
      return { kind: "money", unit: t.unit };
    case "number":
      return { kind: "number" };
    case "date":
      return { kind: "date" };
    case "text":
      return { kind: "text" };
  }
}

/** An amount per unit (元/页): "0.37元/页" or "0.37元" for a row whose 指标值 is "≤0.40元/页". */
function perUnit(row: IndicatorRow, raw: string): ReturnType<typeof parseAnswer> | null {
  const t = row.target;
  if (t.kind !== "money" || t.per === undefined) return null;
  const r = parseAnswer(raw, { kind: "quantity", moneyUnit: t.unit });
  if (!r.ok || r.value.kind !== "money" || r.value.unit !== t.unit) return null;
  if (r.value.per !== undefined && r.value.per !== t.per) return null;
  return { ok: true, value: { ...r.value, per: t.per } };
}

const TIER_INPUT = /^(达成|部分达成|未达成)(?:\s*(\d+(?:\.\d+)?)\s*%?)?$/;

/** Applies one change to a copy of the report; the stored report is never touched. */
function applyChange(
  report: Report,
  target: Target,
  raw: string,
): { ok: true; report: Report; from: string; to: string } | { ok: false; error: WhatIfError } {
  const copy = structuredClone(report);
  if (target.kind === "fund") {
    const parsed = parseAnswer(raw, { kind: "money", unit: report.unit.moneyUnit });
    if (!parsed.ok)
      return {
        ok: false,
        error: { code: "BAD_VALUE", name: target.label, message: `${target.label}：${parsed.error.message}` },
      };
    const q = parsed.value as Extract<Quantity, { kind: "money" }>;
    const from = copy.selfEvaluation.funds[target.field];
    copy.selfEvaluation.funds[target.field] = q.value;
    return {
      ok: true,
      report: copy,
      from: from === undefined ? "（未填）" : `${from}${report.unit.moneyUnit}`,
      to: `${q.value}${report.unit.moneyUnit}`,
    };
  }
  const row = indicatorRows(copy).find((r) => r.row.id === target.row.id)?.row as IndicatorRow;
  const from = row.actual ? formatQuantity(row.actual) : "（未填）";
  const text = normalizeInput(raw);
  if (text === "不涉及") {
    row.applicable = false;
    return { ok: true, report: copy, from, to: "不涉及" };
  }
  const tier = TIER_INPUT.exec(text);
  if (tier && (row.rule === "deadline" || row.rule === "qualitative" || row.rule === "<=")) {
    row.assessment = {
      tier: TierSchema.parse(tier[1]) as Tier,
      ...(tier[2] !== undefined && { percent: tier[2] }),
    };
    return { ok: true, report: copy, from: target.row.assessment?.tier ?? from, to: text };
  }
  const parsed = perUnit(row, raw) ?? parseAnswer(raw, expectedForRow(row));
  if (!parsed.ok)
    return {
      ok: false,
      error: { code: "BAD_VALUE", name: row.name, message: `${row.name}：${parsed.error.message}` },
    };
  row.actual = parsed.value;
  return { ok: true, report: copy, from, to: formatQuantity(parsed.value) };
}

function summary(s: ScoreResult): ScoreSummary {
  return { total: s.shownTotal.toFixed(2), grade: s.grade ?? "—" };
}

function groupChanges(before: ScoreResult, after: ScoreResult): GroupChange[] {
  const rows: GroupChange[] = [
    {
      name: "预算执行率",
      weight: before.execution.weight.toFixed(2),
      before: before.execution.score.toFixed(2),
      after: after.execution.score.toFixed(2),
      change: after.execution.score.sub(before.execution.score).toFixed(2),
    },
  ];
  before.groups.forEach((g, i) => {
    const a = after.groups[i] ?? g;
    rows.push({
      name: g.name,
      weight: g.weight.toFixed(2),
      before: g.score.toFixed(2),
      after: a.score.toFixed(2),
      change: a.score.sub(g.score).toFixed(2),
    });
  });
  return rows;
}

/**
 * What-if: sets one or more figures or row values on a copy of the report and scores it again.
 * Returns the total and grade before and after, and the change per group; the report is unchanged.
 */
export function whatIf(report: Report, changes: WhatIfChange[]): WhatIfResult {
  let current = report;
  const applied: WhatIfOutcome["applied"] = [];
  for (const c of changes) {
    const t = resolveTarget(current, c.name);
    if (!t.ok) return t;
    const r = applyChange(current, t.target, c.value);
    if (!r.ok) return r;
    current = r.report;
    applied.push({
      target: t.target.kind === "row" ? t.target.row.name : t.target.label,
      from: r.from,
      to: r.to,
    });
  }
  const before = computeScore(report);
  const after = computeScore(current);
  return {
    ok: true,
    value: {
      before: summary(before),
      after: summary(after),
      groups: groupChanges(before, after),
      gradeChanged: before.grade !== after.grade,
      applied,
    },
  };
}

/** Parses "NAME=VALUE" (also with "＝"); several pairs may be separated by spaces, "，" or "；". */
export function parseWhatIfPairs(
  text: string,
): { ok: true; changes: WhatIfChange[] } | { ok: false; error: WhatIfError } {
  const parts = text
    .replace(/＝/g, "=")
    .split(/[；;，,\n]|\s+(?=[^=\s]+\s*=)/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const changes: WhatIfChange[] = [];
  for (const p of parts) {
    const eq = p.indexOf("=");
    if (eq <= 0 || eq === p.length - 1) {
      return {
        ok: false,
        error: {
          code: "BAD_SYNTAX",
          name: p,
          message: `“${p}”应写作 指标名称=数值，例如：资金直补受益移民（人）=23330`,
        },
      };
    }
    changes.push({ name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() });
  }
  if (changes.length === 0) {
    return {
      ok: false,
      error: {
        code: "BAD_SYNTAX",
        name: "",
        message: "请写出要试算的指标和数值，例如：资金直补受益移民（人）=23330",
      },
    };
  }
  return { ok: true, changes };
}

export type Goal = { total: string } | { grade: string };

export interface RequiredValue {
  row: string;
  /** the smallest (≥ rows) or largest (≤ rows) 完成值 that reaches the goal; null when unreachable */
  value: string | null;
  direction: "at-least" | "at-most" | null;
  reachable: boolean;
  alreadyReached: boolean;
  /** the total the goal needs, as shown (two decimals) */
  neededTotal: string;
  message: string;
}

/**
 * Reverse what-if: the smallest 完成值 of one row (largest, for ≤ rows) at which the shown total reaches
 * `goal` (a total, or a grade's lowest total), all else unchanged — or "not reachable by this row alone".
 */
export function requiredValue(
  report: Report,
  name: string,
  goal: Goal,
): { ok: true; value: RequiredValue } | { ok: false; error: WhatIfError } {
  const t = resolveTarget(report, name);
  if (!t.ok) return t;
  if (t.target.kind !== "row") {
    return {
      ok: false,
      error: {
        code: "UNKNOWN_NAME",
        name,
        message: "反向试算只适用于绩效指标行，例如：资金直补受益移民（人）",
      },
    };
  }
  const config: ScoringConfig = scoringConfigOf(report);
  const goalTotal = totalOf(goal, config);
  if (!goalTotal.ok) return goalTotal;
  const needed = goalTotal.total;
  const row = t.target.row;
  const score = computeScore(report, config);
  const found = score.groups.flatMap((g) => g.rows).find((r) => r.id === row.id);
  if (!found) throw new Error(`row ${row.id} not scored`);
  // The shown total (half-up to `totalDecimals`) reaches `needed` iff the exact total ≥ needed − half a unit.
  const half = Ratio.of(1, 2n * 10n ** BigInt(config.totalDecimals));
  const others = score.total.sub(found.score);
  const requiredRow = needed.sub(half).sub(others);
  const neededTotal = needed.toFixed(config.totalDecimals);
  const base = { row: row.name, neededTotal };
  const reached = score.total.gte(needed.sub(half));
  if (requiredRow.gt(found.weight)) {
    return {
      ok: true,
      value: {
        ...base,
        value: null,
        direction: null,
        reachable: false,
        alreadyReached: false,
        message: `仅靠“${row.name}”达不到 ${neededTotal} 分：此行满分 ${found.weight.toFixed(2)}，其余各项合计 ${others.toFixed(2)}`,
      },
    };
  }
  const t0 = magnitude(row.target);
  if ((row.rule !== ">=" && row.rule !== "<=") || !t0 || !("value" in row.target)) {
    // non-numeric rows (deadline, qualitative) move by tier, not by value
    return {
      ok: true,
      value: {
        ...base,
        value: null,
        direction: null,
        reachable: true,
        alreadyReached: reached,
        message: `“${row.name}”按档次计分，需本行得分不低于 ${requiredRow.max(Ratio.ZERO).toFixed(2)}（满分 ${found.weight.toFixed(2)}），可用 达成 / 部分达成 / 未达成 试算`,
      },
    };
  }
  const numeric = rowValueFor(row, requiredRow, found.weight, neededTotal);
  if ("message" in numeric) return { ok: true, value: { ...base, ...numeric, alreadyReached: reached } };
  const { value, unit } = numeric;
  const weight = found.weight;
  // check with the real scorer: the value found must score enough (it is exact, but the check is cheap)
  const probe = {
    ...row,
    actual: { ...(row.target as Extract<Quantity, { value: string }>), value } as Quantity,
  };
  const got = scoreRow(probe, weight, config).score;
  if (got.lt(requiredRow)) throw new Error(`requiredValue: ${value} scores ${got} < ${requiredRow}`);
  return {
    ok: true,
    value: {
      ...base,
      value,
      direction: row.rule === ">=" ? "at-least" : "at-most",
      reachable: true,
      alreadyReached: reached,
      message: `“${row.name}”${row.rule === ">=" ? "至少" : "至多"}为 ${value}${unit}，总分可达 ${neededTotal}${reached ? "（现已达到）" : ""}`,
    },
  };
}

/** The total a goal needs: the total given, or the lowest total of the grade named. */
function totalOf(
  goal: Goal,
  config: ScoringConfig,
): { ok: true; total: Ratio } | { ok: false; error: WhatIfError } {
  if ("grade" in goal) {
    const g = config.grades.find((x) => x.label === goal.grade.trim());
    if (!g) {
      return {
        ok: false,
        error: {
          code: "BAD_VALUE",
          name: goal.grade,
          message: `没有等级“${goal.grade}”，可选：${config.grades.map((x) => x.label).join("、")}`,
        },
      };
    }
    return { ok: true, total: g.min };
  }
  const p = parseAnswer(goal.total, { kind: "number" });
  if (!p.ok || p.value.kind !== "number") {
    return {
      ok: false,
      error: { code: "BAD_VALUE", name: goal.total, message: `目标总分应为数字，例如 95` },
    };
  }
  return { ok: true, total: Ratio.fromDecimal(p.value.value) };
}

/**
 * The 完成值 of a numeric row (≥ or ≤) that scores at least `requiredRow` of its `weight`, at the
 * decimals of its 指标值; or the answer in words when no single value is the answer.
 */
function rowValueFor(
  row: IndicatorRow,
  requiredRow: Ratio,
  weight: Ratio,
  neededTotal: string,
): { value: string; unit: string } | Pick<RequiredValue, "value" | "direction" | "reachable" | "message"> {
  const target = row.target as Extract<Quantity, { value: string }>;
  const places = target.kind === "percent" ? Math.max(2, decimalsOf(target.value)) : decimalsOf(target.value);
  const tv = Ratio.fromDecimal(target.value);
  const unit =
    target.kind === "percent" ? "%" : target.kind === "count" || target.kind === "money" ? target.unit : "";
  let value: string;
  if (row.rule === ">=") {
    // score = min(a/t, 1) × w ≥ r  ⇔  a ≥ r/w × t
    const a = requiredRow.lte(Ratio.ZERO) || weight.isZero() ? Ratio.ZERO : requiredRow.div(weight).mul(tv);
    value = a.ceil(places).toFixed(places);
  } else {
    // score = t/a × w (a > t) ≥ r  ⇔  a ≤ t × w / r
    if (requiredRow.lte(Ratio.ZERO)) {
      return {
        value: null,
        direction: "at-most",
        reachable: true,
        message: `“${row.name}”无论取何值都能达到 ${neededTotal} 分`,
      };
    }
    if (tv.isZero()) {
      return { value: "0", direction: "at-most", reachable: true, message: `“${row.name}”需为 0${unit}` };
    }
    const a = tv.mul(weight).div(requiredRow);
    value = a.floor(places).toFixed(places);
  }
  return { value, unit };
}
