import type { MoneyUnit } from "../money.js";
import { decimalsOf } from "../money.js";
import type { FormCount, FormField, ValuePlace } from "../places.js";
import { formatQuantity, magnitude, type Quantity } from "../quantity.js";
import { Ratio } from "../ratio.js";
import type { IndicatorRow, Report } from "../report.js";
import type { ScoreResult } from "../scoring.js";

/**
 * What every family of 审核规则 shares: the shape of a finding and of a rule, and the arithmetic that
 * turns two places that disagree into one Chinese line with both values and the difference.
 */
export type Severity = "error" | "warning";

/** A place involved in a finding, with its value as written there (decimal string, or text). */
export interface FindingPlace {
  path: string;
  label: string;
  value: string | null;
  unit: string | null;
}

/**
 * What a finding is about: the arithmetic of the form (a sum, a figure quoted twice, a rate and its two
 * figures), or the plausibility of what the report says (its prose and both attachments telling one
 * story about the same money and work) — a warning to check, never an error.
 */
export type FindingKind = "arithmetic" | "plausibility";

/** One result of the 审核规则: which rule, how bad, where, by how much, in one Chinese line. */
export interface Finding {
  rule: string;
  kind: FindingKind;
  severity: Severity;
  /** what is wrong, in a few words ("商品和服务支出"), for lists and for the narrative */
  subject: string;
  message: string;
  places: FindingPlace[];
  /** stated − computed (or second place − first place), in the unit of the first place; null if not numeric */
  difference: string | null;
  /** plausibility: what the report states or plans, as written ("执行率100%", "计划4976.44万元") */
  stated?: string;
  /** plausibility: what its own figures show instead ("执行率90.17%", "到位4936.44万元") */
  implied?: string;
}

/** A finding as a family of rules builds it; `runChecks` adds its kind from the rule that found it. */
export type RawFinding = Omit<Finding, "kind">;

/** What every rule gets: the report, its score (computed once) and the reference index. */
export interface CheckContext {
  report: Report;
  score: ScoreResult;
  refs: Map<string, ValuePlace>;
  unit: MoneyUnit;
  /** every indicator row by id, with its path in the file */
  rows: Map<string, { row: IndicatorRow; path: string }>;
  /** what a family of rules builds once per review and shares between its rules (its own keys) */
  memo: Record<string, unknown>;
}

export type ColumnsField =
  | "basic"
  | "compressedGeneral"
  | "threePublic"
  | "vehicle"
  | "vehiclePurchase"
  | "vehicleOperation"
  | "reception"
  | "abroad"
  | "projects"
  | "business"
  | "operation"
  | "county";

/** A rule of the table (`index.ts`): its id, severity and title, and what its kind needs. */
export type RuleSpec =
  | {
      id: string;
      kind: "sum";
      severity: Severity;
      title: string;
      total: FormField;
      parts: readonly FormField[];
    }
  | { id: string; kind: "same"; severity: Severity; title: string; places: readonly FormField[] }
  | { id: string; kind: "sameCount"; severity: Severity; title: string; places: readonly FormCount[] }
  | {
      id: string;
      kind: "columns" | "columnsOfWhich";
      severity: Severity;
      title: string;
      total: ColumnsField;
      parts: readonly ColumnsField[];
    }
  | {
      id: string;
      kind: "rate";
      severity: Severity;
      title: string;
      /** [path, label] of the stated percent */
      stated: readonly [string, string];
      /** [path, label, kind] of the numerator and of the denominator */
      numerator: readonly [string, string, "count" | "money"];
      denominator: readonly [string, string, "count" | "money"];
    }
  | {
      id: string;
      kind:
        | "blanks"
        | "columnsCategories"
        | "threePublicChange"
        | "amountTrees"
        | "figureTrees"
        | "references"
        | "derivations"
        | "goals"
        | "rowValues"
        | "farExceeded"
        | "tierMissing"
        | "weights"
        | "declaredGroups"
        | "declaredRows"
        | "declaredReach"
        | "declaredTotal"
        | "declaredGrade"
        | "computedTotal"
        | "unspent"
        | "percentages"
        | "asOf"
        | "goalsDone"
        | "controlled"
        | "planActual"
        | "causes";
      severity: Severity;
      title: string;
    };

type Narrow<R, K> = R extends { kind: infer Kinds } ? (K extends Kinds ? R & { kind: K } : never) : never;
/** A rule of one kind, with what that kind needs. */
export type RuleSpecOf<K extends RuleSpec["kind"]> = Narrow<RuleSpec, K>;

