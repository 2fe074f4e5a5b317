import { firstDay, lastDay } from "../date.js";
import { decimalsOf } from "../money.js";
import type { ValuePlace } from "../places.js";
import { type DateSpec, formatQuantity } from "../quantity.js";
import { Ratio } from "../ratio.js";
import type { FigureRole, IndicatorRow } from "../report.js";
import { asOfInName, type ShareOf, shareOf } from "../roles.js";
import { type CheckContext, type Evaluator, HUNDRED, placeOf, type RawFinding } from "./finding.js";
import {
  asOfSpec,
  comparable,
  dateOf,
  type ProseFigure,
  type ProseIndex,
  percentOf,
  proseIndex,
  related,
  written,
} from "./prose.js";

/**
 * Plausibility of the report's stated rates and times: a stated percentage its own figures can
 * reproduce, and a value "as of" a date after the form was filled in.
 */
export const CLAIM_RULES: { [K in "percentages" | "asOf"]: Evaluator<K> } = {
  percentages: (ctx, rule) => percentageFindings(ctx, rule),
  asOf: (ctx, rule) => asOfFindings(ctx, rule),
};

type Rule = { id: string; severity: "error" | "warning" };
const value = (p: ProseFigure) => (p.m as { value: Ratio }).value;
const float = (r: Ratio) => r.toNumber();

/** When the form was filled in: 附件1-2's date for its rows, the later of both forms for the prose. */
export function filledDates(ctx: CheckContext): { rows: DateSpec | null; prose: DateSpec | null } {
  const se = dateOf(ctx.report.selfEvaluation.filledAt);
  const bd = dateOf(ctx.report.basicData.filledAt);
  const later = se && bd ? (lastDay(se) >= lastDay(bd) ? se : bd) : (se ?? bd);
  return { rows: se ?? bd, prose: later };
}

/** A row's 完成值 is "as of" a date after 附件1-2 was filled in (or is itself a date after it). */
export function rowTooEarly(
  ctx: CheckContext,
  row: IndicatorRow,
  filled: DateSpec | null,
): { asOf: string | null; when: string } | null {
  if (!filled || !row.actual) return null;
  const spec = asOfInName(row.name, ctx.report.unit.year);
  if (spec && lastDay(spec) > lastDay(filled)) return { asOf: spec.text, when: `截至${spec.text}` };
  if (row.actual.kind === "date" && firstDay(row.actual) > lastDay(filled))
    return { asOf: null, when: row.actual.text };
  return null;
}

function asOfFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const filled = filledDates(ctx);
  const out: RawFinding[] = [];
  for (const { row, path } of ctx.rows.values()) {
    const early = rowTooEarly(ctx, row, filled.rows);
    if (!early || !row.actual || !filled.rows) continue;
    const actual = formatQuantity(row.actual);
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: row.name,
      message: early.asOf
        ? `${row.name}：完成值 ${actual} 是截至 ${early.asOf} 的数，而附件1-2 的填报时间是 ${filled.rows.text}，填报时尚无从得知`
        : `${row.name}：完成值 ${actual} 晚于附件1-2 的填报时间 ${filled.rows.text}，填报时尚未发生`,
      places: [
        placeOf({ path: `${path}.actual`, label: `附件1-2 ${row.name} 完成值`, quantity: row.actual }),
      ],
      difference: null,
      stated: early.when,
      implied: `填报于${filled.rows.text}`,
    });
  }
  const seen = new Set<string>();
  for (const p of proseIndex(ctx).figures) {
    // a plan or a forecast may well speak of a later date
    if (p.role === "计划数" || FORECAST_WORDS.test(p.label)) continue;
    const spec = p.asOf ? asOfSpec(p) : asOfInName(p.label, ctx.report.unit.year);
    if (!spec || !filled.prose || lastDay(spec) <= lastDay(filled.prose) || seen.has(p.group)) continue;
    seen.add(p.group);
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: p.label,
      message: `${p.place.label}：${written(p)} 是截至 ${spec.text} 的数，而报告的填报时间是 ${filled.prose.text}，填报时尚无从得知`,
      places: [placeOf(p.place)],
      difference: null,
      stated: `截至${spec.text}`,
      implied: `填报于${filled.prose.text}`,
    });
  }
  return out;
}

/** Words of a label that make its figure a plan or a forecast, whatever else it says ("预计…结余"). */
const FORECAST_WORDS = /计划|预计|预测|拟|目标|应付|应支付/;

type Candidate = { parts: ProseFigure[]; of: ProseFigure; rate: number };

/**
 * Whether a stated percentage is a share of the report's figures named by its label, at the precision
 * it is written: a / b, or (a + b) / c, all of one section. For a rate that names only the thing
 * ("项目资金完成率") the figures must count the same thing (their subjects one the part of the other:
 * "第3村计划项目资金" is not compared with "第5村到位项目资金"). Null when no figure carries those names
 * (nothing to compare); else whether one reproduces it, and the candidates nearest to it.
 */
