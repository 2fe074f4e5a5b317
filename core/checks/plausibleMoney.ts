import { countPlace, moneyPlace } from "../places.js";
import { magnitude } from "../quantity.js";
import { Ratio } from "../ratio.js";
import type { Columns, FigureRole } from "../report.js";
import { type CheckContext, type Evaluator, maxDecimals, placeOf, type RawFinding } from "./finding.js";
import { goalAccounts } from "./plausibleGoals.js";
import {
  asOfDay,
  atYearEnd,
  comparable,
  figurePair,
  moneyText,
  otherYear,
  type ProseFigure,
  percentOf,
  proseIndex,
  related,
  rowPairs,
  sameAmount,
  sameThing,
  unitOf,
  written,
} from "./prose.js";

/**
 * Plausibility of the money: amounts stated as unpaid or left over against a 执行率 of 100%, spending
 * meant to be held down (附件1-1) above its budget or last year, and plan / arrived / done figures of the
 * same thing that differ with no figure to explain the gap. Warnings, each with its arithmetic.
 */
export const MONEY_RULES: { [K in "unspent" | "controlled" | "planActual"]: Evaluator<K> } = {
  unspent: (ctx, rule) => unspentFindings(ctx, rule),
  controlled: (ctx, rule) => controlledFindings(ctx, rule),
  planActual: (ctx, rule) => planActualFindings(ctx, rule),
};

type Rule = { id: string; severity: "error" | "warning" };
const value = (p: ProseFigure) => (p.m as { value: Ratio }).value;
/** A decimal of the report's unit as a magnitude in 分 (remembered per value, see `magnitude`). */
const fenOf = (ctx: CheckContext, v: string) =>
  (magnitude({ kind: "money", value: v, unit: ctx.unit }) as { value: Ratio }).value;

/**
 * The largest amount the prose states as unpaid or left over of this year's funds at or after its end:
 * not another year's money nor the year's opening balance (上年结转, 年初结转), not a balance during the
 * year, not an undated one (it may be either), not a forecast (a plan).
 */
function largestUnpaid(ctx: CheckContext): ProseFigure[] {
  const year = ctx.report.unit.year;
  const byGroup = new Map<string, ProseFigure[]>();
  for (const p of proseIndex(ctx).figures) {
    if (p.role !== "未支付或结余" || p.m?.dim !== "money" || otherYear(p.label, year)) continue;
    if (!atYearEnd(p, year)) continue;
    byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p]);
  }
  let best: ProseFigure[] = [];
  for (const same of byGroup.values()) {
    const top = same.reduce((a, b) => (value(b).gt(value(a)) ? b : a));
    if (!best[0] || value(top).gt(value(best[0]))) best = [top, ...same.filter((x) => x !== top)];
  }
  return best;
}

function unspentFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const f = ctx.report.selfEvaluation.funds;
  if (f.fullBudget === undefined || f.executed === undefined) return [];
  const budget = fenOf(ctx, f.fullBudget);
  const executed = fenOf(ctx, f.executed);
  const unpaid = largestUnpaid(ctx);
  const first = unpaid[0];
  if (!first?.m || budget.lte(Ratio.ZERO)) return [];
  const u = first.m.value;
  // the unit's own figures leave less unspent than the prose states: 全年预算数 − 全年执行数 < 未付
  if (budget.sub(executed).gte(u)) return [];
  const places = maxDecimals([
    f.fullBudget,
    f.executed,
    first.quantity.kind === "money" ? first.quantity.value : "0",
  ]);
  const unit = ctx.unit;
  // the amount as the prose wrote it, when it is in the report's unit
  const uText =
    first.quantity.kind === "money" && first.quantity.unit === unit
      ? first.quantity.value
      : moneyText(u, unit, places);
  const implied = percentOf(budget.sub(u), budget);
  const statedRate = f.executionRate ? `${f.executionRate}%` : percentOf(executed, budget);
  const how = executed.eq(budget)
    ? ` 等于全年预算数（执行率 100%）`
    : `，全年预算数 ${f.fullBudget}${unit}（执行率 ${statedRate}）`;
  const where = unpaid.map((p) => p.place.label).join("；");
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: "预算执行率",
      message: `执行率：附件1-2 全年执行数 ${f.executed}${unit}${how}，而文中写有未付或结余资金 ${uText}${unit}（${where}）；按此执行率至多为 (${f.fullBudget} − ${uText}) / ${f.fullBudget} = ${implied}`,
      places: [
        moneyPlace(ctx.report, "selfEvaluation.funds.executed"),
        moneyPlace(ctx.report, "selfEvaluation.funds.fullBudget"),
        ...unpaid.map((p) => p.place),
      ].map(placeOf),
      difference: moneyText(executed.sub(budget.sub(u)), unit, places),
      stated: `执行率${statedRate}`,
      implied: `执行率${implied}`,
    },
  ];
}

