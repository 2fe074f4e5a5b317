import { dayNumber, lastDay, parseDateSpec } from "../date.js";
import type { MoneyUnit } from "../money.js";
import { figureLists, type ValuePlace } from "../places.js";
import { type DateSpec, formatQuantity, type Magnitude, magnitude, type Quantity } from "../quantity.js";
import type { Ratio } from "../ratio.js";
import type { AmountNode, Figure, FigureRole, IndicatorRow } from "../report.js";
import { asOfInName, OTHER_YEAR, roleFromLabel, sameSources, sourcesOf, subjectOf } from "../roles.js";
import { type CheckContext, HUNDRED, show } from "./finding.js";

/**
 * The figures of the prose (sections 三 and 四, and 三's 使用情况) as the plausibility rules read them:
 * each with its section, its role (stored, read from its label, or its parent's), what it counts, and
 * which other figures are the same figure quoted again (`sameAs`). Built once per review.
 */
export interface ProseFigure {
  id: string;
  /** the label as typed ("已支付项目资金") */
  label: string;
  /** the place, labelled with its section and time ("四㈡ 已支付项目资金（2021年3月）") */
  place: ValuePlace;
  quantity: Quantity;
  /** money (not a rate per head) or a count; null for percents, dates, text, standards */
  m: Magnitude | null;
  role: FigureRole | null;
  subject: string;
  /** the levels its money comes from ("中央,省"), "" when its label names none */
  sources: string;
  asOf: string | undefined;
  /** the index of its section (a list of figureLists) */
  list: number;
  /** one figure quoted in several places has one group */
  group: string;
  figure: Figure | null;
}

export interface ProseIndex {
  figures: ProseFigure[];
  /** the money and count figures (not rates per head) */
  amounts: ProseFigure[];
  /** the money and count figures with a role, by subject (of every section: see `sameThing`) */
  bySubject: Map<string, ProseFigure[]>;
  /** pairs of groups ("a|b") whose share or difference the report itself states: a gap acknowledged */
  stated: Set<string>;
  /** the money and count figures by section and magnitude (see `sameAmount`) */
  byAmount: Map<string, ProseFigure[]>;
  groupOf: (id: string) => string;
}

/** The index of a review, built on first use and kept with its context. */
export function proseIndex(ctx: CheckContext): ProseIndex {
  const memo = ctx.memo as { prose?: ProseIndex };
  memo.prose ??= buildIndex(ctx);
  return memo.prose;
}

