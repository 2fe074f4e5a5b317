import { decimalsOf } from "../money.js";
import { formatQuantity, magnitude } from "../quantity.js";
import { Ratio } from "../ratio.js";
import type { IndicatorRow } from "../report.js";
import { CAUSE_WORDS, DONE_ROLES, YEAR_ON_YEAR } from "../roles.js";
import type { RowScore } from "../scoring.js";
import { type CheckContext, type Evaluator, HUNDRED, placeOf, type RawFinding } from "./finding.js";
import { goalStatements } from "./plausibleStatements.js";
import {
  amountText,
  asOfDay,
  comparable,
  figurePair,
  otherYear,
  type ProseFigure,
  percentOf,
  proseIndex,
  rowPairs,
  sameThing,
  written,
} from "./prose.js";

/**
 * Plausibility of what the report says was achieved: a goal reported as completed while the figures
 * of its own work fall short of its plan or its indicator row is scored below full, and a figure given
 * as the cause of a shortfall (核减 136 人) that does not equal the shortfall.
 */
export const GOAL_RULES: { [K in "goalsDone" | "causes"]: Evaluator<K> } = {
  goalsDone: (ctx, rule) => goalFindings(ctx, rule),
  causes: (ctx, rule) => causeFindings(ctx, rule),
};

type Rule = { id: string; severity: "error" | "warning" };
const value = (p: ProseFigure) => (p.m as { value: Ratio }).value;

/** Money used below this share of its plan is "well below" it (Zipin's decision: a saving of 10% is normal). */
const WELL_BELOW = Ratio.of(9, 10);

type Said = { quantities: Set<string>; numbers: Set<number> };
const TOKENS = new Map<string, Said>();
/** The quantities a goal's text states ("617人次" → "617|人次") and their numbers. */
function tokens(text: string): Said {
  const known = TOKENS.get(text);
  if (known) return known;
  const said: Said = { quantities: new Set(), numbers: new Set() };
  const re =
    /(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|元|人次|批次|个|人|户|项|次|座|处|宗|亩|公里|KM|km|场|天|期|所|家|名|件|套|台|辆|%)/g;
  for (const m of text.normalize("NFKC").matchAll(re)) {
    said.quantities.add(`${Number(m[1])}|${m[2]}`);
    said.numbers.add(Number(m[1]));
  }
  if (TOKENS.size >= 2_000) TOKENS.clear();
  TOKENS.set(text, said);
  return said;
}

/** Whether a goal's text states a row's 指标值 ("617人次" for 617 人次). */
function statesTarget(said: Said, q: IndicatorRow["target"]): boolean {
  if (q.kind !== "count" && q.kind !== "money" && q.kind !== "percent") return false;
  const n = Number(q.value);
  if (!said.numbers.has(n)) return false;
  return said.quantities.has(`${n}|${q.kind === "percent" ? "%" : q.unit}`);
}

function overlap(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i + 1 < a.length; i++) if (b.includes(a.slice(i, i + 2))) n++;
  return n;
}

type RowAt = { row: IndicatorRow; path: string };

/** The indicator rows a goal's text names by their 指标值 (the closest by wording when several do). */
function rowsOfGoal(ctx: CheckContext, text: string): RowAt[] {
  const said = tokens(text);
  if (said.numbers.size === 0) return [];
  const named: RowAt[] = [];
  for (const r of ctx.rows.values()) if (statesTarget(said, r.row.target)) named.push(r);
  if (named.length < 2) return named;
  const scores = named.map(({ row }) => overlap(row.name, text));
  const best = Math.max(...scores);
  return named.filter((_, i) => scores[i] === best);
}

/** The latest figure of work done (完成, 已支付) for the same thing in the same section. */
function doneFor(ctx: CheckContext, plan: ProseFigure): ProseFigure | null {
  let best: ProseFigure | null = null;
  for (const p of sameThing(proseIndex(ctx), plan)) {
    if (p.group === plan.group || !p.role || !DONE_ROLES.has(p.role) || !comparable(p, plan)) continue;
    if (!best || (asOfDay(p) ?? 0) >= (asOfDay(best) ?? 0)) best = p;
  }
  return best;
}