/** The evaluator of one kind of rule. */
export type Evaluator<K extends RuleSpec["kind"]> = (ctx: CheckContext, rule: RuleSpecOf<K>) => RawFinding[];

export function placeOf(p: ValuePlace): FindingPlace {
  const q = p.quantity;
  if (q === null) return { path: p.path, label: p.label, value: null, unit: null };
  switch (q.kind) {
    case "money":
      return { path: p.path, label: p.label, value: q.value, unit: q.per ? `${q.unit}/${q.per}` : q.unit };
    case "count":
      return { path: p.path, label: p.label, value: q.value, unit: q.unit };
    case "percent":
      return { path: p.path, label: p.label, value: q.value, unit: "%" };
    case "number":
      return { path: p.path, label: p.label, value: q.value, unit: null };
    default:
      return { path: p.path, label: p.label, value: formatQuantity(q), unit: null };
  }
}

/**
 * A magnitude back in the unit people read it in (money in the report's unit), with at least `places`
 * decimals and all of an exact value's decimals ("2131.675"); a repeating value is cut at `places` (≥ 2).
 */
export function show(value: Ratio, dim: string, unit: MoneyUnit, places: number): string {
  const v = dim === "money" ? value.div(unit === "万元" ? MILLION : HUNDRED) : value; // money magnitudes are in 分
  const exact = v.exactDecimals();
  return v.toFixed(exact === null ? Math.max(places, 2) : Math.max(places, exact));
}

export const HUNDRED = Ratio.of(100);
export const MILLION = Ratio.of(1_000_000);

export function unitText(dim: string, unit: MoneyUnit, q: Quantity | null): string {
  if (dim === "money") return unit;
  if (dim === "percent") return "个百分点";
  return q && q.kind === "count" ? q.unit : "";
}

export function maxDecimals(values: (string | undefined | null)[]): number {
  return values.reduce((m, v) => (v ? Math.max(m, decimalsOf(v)) : m), 0);
}

/** The sum of magnitudes of places; null when a part is not a comparable number. */
export function sumOf(places: ValuePlace[], dim: string): Ratio | null {
  let total = Ratio.ZERO;
  for (const p of places) {
    if (p.quantity === null) continue; // blank = nothing spent
    const m = magnitude(p.quantity);
    if (!m || m.dim !== dim) return null;
    total = total.add(m.value);
  }
  return total;
}

export function sumFinding(
  ctx: CheckContext,
  rule: { id: string; severity: Severity },
  title: string,
  total: ValuePlace,
  parts: ValuePlace[],
): RawFinding[] {
  const filled = parts.filter((p) => p.quantity !== null);
  if (total.quantity === null) {
    if (filled.length === 0) return [];
    const dim = magnitude(filled[0]?.quantity as Quantity)?.dim ?? "money";
    const s = sumOf(parts, dim);
    const places = maxDecimals(filled.map((p) => placeOf(p).value));
    return [
      {
        rule: rule.id,
        severity: "warning",
        subject: title,
        message: `${title}：合计未填写，而明细合计为 ${s ? show(s, dim, ctx.unit, places) : "?"}${unitText(dim, ctx.unit, filled[0]?.quantity ?? null)}`,
        places: [total, ...parts].map(placeOf),
        difference: null,
      },
    ];
  }
  // no parts at all: nothing to add up (a category with no item rows is a row like any other)
  if (parts.length === 0) return [];
  // parts all still blank: not a mismatch, a list of what is still to fill
  if (filled.length === 0) {
    return [
      {
        rule: rule.id,
        severity: "warning",
        subject: title,
        message: `${title}：合计已填 ${formatQuantity(total.quantity)}，明细尚未填写：${parts.map((p) => p.label).join("、")}`,
        places: [total, ...parts].map(placeOf),
        difference: null,
      },
    ];
  }
  const tm = magnitude(total.quantity);
  if (!tm) return [];
  const s = sumOf(parts, tm.dim);
  if (s === null || s.eq(tm.value)) return [];
  const places = maxDecimals([placeOf(total).value, ...filled.map((p) => placeOf(p).value)]);
  const diff = tm.value.sub(s);
  const u = unitText(tm.dim, ctx.unit, total.quantity);
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: title,
      message: `${title}：各项合计 ${show(s, tm.dim, ctx.unit, places)}${u}，填报 ${show(tm.value, tm.dim, ctx.unit, places)}${u}，相差 ${show(diff.abs(), tm.dim, ctx.unit, places)}${u}`,
      places: [total, ...parts].map(placeOf),
      difference: show(diff, tm.dim, ctx.unit, places),
    },
  ];
}