/** Rows of 附件1-1 meant to be held down (压缩一般性支出, 三公经费 and its parts). */
const HELD_DOWN: [keyof CheckContext["report"]["basicData"], string][] = [
  ["compressedGeneral", "压缩一般性支出"],
  ["threePublic", "三公经费"],
  ["vehicle", "公务用车购置和维护经费"],
  ["vehiclePurchase", "公车购置"],
  ["vehicleOperation", "公车运行维护"],
  ["reception", "公务接待"],
  ["abroad", "出国经费"],
];

function controlledFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const out: RawFinding[] = [];
  const bd = ctx.report.basicData;
  for (const [field, name] of HELD_DOWN) {
    const f = heldDown(ctx, rule, field, name, bd[field] as Columns);
    if (f) out.push(f);
  }
  const staff = staffFinding(ctx, rule);
  if (staff) out.push(staff);
  return out;
}

/** Whether decimal a is above decimal b: by their floats when far apart, exactly when close. */
function above(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) return x > y;
  return Ratio.fromDecimal(a).gt(Ratio.fromDecimal(b));
}

function heldDown(ctx: CheckContext, rule: Rule, field: string, name: string, c: Columns): RawFinding | null {
  if (c.current === undefined) return null;
  // most rows are within their budget and last year: nothing to build
  const overBudget = c.budget !== undefined && above(c.current, c.budget);
  const overPrior = c.prior !== undefined && above(c.current, c.prior);
  if (!overBudget && !overPrior) return null;
  const cur = fenOf(ctx, c.current);
  const u = ctx.unit;
  const dp = maxDecimals([c.current, c.budget, c.prior]);
  const n = (r: Ratio) => moneyText(r, u, dp);
  const parts: string[] = [];
  let difference: Ratio | null = null;
  let stated = "";
  if (overBudget && c.budget !== undefined) {
    const budget = fenOf(ctx, c.budget);
    parts.push(
      budget.isZero()
        ? `本年预算为 0`
        : `为本年预算 ${c.budget}${u} 的 ${percentOf(cur, budget)}（控制率超过 100%，超出 ${n(cur.sub(budget))}${u}）`,
    );
    difference = cur.sub(budget);
    stated = `本年预算${c.budget}${u}`;
  }
  if (overPrior && c.prior !== undefined) {
    const prior = fenOf(ctx, c.prior);
    parts.push(
      `比上年决算 ${c.prior}${u} 增加 ${n(cur.sub(prior))}${u}${prior.isZero() ? "" : `（增长 ${percentOf(cur.sub(prior), prior)}）`}`,
    );
    difference ??= cur.sub(prior);
    stated ||= `上年决算${c.prior}${u}`;
  }
  if (parts.length === 0 || difference === null) return null;
  const label = (col: string, title: string) => ({
    path: `basicData.${field}.${col}`,
    label: `附件1-1 ${name}（${title}）`,
    value: (c as Record<string, string | undefined>)[col] ?? null,
    unit: u,
  });
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: name,
    message: `${name}属从严控制的支出：本年决算 ${c.current}${u}，${parts.join("，")}`,
    places: [
      label("current", "本年决算数"),
      label("budget", "本年预算数"),
      label("prior", "上年决算数"),
    ].filter((p) => p.value !== null),
    difference: n(difference),
    stated,
    implied: `本年决算${c.current}${u}`,
  };
}