function buildIndex(ctx: CheckContext): ProseIndex {
  const parent = new Map<string, string>();
  const groupOf = (id: string): string => {
    let root = id;
    for (let next = parent.get(root); next !== undefined; next = parent.get(root)) root = next;
    return root;
  };
  const join = (a: string, b: string) => {
    const ra = groupOf(a);
    const rb = groupOf(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const figures: ProseFigure[] = [];
  const stated: [string, string][] = [];
  const lists = figureLists(ctx.report);
  lists.forEach((list, li) => {
    const walk = (f: Figure, inherited: FigureRole | null) => {
      const p = prose(ctx, f.id, f.label, f.value, f.asOf, li, f.role, inherited, f);
      figures.push(p);
      if (f.sameAs) join(f.id, f.sameAs);
      const pair = f.ratioOf ?? f.differenceOf;
      if (pair) stated.push(pair);
      for (const item of f.items ?? []) walk(item, p.role);
    };
    for (const f of list.figures) walk(f, null);
  });
  const gf = ctx.report.governmentFunds;
  if (gf) {
    gf.uses.forEach((n, i) => {
      const use = useFigure(ctx, n, i);
      if (!use) return;
      figures.push(use);
      if (n.sameAs) join(use.id, n.sameAs);
    });
  }
  const groups = new Set<string>();
  for (const [a, b] of stated) {
    groups.add(`${groupOf(a)}|${groupOf(b)}`);
    groups.add(`${groupOf(b)}|${groupOf(a)}`);
  }
  const bySubject = new Map<string, ProseFigure[]>();
  const byAmount = new Map<string, ProseFigure[]>();
  const amounts: ProseFigure[] = [];
  for (const f of figures) {
    f.group = groupOf(f.id);
    if (f.m === null) continue;
    amounts.push(f);
    const key = amountKey(f.list, f.m.dim, f.m.value);
    const equal = byAmount.get(key);
    if (equal) equal.push(f);
    else byAmount.set(key, [f]);
    if (f.role === null || f.subject === "") continue;
    const same = bySubject.get(f.subject);
    if (same) same.push(f);
    else bySubject.set(f.subject, [f]);
  }
  return { figures, amounts, bySubject, stated: groups, byAmount, groupOf };
}

function amountKey(list: number, dim: string, value: Ratio): string {
  return `${list}|${dim}|${value.toString()}`;
}

/** The money or count figures of section `list` whose magnitude is `value` (of the kind `dim`). */
export function sameAmount(index: ProseIndex, list: number, dim: string, value: Ratio): ProseFigure[] {
  return index.byAmount.get(amountKey(list, dim, value)) ?? [];
}

/**
 * The figures of one section that count the same thing as `p` (their subjects are equal, and their money
 * comes from the same levels, or one of them names none), `p` too.
 */
export function sameThing(index: ProseIndex, p: ProseFigure): ProseFigure[] {
  return (index.bySubject.get(p.subject) ?? []).filter(
    (x) => x.list === p.list && sameSources(x.sources, p.sources),
  );
}

/** A use of the government funds (三、使用情况) read as a money figure of section 三. */
function useFigure(ctx: CheckContext, n: AmountNode, i: number): ProseFigure | null {
  if (n.amount === undefined) return null;
  const id = n.id ?? `governmentFunds.uses.${i}`;
  const quantity: Quantity = { kind: "money", value: n.amount, unit: ctx.unit };
  const place = (n.id && ctx.refs.get(n.id)) || {
    path: `governmentFunds.uses.${i}.amount`,
    label: `三、使用情况 › ${n.name}${n.asOf ? `（${n.asOf}）` : ""}`,
    quantity,
  };
  return prose(ctx, id, n.name, quantity, n.asOf, 0, undefined, null, null, place);
}

function prose(
  ctx: CheckContext,
  id: string,
  label: string,
  quantity: Quantity,
  asOf: string | undefined,
  list: number,
  stored: FigureRole | undefined,
  inherited: FigureRole | null,
  figure: Figure | null,
  place: ValuePlace = ctx.refs.get(id) as ValuePlace,
): ProseFigure {
  const m = quantity.kind === "money" || quantity.kind === "count" ? magnitude(quantity) : null;
  const amount = m && m.per === undefined ? m : null;
  return {
    id,
    label,
    place,
    quantity,
    m: amount,
    role: amount ? (stored ?? roleFromLabel(label) ?? inherited) : null,
    subject: subjectOf(label),
    sources: sourcesOf(label),
    asOf,
    list,
    group: id,
    figure,
  };
}

/** Whether two figures can be compared: both money, or counts of the same unit. */
export function comparable(a: ProseFigure, b: ProseFigure): boolean {
  if (!a.m || !b.m || a.m.dim !== b.m.dim) return false;
  return a.m.dim === "money" || unitOf(a) === unitOf(b);
}

export function unitOf(p: ProseFigure): string {
  return p.quantity.kind === "count" ? p.quantity.unit : "";
}

/** A figure as written, with its unit ("2916.49万元", "398个"). */
export function written(p: ProseFigure): string {
  return formatQuantity(p.quantity);
}

const DATES = new Map<string, DateSpec | null>();

/** A date as the forms write it ("2021年5月20日", "2021年3月末"), read once per text. */
export function dateOf(text: string | undefined): DateSpec | null {
  if (!text) return null;
  let spec = DATES.get(text);
  if (spec === undefined) {
    spec = parseDateSpec(text);
    if (DATES.size >= 5_000) DATES.clear();
    DATES.set(text, spec);
  }
  return spec;
}

/** A figure's time (its asOf) read as a date, or null when it has none that reads as one. */
export function asOfSpec(p: ProseFigure): DateSpec | null {
  return dateOf(p.asOf);
}

/** The last day a figure's time covers (its asOf), or null when it has none that reads as a date. */
export function asOfDay(p: ProseFigure): number | null {
  const spec = asOfSpec(p);
  return spec ? lastDay(spec) : null;
}

/**
 * An amount in 分 back in the report's unit, exactly, with at least `places` decimals ("40.00"):
 * integer arithmetic on the 分 (no division of rationals), the same digits `show` gives.
 */
export function moneyText(fen: Ratio, unit: MoneyUnit, places: number): string {
  if (!fen.isInteger()) return show(fen, "money", unit, places);
  const digits = unit === "万元" ? 6 : 2;
  const whole = fen.toString();
  const neg = whole.startsWith("-");
  const text = (neg ? whole.slice(1) : whole).padStart(digits + 1, "0");
  let frac = text.slice(-digits).replace(/0+$/, "");
  if (frac.length < places) frac = frac.padEnd(places, "0");
  return `${neg ? "-" : ""}${text.slice(0, -digits)}${frac ? `.${frac}` : ""}`;
}

/** a ÷ b as a percent, half-up to two decimals ("90.17%"), for two magnitudes of the same kind. */
export function percentOf(a: Ratio, b: Ratio): string {
  return `${a.div(b).mul(HUNDRED).toFixed(2)}%`;
}

/** A magnitude as people read it: money in the report's unit, a count as it is ("292"). */
export function amountText(r: Ratio, dim: string, unit: MoneyUnit, places: number): string {
  if (dim === "money") return moneyText(r, unit, places);
  return r.isInteger() && places === 0 ? r.toString() : show(r, dim, unit, places);
}

const YEARS_NAMED = new Map<string, string>();

/** Whether a label speaks of another year's money (上年结转, 2019年度结余, 年初结转) rather than this year's. */
export function otherYear(label: string, year: number): boolean {
  let years = YEARS_NAMED.get(label);
  if (years === undefined) {
    years = OTHER_YEAR.test(label) ? "*" : [...label.matchAll(/(\d{4})年/g)].map((m) => m[1]).join(",");
    if (YEARS_NAMED.size >= 5_000) YEARS_NAMED.clear();
    YEARS_NAMED.set(label, years);
  }
  return years === "*" || (years !== "" && years.split(",").some((y) => Number(y) !== year));
}

/**
 * Whether a figure speaks of the year's end or later: its time (asOf), or a "截至…" date in its label, is
 * on or after 31 December; with neither, only a label that says 年末 / 年底 does. An undated amount may
 * be a balance during the year.
 */
export function atYearEnd(p: ProseFigure, year: number): boolean {
  const spec = asOfSpec(p) ?? asOfInName(p.label, year);
  if (spec) return lastDay(spec) >= dayNumber(year, 12, 31);
  return /年末|年底|年终/.test(p.label);
}

/** Two subjects that may be one thing and its part or its whole ("项目资金", "后扶项目资金"). */
export function related(a: string, b: string): boolean {
  return a !== "" && b !== "" && (a === b || a.includes(b) || b.includes(a));
}

/** The key of a pair of figures by their magnitudes (and the unit of a count), to match rows. */
function pairKey(dim: string, unit: string, a: Ratio, b: Ratio): string {
  return `${dim}|${unit}|${a.toString()}|${b.toString()}`;
}

/** The key of a plan figure and the figure done against it, to match a row's 指标值 and 完成值. */
export function figurePair(plan: ProseFigure, done: ProseFigure): string {
  const m = plan.m as Magnitude;
  return pairKey(m.dim, unitOf(plan), m.value, (done.m as Magnitude).value);
}

/**
 * The rows whose 指标值 and 完成值 are a pair of numbers of one kind (money, or a count of one unit), by
 * that pair: a prose plan and its done figure with the same two numbers tell the row's story again, and
 * the row is where that shortfall is scored, its cause asked and its explanation checked.
 */
export function rowPairs(ctx: CheckContext): Map<string, { row: IndicatorRow; path: string }> {
  const memo = ctx.memo as { rowPairs?: Map<string, { row: IndicatorRow; path: string }> };
  if (memo.rowPairs) return memo.rowPairs;
  const out = new Map<string, { row: IndicatorRow; path: string }>();
  for (const r of ctx.rows.values()) {
    const { target, actual } = r.row;
    if (!actual || (target.kind !== "money" && target.kind !== "count") || actual.kind !== target.kind)
      continue;
    if (target.kind === "count" && actual.kind === "count" && target.unit !== actual.unit) continue;
    const t = magnitude(target);
    const a = magnitude(actual);
    if (!t || !a || t.per !== undefined || a.per !== undefined) continue;
    out.set(pairKey(t.dim, target.kind === "count" ? target.unit : "", t.value, a.value), r);
  }
  memo.rowPairs = out;
  return out;
}