export function sameFindings(
  ctx: CheckContext,
  rule: { id: string; severity: Severity },
  title: string,
  places: ValuePlace[],
): RawFinding[] {
  const filled = places.filter((p) => p.quantity !== null);
  const first = filled[0];
  if (!first?.quantity) return [];
  const fm = magnitude(first.quantity);
  const out: RawFinding[] = [];
  for (const other of filled.slice(1)) {
    const q = other.quantity as Quantity;
    const om = magnitude(q);
    if (!fm || !om) {
      if (formatQuantity(first.quantity) !== formatQuantity(q)) {
        out.push({
          rule: rule.id,
          severity: rule.severity,
          subject: title,
          message: `${title}：${first.label}为“${formatQuantity(first.quantity)}”，${other.label}为“${formatQuantity(q)}”`,
          places: [first, other].map(placeOf),
          difference: null,
        });
      }
      continue;
    }
    if (fm.dim !== om.dim || fm.per !== om.per) {
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: title,
        message: `${title}：${first.label}（${formatQuantity(first.quantity)}）与${other.label}（${formatQuantity(q)}）单位不同，无法核对`,
        places: [first, other].map(placeOf),
        difference: null,
      });
      continue;
    }
    if (fm.value.eq(om.value)) continue;
    const places2 = maxDecimals([placeOf(first).value, placeOf(other).value]);
    const diff = om.value.sub(fm.value);
    const u = unitText(fm.dim, ctx.unit, first.quantity);
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: title,
      message: `${title}：${first.label}为 ${formatQuantity(first.quantity)}，${other.label}为 ${formatQuantity(q)}，相差 ${show(diff.abs(), fm.dim, ctx.unit, places2)}${u}`,
      places: [first, other].map(placeOf),
      difference: show(diff, fm.dim, ctx.unit, places2),
    });
  }
  return out;
}

export function ofWhichFindings(
  ctx: CheckContext,
  rule: { id: string; severity: Severity },
  title: string,
  total: ValuePlace,
  items: ValuePlace[],
): RawFinding[] {
  const tm = total.quantity ? magnitude(total.quantity) : null;
  if (!tm) return [];
  const out: RawFinding[] = [];
  for (const item of items) {
    const im = item.quantity ? magnitude(item.quantity) : null;
    if (!im || im.dim !== tm.dim || im.value.lte(tm.value)) continue;
    const places = maxDecimals([placeOf(total).value, placeOf(item).value]);
    const diff = tm.value.sub(im.value);
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: title,
      message: `${title}：${item.label} ${show(im.value, tm.dim, ctx.unit, places)}${unitText(tm.dim, ctx.unit, total.quantity)} 大于 ${total.label} ${show(tm.value, tm.dim, ctx.unit, places)}${unitText(tm.dim, ctx.unit, total.quantity)}`,
      places: [total, item].map(placeOf),
      difference: show(diff, tm.dim, ctx.unit, places),
    });
  }
  return out;
}

/** A stated rate against numerator / denominator × 100, compared at the decimals it is stated with. */
export function rateFinding(
  rule: { id: string; severity: Severity },
  title: string,
  stated: ValuePlace,
  numerator: ValuePlace,
  denominator: ValuePlace,
): RawFinding[] {
  if (stated.quantity === null || numerator.quantity === null || denominator.quantity === null) return [];
  const s = magnitude(stated.quantity);
  const n = magnitude(numerator.quantity);
  const d = magnitude(denominator.quantity);
  if (!s || !n || !d || d.value.isZero() || n.dim !== d.dim) return [];
  const places = decimalsOf(placeOf(stated).value ?? "0");
  const exact = n.value.div(d.value).mul(Ratio.of(100));
  if (exact.toFixed(places) === s.value.toFixed(places)) return [];
  const shownPlaces = Math.max(places, 2);
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: title,
      message: `${title}：填报 ${formatQuantity(stated.quantity)}，按 ${formatQuantity(numerator.quantity)} / ${formatQuantity(denominator.quantity)} 计算为 ${exact.toFixed(shownPlaces)}%`,
      places: [stated, numerator, denominator].map(placeOf),
      difference: s.value.sub(exact).toFixed(shownPlaces),
    },
  ];
}