/** 在职人员控制率 = 实际在职人数 ÷ 编制数, held at 100% at most (财预〔2013〕53号). */
function staffFinding(ctx: CheckContext, rule: Rule): RawFinding | null {
  const { establishment, actualStaff } = ctx.report.basicData;
  if (establishment === undefined || actualStaff === undefined) return null;
  const e = Ratio.fromDecimal(establishment);
  const a = Ratio.fromDecimal(actualStaff);
  if (e.lte(Ratio.ZERO) || a.lte(e)) return null;
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: "在职人员控制率",
    message: `在职人员控制率 = 实际在职人数 ${actualStaff}人 / 编制数 ${establishment}人 = ${percentOf(a, e)}，超过 100%`,
    places: [
      countPlace(ctx.report, "basicData.actualStaff"),
      countPlace(ctx.report, "basicData.establishment"),
    ].map(placeOf),
    difference: a.sub(e).toFixed(0),
    stated: `编制数${establishment}人`,
    implied: `实际在职人数${actualStaff}人`,
  };
}

const STAGE: Record<FigureRole, number | null> = {
  计划数: 0,
  到位数: 1,
  实际完成数: 2,
  已支付: 2,
  未支付或结余: null,
  其他: null,
};
const WORD: Record<FigureRole, string> = {
  计划数: "计划",
  到位数: "到位",
  实际完成数: "完成",
  已支付: "已支付",
  未支付或结余: "未付",
  其他: "",
};

/**
 * Each plan (or arrived) figure against the next stage of the same thing in its section — arrived if the
 * section states it, else done or paid (the latest one when it is given at several dates) — when they
 * differ and the report does not account for the gap (see `accounted`).
 */
function planActualFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const index = proseIndex(ctx);
  const out: RawFinding[] = [];
  for (const from of index.figures) {
    const stage = from.role === null || from.subject === "" ? null : STAGE[from.role];
    if (stage === null || stage >= 2) continue;
    const later = sameThing(index, from).filter(
      (p) => p.group !== from.group && (STAGE[p.role as FigureRole] ?? -1) > stage && comparable(from, p),
    );
    if (later.length === 0) continue;
    let next = 2;
    for (const p of later) next = Math.min(next, STAGE[p.role as FigureRole] as number);
    const byRole = new Map<FigureRole, ProseFigure[]>();
    for (const p of later) {
      if (STAGE[p.role as FigureRole] !== next) continue;
      const role = p.role as FigureRole;
      const same = byRole.get(role);
      if (!same) byRole.set(role, [p]);
      else if (!same.some((x) => x.group === p.group)) same.push(p);
    }
    // one source's share of money planned or arrived by source ("中央衔接资金到位") is not compared with a
    // figure of all sources together ("已拨付衔接资金"): only with one of its own source
    const part =
      from.sources !== "" &&
      (index.bySubject.get(from.subject) ?? []).some(
        (p) =>
          p.list === from.list &&
          p.role === from.role &&
          p.group !== from.group &&
          p.sources !== "" &&
          p.sources !== from.sources,
      );
    for (const all of byRole.values()) {
      const candidates = part ? all.filter((p) => p.sources === from.sources) : all;
      if (candidates.length === 0) continue;
      const to = counterpart(from, candidates);
      const f = to && gapFinding(ctx, rule, from, to);
      if (f) out.push(f);
    }
  }
  return out;
}

/**
 * The figure a plan is compared with among those of the next stage: none when one of them equals it or
 * they are its parts by source (中央 100 + 省 60 of a plan of 160); else the latest, and of several at
 * that date the one from the same sources — none when that does not settle it.
 */