/** A goal reported as completed and what its own figures and rows say against it. */
interface GoalReview {
  gi: number;
  /** its planned money or counts, and the figure done against each, short of it */
  short: { plan: ProseFigure; done: ProseFigure }[];
  /** its rows scored below full */
  rows: { row: IndicatorRow; path: string; scored: RowScore }[];
}

/** The plans of a goal: its planned money (the figure its amount links to) and the counts its text states. */
function goalPlans(ctx: CheckContext, gi: number): ProseFigure[] {
  const goal = ctx.report.selfEvaluation.goals[gi];
  const index = proseIndex(ctx);
  const plan = goal?.amountRef ? index.figures.find((p) => p.id === goal.amountRef) : undefined;
  if (!goal || !plan?.m) return [];
  const { numbers } = tokens(goal.text);
  const plans = [plan];
  for (const p of index.figures) {
    if (
      p.list === plan.list &&
      p.role === "计划数" &&
      p.m?.dim === "count" &&
      numbers.has(Number((p.quantity as { value: string }).value))
    )
      plans.push(p);
  }
  return plans;
}

function scoreOf(ctx: CheckContext, row: IndicatorRow): RowScore | undefined {
  let scored: RowScore | undefined;
  for (const g of ctx.score.groups) scored ??= g.rows.find((r) => r.id === row.id);
  return scored;
}

/**
 * The goals reported as completed, each with its shortfalls: money used below 90% of its plan, a count
 * below its plan — unless those two numbers are a row's 指标值 and 完成值, whose shortfall is then that
 * row's — and its rows (those its text names by their 指标值, and those) scored below full.
 */
function reviewGoals(ctx: CheckContext): GoalReview[] {
  const memo = ctx.memo as { goals?: GoalReview[] };
  if (memo.goals) return memo.goals;
  const out: GoalReview[] = [];
  const pairs = rowPairs(ctx);
  for (const gi of goalStatements(ctx.report).claimed) {
    const goal = ctx.report.selfEvaluation.goals[gi];
    if (!goal) continue;
    const review: GoalReview = { gi, short: [], rows: [] };
    const rows = rowsOfGoal(ctx, goal.text);
    for (const plan of goalPlans(ctx, gi)) {
      const done = doneFor(ctx, plan);
      if (!done || !shortOf(plan, done)) continue;
      const row = pairs.get(figurePair(plan, done));
      if (row) rows.push(row);
      else review.short.push({ plan, done });
    }
    for (const r of rows) {
      const scored = scoreOf(ctx, r.row);
      if (!scored || scored.status === "na" || scored.score.gte(scored.weight)) continue;
      if (!review.rows.some((x) => x.row.id === r.row.id)) review.rows.push({ ...r, scored });
    }
    if (review.short.length > 0 || review.rows.length > 0) out.push(review);
  }
  memo.goals = out;
  return out;
}

/** Money used well below its plan, or a count below its plan. */
function shortOf(plan: ProseFigure, done: ProseFigure): boolean {
  const p = value(plan);
  const d = value(done);
  if (p.isZero()) return false;
  return plan.m?.dim === "money" ? d.lt(p.mul(WELL_BELOW)) : d.lt(p);
}

/**
 * What the goals rule accounts for, for the plan-against-actual rule: the pairs of figures it reports
 * (one gap is reported once), and whether a goal's own line states the share of a pair ("目标3已完成计划
 * 投资的80%", at the precision written).
 */
export function goalAccounts(ctx: CheckContext): GoalAccounts {
  const memo = ctx.memo as { goalAccounts?: GoalAccounts };
  memo.goalAccounts ??= accountsOf(ctx);
  return memo.goalAccounts;
}

