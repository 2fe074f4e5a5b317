import { lastDay, parseDateSpec } from "../date.js";
import type { MoneyUnit } from "../money.js";
import { figureLists, type ValuePlace } from "../places.js";
import { type DateSpec, formatQuantity, type Magnitude, magnitude, type Quantity } from "../quantity.js";
import type { Ratio } from "../ratio.js";
import type { AmountNode, Figure, FigureRole } from "../report.js";
import { roleFromLabel, subjectOf } from "../roles.js";
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
  const amounts: ProseFigure[] = [];
  for (const f of figures) {
    f.group = groupOf(f.id);
    if (f.m === null) continue;
    amounts.push(f);
    if (f.role === null || f.subject === "") continue;
    const same = bySubject.get(f.subject);
    if (same) same.push(f);
    else bySubject.set(f.subject, [f]);
  }
  return { figures, amounts, bySubject, stated: groups, groupOf };
}

/** The figures of one section that count the same thing as `p` (their subjects are equal), `p` too. */
export function sameThing(index: ProseIndex, p: ProseFigure): ProseFigure[] {
  return (index.bySubject.get(p.subject) ?? []).filter((x) => x.list === p.list);
}

/** Two magnitudes equal, without the products a comparison of rationals allocates when both are whole. */
export function sameValue(a: Ratio, b: Ratio): boolean {
  return a.den === 1n && b.den === 1n ? a.num === b.num : a.eq(b);
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
  if (fen.den !== 1n) return show(fen, "money", unit, places);
  const digits = unit === "万元" ? 6 : 2;
  const neg = fen.num < 0n;
  const abs = neg ? -fen.num : fen.num;
  const text = abs.toString().padStart(digits + 1, "0");
  const whole = text.slice(0, -digits);
  let frac = text.slice(-digits).replace(/0+$/, "");
  if (frac.length < places) frac = frac.padEnd(places, "0");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** a ÷ b as a percent, half-up to two decimals ("90.17%"), for two magnitudes of the same kind. */
export function percentOf(a: Ratio, b: Ratio): string {
  if (a.den !== 1n || b.den !== 1n) return `${a.div(b).mul(HUNDRED).toFixed(2)}%`;
  const neg = a.num < 0n !== b.num < 0n && a.num !== 0n;
  const n = a.num < 0n ? -a.num : a.num;
  const d = b.num < 0n ? -b.num : b.num;
  const q = (2n * n * 10000n + d) / (2n * d); // round half up of n / d × 10000
  const text = q.toString().padStart(3, "0");
  return `${neg ? "-" : ""}${text.slice(0, -2)}.${text.slice(-2)}%`;
}

/** A magnitude as people read it: money in the report's unit, a count as it is ("292"). */
export function amountText(r: Ratio, dim: string, unit: MoneyUnit, places: number): string {
  if (dim === "money") return moneyText(r, unit, places);
  return r.den === 1n && places === 0 ? r.num.toString() : show(r, dim, unit, places);
}