function counterpart(from: ProseFigure, candidates: ProseFigure[]): ProseFigure | null {
  const a = value(from);
  if (candidates.some((p) => value(p).eq(a))) return null;
  const sources = new Set(candidates.map((p) => p.sources));
  if (
    candidates.length > 1 &&
    sources.size === candidates.length &&
    !sources.has("") &&
    candidates.reduce((sum, p) => sum.add(value(p)), Ratio.ZERO).eq(a)
  )
    return null;
  const day = (p: ProseFigure) => asOfDay(p) ?? 0;
  const latest = Math.max(...candidates.map(day));
  const last = candidates.filter((p) => day(p) === latest);
  if (last.length === 1) return last[0] as ProseFigure;
  const own = last.filter((p) => p.sources !== "" && p.sources === from.sources);
  return own.length === 1 ? (own[0] as ProseFigure) : null;
}

/**
 * Whether the report accounts for the gap between two figures: it states their share or difference
 * (`ratioOf`, `differenceOf`), or a goal's own line does ("已完成计划投资的80%"); both are 人数 × the same
 * standard (the gap is in the counts); they are a row's 指标值 and 完成值 (the row's shortfall, scored
 * and explained there); the goals rule reports them already; or a figure of the same section equals the
 * gap and says what it is — left unpaid or over, a cause (核减, 减少…), or a part of the same thing.
 */
function accounted(ctx: CheckContext, from: ProseFigure, to: ProseFigure, gap: Ratio): boolean {
  const index = proseIndex(ctx);
  if (index.stated.has(`${from.group}|${to.group}`) || sharedFactor(ctx, from, to)) return true;
  if (rowPairs(ctx).has(figurePair(from, to))) return true;
  const goals = goalAccounts(ctx);
  if (goals.reported.has(`${from.group}|${to.group}`) || goals.shareStated(from, to)) return true;
  return sameAmount(index, from.list, (from.m as { dim: string }).dim, gap).some(
    (p) =>
      p.group !== from.group &&
      p.group !== to.group &&
      comparable(p, from) &&
      value(p).eq(gap) &&
      (p.role === "未支付或结余" || EXPLAINS.test(p.label) || related(p.subject, from.subject)),
  );
}

/** Words of a figure that say it is a gap or its cause. */
const EXPLAINS = /核减|减少|死亡|注销|迁出|退出|取消|停办|未到位|差额|缺口|尚未|结转|结余/;

function gapFinding(ctx: CheckContext, rule: Rule, from: ProseFigure, to: ProseFigure): RawFinding | null {
  const a = (from.m as { value: Ratio }).value;
  const b = (to.m as { value: Ratio }).value;
  if (a.eq(b)) return null;
  const gap = a.sub(b).abs();
  if (accounted(ctx, from, to, gap)) return null;
  const money = from.m?.dim === "money";
  const dp = maxDecimals(
    [from.quantity, to.quantity].map((q) => (q.kind === "money" || q.kind === "count" ? q.value : null)),
  );
  const unit = money ? ctx.unit : unitOf(from);
  const text = (r: Ratio) => (money ? moneyText(r, ctx.unit, dp) : r.toFixed(dp));
  const g = text(gap);
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: from.subject,
    message: `${from.subject}：${from.place.label} ${written(from)}，${to.place.label} ${written(to)}，后者${b.lt(a) ? "少" : "多"} ${g}${unit}，文中未说明差额`,
    places: [from.place, to.place].map(placeOf),
    difference: text(b.sub(a)),
    stated: `${WORD[from.role as FigureRole]}${written(from)}`,
    implied: `${WORD[to.role as FigureRole]}${written(to)}`,
  };
}

/** Both figures are products with one factor in common (人数 × 标准): the gap is in the other factor. */
function sharedFactor(ctx: CheckContext, a: ProseFigure, b: ProseFigure): boolean {
  const pa = a.figure?.productOf;
  const pb = b.figure?.productOf;
  if (!pa || !pb) return false;
  const { groupOf } = proseIndex(ctx);
  return pa.some((x) => pb.some((y) => groupOf(x) === groupOf(y)));
}