type GoalAccounts = {
  reported: Set<string>;
  shareStated: (plan: ProseFigure, done: ProseFigure) => boolean;
};

function accountsOf(ctx: CheckContext): GoalAccounts {
  const reported = new Set<string>();
  for (const g of reviewGoals(ctx)) for (const s of g.short) reported.add(`${s.plan.group}|${s.done.group}`);
  const { percents } = goalStatements(ctx.report);
  const goals = ctx.report.selfEvaluation.goals;
  const index = proseIndex(ctx);
  return {
    reported,
    shareStated: (plan, done) => {
      if (percents.size === 0 || value(plan).isZero()) return false;
      const share = value(done).mul(HUNDRED).div(value(plan));
      return goals.some(
        (g, gi) =>
          g.amountRef !== undefined &&
          index.groupOf(g.amountRef) === plan.group &&
          (percents.get(gi) ?? []).some(
            (p) => share.toFixed(decimalsOf(p)) === Ratio.fromDecimal(p).toFixed(decimalsOf(p)),
          ),
      );
    },
  };
}

function goalFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const out: RawFinding[] = [];
  const goals = ctx.report.selfEvaluation.goals;
  for (const g of reviewGoals(ctx)) {
    const goal = goals[g.gi] as (typeof goals)[number];
    const head = `年度目标${g.gi + 1}“${goal.text}”写明已完成`;
    for (const { plan, done } of g.short) out.push(shortOfPlan(ctx, rule, g.gi, head, plan, done));
    if (g.rows.length > 0) out.push(rowsShort(rule, g, head));
  }
  return out;
}

/** A goal reported as completed whose indicator rows are scored below full: one finding for the goal. */
function rowsShort(rule: Rule, g: GoalReview, head: string): RawFinding {
  const said = g.rows.map(
    ({ row, scored }) =>
      `其指标“${row.name}”按规则得分 ${scored.score.toFixed(2)}，未得满分 ${scored.weight.toFixed(2)}（${scored.explanation}）`,
  );
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: `年度目标${g.gi + 1}`,
    message: `${head}，而${said.join("；")}`,
    places: [
      {
        path: `selfEvaluation.goals.${g.gi}.text`,
        label: `附件1-2 年度目标${g.gi + 1}`,
        value: null,
        unit: null,
      },
      ...g.rows.map(({ row, path }) =>
        placeOf({ path: `${path}.actual`, label: `附件1-2 ${row.name} 完成值`, quantity: row.actual }),
      ),
    ],
    difference: null,
    stated: "已完成",
    implied: g.rows.map(({ row }) => `${row.name}未得满分`).join("，"),
  };
}

/** Money used well below its plan, or a count below its plan, for a goal reported as completed. */
function shortOfPlan(
  ctx: CheckContext,
  rule: Rule,
  gi: number,
  head: string,
  plan: ProseFigure,
  done: ProseFigure,
): RawFinding {
  const p = value(plan);
  const d = value(done);
  const dim = plan.m?.dim === "money" ? "money" : "count";
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: `年度目标${gi + 1}`,
    message: `${head}，而${done.place.label} ${written(done)} 仅为${plan.place.label} ${written(plan)} 的 ${percentOf(d, p)}`,
    places: [plan.place, done.place].map(placeOf),
    difference: amountText(d.sub(p), dim, ctx.unit, 0),
    stated: `${plan.label}${written(plan)}`,
    implied: `${done.label}${written(done)}`,
  };
}

const CAUSE_NUMBER = new RegExp(
  `(?:${CAUSE_WORDS.source})[^\\d，。；,;]{0,8}?(\\d+(?:\\.\\d+)?)\\s*(万元|元|人次|[^\\d\\s，。；、,;]{1})`,
  "g",
);

const CAUSE_NUMBERS = new Map<string, { value: string; unit: string }[]>();

