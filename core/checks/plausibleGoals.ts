import { formatQuantity, magnitude } from "../quantity.js";
import { Ratio } from "../ratio.js";
import type { IndicatorRow, Report } from "../report.js";
import { CAUSE_WORDS, DONE_ROLES } from "../roles.js";
import type { RowScore } from "../scoring.js";
import { type CheckContext, type Evaluator, placeOf, type RawFinding } from "./finding.js";
import {
  amountText,
  asOfDay,
  comparable,
  type ProseFigure,
  percentOf,
  proseIndex,
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

/** A line that reports goals as completed ("均已完成年度目标"), not a share of one ("已完成80%"). */
const CLAIM =
  /(?:均|全部|都|已经?|如期|圆满|按时|全面)(?:已)?完成(?![\d.％%]|率)|完成(?:了)?(?:年度|全年|预期|既定|计划)?(?:目标|任务)|达到(?:了)?(?:年度|预期)?目标|已达成|已实现/;
/** …unless it says what was not done. */
const NOT_DONE = /未完成|没有完成|尚未|未能|未全部|未按期|未达到/;
const NUMERALS = "一二三四五六七八九十";
const numberOf = (t: string) => (/^\d+$/.test(t) ? Number(t) : NUMERALS.indexOf(t) + 1);

/** The goal numbers a line of 全年实际完成情况 names ("目标2、3、4至6"), "all" for 各项目标, null for none. */
function goalNumbers(line: string): number[] | "all" | null {
  const m =
    /目标\s*((?:\d+|[一二三四五六七八九十])(?:\s*[、，,和及至到~\-—－]\s*(?:\d+|[一二三四五六七八九十]))*)/.exec(
      line,
    );
  if (m) {
    const out: number[] = [];
    for (const part of (m[1] as string).split(/\s*[、，,和及]\s*/)) {
      const range = /^(\S+?)\s*[至到~\-—－]\s*(\S+)$/.exec(part);
      if (range) {
        for (let n = numberOf(range[1] as string); n <= numberOf(range[2] as string); n++) out.push(n);
      } else out.push(numberOf(part));
    }
    return out.filter((n) => n > 0);
  }
  return /(?:各项|全部|所有|各)(?:年度)?目标|目标(?:均|全部)/.test(line) ? "all" : null;
}

const CLAIMED = new Map<string, Set<number>>();

/** The goals (0-based) that 全年实际完成情况 reports as completed. */
export function goalsClaimed(report: Report): Set<number> {
  const se = report.selfEvaluation;
  if (se.goalsAchieved.length === 0 || se.goals.length === 0) return new Set();
  const key = `${se.goals.length}\u0000${se.goalsAchieved.join("\u0000")}`;
  const known = CLAIMED.get(key);
  if (known) return known;
  const out = new Set<number>();
  se.goalsAchieved.forEach((line, i) => {
    if (!CLAIM.test(line) || NOT_DONE.test(line)) return;
    const named = goalNumbers(line);
    const which =
      named === "all"
        ? se.goals.map((_, g) => g)
        : named
          ? named.map((n) => n - 1)
          : se.goalsAchieved.length === se.goals.length
            ? [i]
            : [];
    for (const g of which) if (g >= 0 && g < se.goals.length) out.add(g);
  });
  if (CLAIMED.size >= 1_000) CLAIMED.clear();
  CLAIMED.set(key, out);
  return out;
}

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

function goalFindings(ctx: CheckContext, rule: Rule): RawFinding[] {
  const se = ctx.report.selfEvaluation;
  const claimed = goalsClaimed(ctx.report);
  if (claimed.size === 0) return [];
  const out: RawFinding[] = [];
  const index = proseIndex(ctx);
  for (const gi of claimed) {
    const goal = se.goals[gi] as (typeof se.goals)[number];
    const head = `年度目标${gi + 1}“${goal.text}”写明已完成`;
    const plan = goal.amountRef ? index.figures.find((p) => p.id === goal.amountRef) : undefined;
    if (plan?.m) {
      // the goal's planned money, and its counts in the same section named in the goal's text
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
      for (const p of plans) {
        const done = doneFor(ctx, p);
        if (done) out.push(...shortOfPlan(ctx, rule, head, p, done));
      }
    }
    for (const { row, path } of rowsOfGoal(ctx, goal.text))
      out.push(...rowShort(ctx, rule, gi, head, row, path));
  }
  return out;
}

/** A goal reported as completed whose indicator row is scored below full. */
function rowShort(
  ctx: CheckContext,
  rule: Rule,
  gi: number,
  head: string,
  row: IndicatorRow,
  path: string,
): RawFinding[] {
  let scored: RowScore | undefined;
  for (const g of ctx.score.groups) scored ??= g.rows.find((r) => r.id === row.id);
  if (!scored || scored.status === "na" || scored.score.gte(scored.weight)) return [];
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: `年度目标${gi + 1}`,
      message: `${head}，而其指标“${row.name}”按规则得分 ${scored.score.toFixed(2)}，未得满分 ${scored.weight.toFixed(2)}（${scored.explanation}）`,
      places: [
        { path: "selfEvaluation.goalsAchieved", label: "附件1-2 全年实际完成情况", value: null, unit: null },
        placeOf({ path: `${path}.actual`, label: `附件1-2 ${row.name} 完成值`, quantity: row.actual }),
      ],
      difference: null,
      stated: "已完成",
      implied: `得分${scored.score.toFixed(2)}/${scored.weight.toFixed(2)}`,
    },
  ];
}

/** Money used well below its plan, or a count below its plan, for a goal reported as completed. */
function shortOfPlan(
  ctx: CheckContext,
  rule: Rule,
  head: string,
  plan: ProseFigure,
  done: ProseFigure,
): RawFinding[] {
  const p = value(plan);
  const d = value(done);
  const money = plan.m?.dim === "money";
  if (p.isZero() || (money ? d.gte(p.mul(WELL_BELOW)) : d.gte(p))) return [];
  const dim = money ? "money" : "count";
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: head.slice(0, head.indexOf("“")),
      message: `${head}，而${done.place.label} ${written(done)} 仅为${plan.place.label} ${written(plan)} 的 ${percentOf(d, p)}`,
      places: [plan.place, done.place].map(placeOf),
      difference: amountText(d.sub(p), dim, ctx.unit, 0),
      stated: `${plan.label}${written(plan)}`,
      implied: `${done.label}${written(done)}`,
    },
  ];
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
      words.some((w) => p.label.includes(w)),
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