function reproduce(stated: string, share: ShareOf, figures: ProseFigure[]) {
  const may = (p: ProseFigure, roles: ReadonlySet<FigureRole> | undefined) =>
    !roles || p.role === null || roles.has(p.role);
  const nums = figures.filter(
    (p) => p.m && p.label.includes(share.numerator) && may(p, share.numeratorRoles),
  );
  // one denominator per figure quoted in several places, the plan's own label first
  const seen = new Set<string>();
  const dens = figures
    .filter(
      (p) =>
        p.m && !value(p).isZero() && p.label.includes(share.denominator) && may(p, share.denominatorRoles),
    )
    .sort((a, b) => Number(b.role === "计划数") - Number(a.role === "计划数"))
    .filter((p) => !seen.has(p.group) && seen.add(p.group));
  if (nums.length === 0 || dens.length === 0) return null;
  const places = decimalsOf(stated);
  const want = Number(stated);
  const tolerance = 0.5 * 10 ** -places + 1e-9;
  const exact = Ratio.fromDecimal(stated).toFixed(places);
  const hits = (sum: Ratio, of: ProseFigure) => sum.div(value(of)).mul(HUNDRED).toFixed(places) === exact;
  const singles: Candidate[] = [];
  for (const of of dens) {
    const usable = nums.filter(
      (n) =>
        n.list === of.list &&
        n.group !== of.group &&
        comparable(n, of) &&
        (share.named || related(n.subject, of.subject)),
    );
    const c = float(value(of));
    for (const n of usable) {
      const rate = (float(value(n)) / c) * 100;
      if (Math.abs(rate - want) <= tolerance && hits(value(n), of)) return { reproduced: true, closest: [] };
      singles.push({ parts: [n], of, rate });
    }
    if (pairHits(usable, of, want, tolerance, hits)) return { reproduced: true, closest: [] };
  }
  if (singles.length === 0) return null;
  singles.sort((x, y) => Math.abs(x.rate - want) - Math.abs(y.rate - want));
  const closest: Candidate[] = [];
  for (const c of singles) {
    if (closest.length === 2) break;
    if (!closest.some((k) => k.rate === c.rate)) closest.push(c);
  }
  return { reproduced: false, closest };
}

/**
 * Whether two parts of the thing `of` counts add up to the stated share of it: the parts sorted once,
 * the pairs whose sum falls within the tolerance found by two pointers (linear, not quadratic), each
 * then checked exactly.
 */
function pairHits(
  usable: ProseFigure[],
  of: ProseFigure,
  want: number,
  tolerance: number,
  hits: (sum: Ratio, of: ProseFigure) => boolean,
): boolean {
  const parts = usable.filter((n) => related(n.subject, of.subject));
  if (parts.length < 2) return false;
  const c = float(value(of));
  const lo = ((want - tolerance) * c) / 100 - 1e-9 * Math.abs(c);
  const hi = ((want + tolerance) * c) / 100 + 1e-9 * Math.abs(c);
  const sorted = parts.map((p) => ({ p, v: float(value(p)) })).sort((a, b) => a.v - b.v);
  let j = sorted.length - 1;
  for (let i = 0; i < j; i++) {
    const a = sorted[i] as { p: ProseFigure; v: number };
    while (j > i && a.v + (sorted[j] as { v: number }).v > hi) j--;
    // every partner from j down while the sum stays within [lo, hi]
    for (let k = j; k > i; k--) {
      const b = sorted[k] as { p: ProseFigure; v: number };
      if (a.v + b.v < lo) break;
      if (a.p.group !== b.p.group && hits(value(a.p).add(value(b.p)), of)) return true;
    }
  }
  return false;
}

function candidateText(c: Candidate): string {
  const n = c.parts[0] as ProseFigure;
  return `${n.place.label} ${written(n)} ÷ ${c.of.place.label} ${written(c.of)} = ${percentOf(value(n), value(c.of))}`;
}

function percentageFinding(
  rule: Rule,
  place: ValuePlace,
  subject: string,
  stated: string,
  closest: Candidate[],
): RawFinding {
  const best = closest[0] as Candidate;
  const top = best.parts[0] as ProseFigure;
  return {
    rule: rule.id,
    severity: rule.severity,
    subject,
    message: `${place.label} ${stated}%：不能由报告中的数字算出；最接近的是 ${closest.map(candidateText).join("；")}`,
    places: [place, ...closest.flatMap((c) => [...c.parts.map((p) => p.place), c.of.place])]
      .filter((p, i, all) => all.findIndex((q) => q.path === p.path) === i)
      .map(placeOf),
    difference: Ratio.fromDecimal(stated)
      .sub(value(top).mul(HUNDRED).div(value(best.of)))
      .toFixed(2),
    stated: `${stated}%`,
    implied: percentOf(value(top), value(best.of)),
  };
}

/** The figures of one section. */
function sectionOf(index: ProseIndex, list: number): ProseFigure[] {
  return index.figures.filter((x) => x.list === list);
}

function percentageFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const index = proseIndex(ctx);
  const out: RawFinding[] = [];
  for (const p of index.figures) {
    const q = p.figure?.value;
    if (!p.figure || q?.kind !== "percent" || p.figure.ratioOf) continue;
    const share = shareOf(p.label);
    const r = share && reproduce(q.value, share, sectionOf(index, p.list));
    if (r && !r.reproduced) out.push(percentageFinding(rule, p.place, p.label, q.value, r.closest));
  }
  const filled = filledDates(ctx).rows;
  for (const { row, path } of ctx.rows.values()) {
    const actual = row.actual;
    if (actual?.kind !== "percent" || row.actualRef || !row.applicable) continue;
    const share = shareOf(row.name);
    if (!share || rowTooEarly(ctx, row, filled)) continue; // a value not yet knowable is said so once
    const r = reproduce(actual.value, share, index.amounts);
    if (r && !r.reproduced) {
      const place = { path: `${path}.actual`, label: `附件1-2 ${row.name} 完成值`, quantity: actual };
      out.push(percentageFinding(rule, place, row.name, actual.value, r.closest));
    }
  }
  return out;
}