/** Numbers the cause text itself gives after a cause word ("因死亡核减136人"), with their unit. */
function causeNumbers(text: string): { value: string; unit: string }[] {
  const known = CAUSE_NUMBERS.get(text);
  if (known) return known;
  const out: { value: string; unit: string }[] = [];
  for (const m of text.normalize("NFKC").matchAll(CAUSE_NUMBER))
    out.push({ value: m[1] as string, unit: m[2] as string });
  if (CAUSE_NUMBERS.size >= 2_000) CAUSE_NUMBERS.clear();
  CAUSE_NUMBERS.set(text, out);
  return out;
}

function causeFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const out: RawFinding[] = [];
  const causes = ctx.report.causes;
  if (causes.length === 0) return out;
  for (const { row, path } of ctx.rows.values()) {
    const cause = causes.find((c) => c.ref === row.id)?.text;
    if (!cause || row.rule !== ">=" || !row.actual || row.target.kind !== row.actual.kind) continue;
    const t = magnitude(row.target);
    const a = magnitude(row.actual);
    if (!t || !a || t.dim !== a.dim || t.dim === "percent" || !a.value.lt(t.value)) continue;
    const f = causeFinding(ctx, rule, row, path, cause, t.value.sub(a.value));
    if (f) out.push(f);
  }
  return out;
}

function causeFinding(
  ctx: CheckContext,
  rule: Rule,
  row: IndicatorRow,
  path: string,
  cause: string,
  short: Ratio,
): RawFinding | null {
  const unit = row.target.kind === "count" ? row.target.unit : "";
  const dim = row.target.kind === "money" ? "money" : "count";
  const words = [...new Set(cause.match(CAUSE_WORDS) ?? [])];
  if (words.length === 0) return null;
  const figures = proseIndex(ctx).amounts.filter(
    (p) =>
      p.m?.dim === dim &&
      (dim === "money" || (p.quantity.kind === "count" && p.quantity.unit === unit)) &&
      words.some((w) => p.label.includes(w)) &&
      // a change on last year (较上年减少), or another year's figure, is not what happened this year
      !YEAR_ON_YEAR.test(p.label) &&
      !otherYear(p.label, ctx.report.unit.year),
  );
  const stated = causeNumbers(cause).filter((n) => dim === "count" && n.unit === unit);
  const values = [...figures.map(value), ...stated.map((n) => Ratio.fromDecimal(n.value))];
  if (values.length === 0) return null;
  const sum = values.reduce((s, v) => s.add(v), Ratio.ZERO);
  if (values.some((v) => v.eq(short)) || sum.eq(short)) return null;
  const first = figures[0];
  const given = first ? `${first.place.label}为 ${written(first)}` : `其中写明 ${stated[0]?.value}${unit}`;
  const gv = values[0] as Ratio;
  const s = amountText(short, dim, ctx.unit, 0);
  const u = dim === "money" ? ctx.unit : unit;
  return {
    rule: rule.id,
    severity: rule.severity,
    subject: row.name,
    message: `${row.name}：完成值 ${formatQuantity(row.actual as IndicatorRow["target"])} 比指标值 ${formatQuantity(row.target)} 少 ${s}${u}，原因写“${cause}”，而${given}，与 ${s}${u} 相差 ${amountText(short.sub(gv).abs(), dim, ctx.unit, 0)}${u}`,
    places: [
      placeOf({ path: `${path}.target`, label: `附件1-2 ${row.name} 指标值`, quantity: row.target }),
      placeOf({ path: `${path}.actual`, label: `附件1-2 ${row.name} 完成值`, quantity: row.actual }),
      ...figures.map((p) => placeOf(p.place)),
    ],
    difference: amountText(gv.sub(short), dim, ctx.unit, 0),
    stated: `少${s}${u}`,
    implied: `${words.find((w) => first?.label.includes(w)) ?? words[0]}${amountText(gv, dim, ctx.unit, 0)}${u}`,
  };
}
