import { scoringConfigOf } from "./config.js";
import { convertMoney, dec, decimalsOf, type MoneyUnit } from "./money.js";
import {
  amountTrees,
  countPlace,
  FORM_COUNTS,
  FORM_FIELDS,
  type FormCount,
  type FormField,
  figureLists,
  indicatorRows,
  moneyPlace,
  readPath,
  referenceIndex,
  type ValuePlace,
} from "./places.js";
import { formatQuantity, magnitude, type Quantity } from "./quantity.js";
import { Ratio } from "./ratio.js";
import type { AmountNode, Columns, Figure, IndicatorRow, Report } from "./report.js";
import { computeScore, type ScoreResult } from "./scoring.js";

export type Severity = "error" | "warning";

/** A place involved in a finding, with its value as written there (decimal string, or text). */
export interface FindingPlace {
  path: string;
  label: string;
  value: string | null;
  unit: string | null;
}

/** One result of the 审核规则: which rule, how bad, where, by how much, in one Chinese line. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** what is wrong, in a few words ("商品和服务支出"), for lists and for the narrative */
  subject: string;
  message: string;
  places: FindingPlace[];
  /** stated − computed (or second place − first place), in the unit of the first place; null if not numeric */
  difference: string | null;
}

/** What every rule gets: the report, its score (computed once) and the reference index. */
export interface CheckContext {
  report: Report;
  score: ScoreResult;
  refs: Map<string, ValuePlace>;
  unit: MoneyUnit;
  /** every indicator row by id, with its path in the file */
  rows: Map<string, { row: IndicatorRow; path: string }>;
}

type ColumnsField =
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

/**
 * The 审核规则 of the form, one row each. Kinds:
 * - sum: a stated total equals the sum of its parts (fixed places of the form);
 * - same: one figure written in several places agrees everywhere;
 * - columns: a total row of 附件1-1 equals the sum of its rows, in each of the three columns;
 * - rate: a stated rate equals numerator / denominator at the precision it is stated;
 * - the remaining kinds walk the report (trees of items, quoted figures, declared scores).
 */
// biome-ignore format: one rule per line, so the whole table reads as a table
export const RULES = [
  { id: "form.blank", kind: "blanks", severity: "warning", title: "未填写的项目" },
  // Sums of the fixed form
  { id: "sum.general-budget", kind: "sum", severity: "error", title: "一般公共预算支出", total: "generalBudget.expenditure", parts: ["generalBudget.basic", "generalBudget.project"] },
  { id: "sum.basic-expenditure", kind: "sum", severity: "error", title: "基本支出", total: "basicExpenditure.amount", parts: ["basicExpenditure.wages.amount", "basicExpenditure.goodsAndServices.amount", "basicExpenditure.householdSubsidies.amount"] },
  { id: "sum.personnel", kind: "sum", severity: "error", title: "人员经费 = 工资福利支出 + 对个人和家庭的补助", total: "selfEvaluation.byExpense.personnel", parts: ["basicExpenditure.wages.amount", "basicExpenditure.householdSubsidies.amount"] },
  { id: "sum.basic-by-nature", kind: "sum", severity: "error", title: "基本支出 = 人员经费 + 公用经费", total: "selfEvaluation.byExpense.basic", parts: ["selfEvaluation.byExpense.personnel", "selfEvaluation.byExpense.publicFunds"] },
  { id: "sum.funds-by-income", kind: "sum", severity: "error", title: "年度资金总额（全年执行数）= 按收入性质合计", total: "selfEvaluation.funds.executed", parts: ["selfEvaluation.byIncome.generalBudget", "selfEvaluation.byIncome.governmentFund", "selfEvaluation.byIncome.nonTax", "selfEvaluation.byIncome.other"] },
  { id: "sum.funds-by-expense", kind: "sum", severity: "error", title: "年度资金总额（全年执行数）= 基本支出 + 项目支出", total: "selfEvaluation.funds.executed", parts: ["selfEvaluation.byExpense.basic", "selfEvaluation.byExpense.project"] },
  { id: "sum.funds-vs-basic-data", kind: "sum", severity: "error", title: "全年执行数 = 附件1-1 基本支出 + 项目支出（决算数）", total: "selfEvaluation.funds.executed", parts: ["basicData.basic.current", "basicData.projects.current"] },
  { id: "sum.budget-vs-basic-data", kind: "sum", severity: "error", title: "全年预算数 = 附件1-1 基本支出 + 项目支出（预算数）", total: "selfEvaluation.funds.fullBudget", parts: ["basicData.basic.budget", "basicData.projects.budget"] },
  // One figure, several places
  { id: "same.basic", kind: "same", severity: "error", title: "基本支出", places: ["generalBudget.basic", "basicExpenditure.amount", "basicData.basic.current", "selfEvaluation.byExpense.basic"] },
  { id: "same.general-income", kind: "same", severity: "error", title: "一般公共预算拨款", places: ["generalBudget.income", "selfEvaluation.byIncome.generalBudget"] },
  { id: "same.public-funds", kind: "same", severity: "error", title: "公用经费（商品和服务支出）", places: ["basicExpenditure.goodsAndServices.amount", "selfEvaluation.byExpense.publicFunds"] },
  { id: "same.government-fund", kind: "same", severity: "error", title: "政府性基金拨款", places: ["governmentFunds.income", "selfEvaluation.byIncome.governmentFund"] },
  { id: "same.project", kind: "same", severity: "error", title: "项目支出", places: ["basicData.projects.current", "selfEvaluation.byExpense.project"] },
  { id: "same.three-public", kind: "same", severity: "error", title: "“三公经费”", places: ["threePublic.amount", "basicData.threePublic.current"] },
  { id: "same.staff", kind: "sameCount", severity: "error", title: "在职人数", places: ["profile.staff.actual", "basicData.actualStaff"] },
  // 附件1-1 column sums
  { id: "columns.three-public", kind: "columns", severity: "error", title: "三公经费 = 公务用车 + 公务接待 + 出国", total: "threePublic", parts: ["vehicle", "reception", "abroad"] },
  { id: "columns.vehicle", kind: "columns", severity: "error", title: "公务用车购置和维护经费 = 购置 + 运行维护", total: "vehicle", parts: ["vehiclePurchase", "vehicleOperation"] },
  { id: "columns.projects", kind: "columns", severity: "error", title: "部门项目支出 = 业务工作专项 + 运行维护专项 + 县级专项资金", total: "projects", parts: ["business", "operation", "county"] },
  { id: "columns.of-which", kind: "columnsOfWhich", severity: "error", title: "“其中”项不应大于部门基本支出", total: "basic", parts: ["compressedGeneral", "threePublic"] },
  { id: "columns.category-items", kind: "columnsCategories", severity: "error", title: "项目类别 = 所列项目合计" },
  // Rates
  { id: "rate.staff-control", kind: "rate", severity: "error", title: "在职人员控制率 = 实际在职人数 / 编制数", stated: ["basicData.controlRate", "附件1-1 控制率"], numerator: ["basicData.actualStaff", "附件1-1 实际在职人数", "count"], denominator: ["basicData.establishment", "附件1-1 编制数", "count"] },
  { id: "rate.execution", kind: "rate", severity: "error", title: "预算执行率 = 全年执行数 / 全年预算数", stated: ["selfEvaluation.funds.executionRate", "附件1-2 执行率"], numerator: ["selfEvaluation.funds.executed", "附件1-2 全年执行数", "money"], denominator: ["selfEvaluation.funds.fullBudget", "附件1-2 全年预算数", "money"] },
  { id: "rate.three-public-change", kind: "threePublicChange", severity: "error", title: "“三公经费”同比变动" },
  // Walks over the report
  { id: "tree.amounts", kind: "amountTrees", severity: "error", title: "合计 = 各明细之和" },
  { id: "tree.figures", kind: "figureTrees", severity: "error", title: "合计 = 分类之和" },
  { id: "ref.same-figure", kind: "references", severity: "error", title: "同一数字在两处不一致" },
  { id: "ref.derived", kind: "derivations", severity: "error", title: "比例、乘积与差额" },
  { id: "sum.goals", kind: "goals", severity: "warning", title: "年度目标计划投入合计 = 年初预算数" },
  { id: "score.row-values", kind: "rowValues", severity: "error", title: "指标值与完成值" },
  { id: "score.far-exceeded", kind: "farExceeded", severity: "warning", title: "完成值远超指标值" },
  { id: "score.tier-missing", kind: "tierMissing", severity: "warning", title: "未选择评分档次" },
  { id: "score.weights", kind: "weights", severity: "warning", title: "分值合计应为 100" },
  { id: "score.declared-groups", kind: "declaredGroups", severity: "warning", title: "自评得分与按规则计算的得分" },
  { id: "score.declared-total", kind: "declaredTotal", severity: "error", title: "自评总分 = 各项自评得分之和" },
  { id: "score.declared-grade", kind: "declaredGrade", severity: "error", title: "自评等级与自评总分" },
  { id: "score.total", kind: "computedTotal", severity: "warning", title: "自评总分与按规则计算的总分" },
] as const satisfies readonly RuleSpec[];

type RuleSpec =
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
        | "declaredTotal"
        | "declaredGrade"
        | "computedTotal";
      severity: Severity;
      title: string;
    };

export type RuleId = (typeof RULES)[number]["id"];

/** Figures of the fixed form every report states (a blank one is listed by form.blank). */
const REQUIRED_FIGURES: readonly string[] = [
  "profile.staff.actual",
  "generalBudget.income",
  "generalBudget.expenditure",
  "generalBudget.basic",
  "generalBudget.project",
  "basicExpenditure.amount",
  "threePublic.amount",
  "governmentFunds.income",
  "selfEvaluation.funds.initialBudget",
  "selfEvaluation.funds.fullBudget",
  "selfEvaluation.funds.executed",
  "selfEvaluation.byIncome.generalBudget",
  "selfEvaluation.byIncome.governmentFund",
  "selfEvaluation.byIncome.nonTax",
  "selfEvaluation.byIncome.other",
  "selfEvaluation.byExpense.basic",
  "selfEvaluation.byExpense.personnel",
  "selfEvaluation.byExpense.publicFunds",
  "selfEvaluation.byExpense.project",
];

// ---------- helpers ----------

function placeOf(p: ValuePlace): FindingPlace {
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
function show(value: Ratio, dim: string, unit: MoneyUnit, places: number): string {
  const v = dim === "money" ? value.div(unit === "万元" ? MILLION : HUNDRED) : value; // money magnitudes are in 分
  const exact = v.exactDecimals();
  return v.toFixed(exact === null ? Math.max(places, 2) : Math.max(places, exact));
}

const HUNDRED = Ratio.of(100);
const MILLION = Ratio.of(1_000_000);

function unitText(dim: string, unit: MoneyUnit, q: Quantity | null): string {
  if (dim === "money") return unit;
  if (dim === "percent") return "个百分点";
  return q && q.kind === "count" ? q.unit : "";
}

function maxDecimals(values: (string | undefined | null)[]): number {
  return values.reduce((m, v) => (v ? Math.max(m, decimalsOf(v)) : m), 0);
}

/** The sum of magnitudes of places; null when a part is not a comparable number. */
function sumOf(places: ValuePlace[], dim: string): Ratio | null {
  let total = Ratio.ZERO;
  for (const p of places) {
    if (p.quantity === null) continue; // blank = nothing spent
    const m = magnitude(p.quantity);
    if (!m || m.dim !== dim) return null;
    total = total.add(m.value);
  }
  return total;
}

function sumFinding(
  ctx: CheckContext,
  rule: { id: string; severity: Severity },
  title: string,
  total: ValuePlace,
  parts: ValuePlace[],
): Finding[] {
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

function sameFindings(
  ctx: CheckContext,
  rule: { id: string; severity: Severity },
  title: string,
  places: ValuePlace[],
): Finding[] {
  const filled = places.filter((p) => p.quantity !== null);
  const first = filled[0];
  if (!first?.quantity) return [];
  const fm = magnitude(first.quantity);
  const out: Finding[] = [];
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

function columnsPlace(report: Report, field: ColumnsField, column: keyof Columns, label: string): ValuePlace {
  const bd = report.basicData;
  const cols =
    field === "business" || field === "operation" || field === "county" ? bd[field].columns : bd[field];
  const v = cols[column];
  return {
    path:
      field === "business" || field === "operation" || field === "county"
        ? `basicData.${field}.columns.${column}`
        : `basicData.${field}.${column}`,
    label,
    quantity: v === undefined ? null : { kind: "money", value: v, unit: report.unit.moneyUnit },
  };
}

const COLUMN_LABELS: Record<keyof Columns, string> = {
  current: "本年决算数",
  budget: "本年预算数",
  prior: "上年决算数",
};
const ROW_LABELS: Record<ColumnsField, string> = {
  basic: "部门基本支出",
  compressedGeneral: "压缩一般性支出",
  threePublic: "三公经费",
  vehicle: "公务用车购置和维护经费",
  vehiclePurchase: "公车购置",
  vehicleOperation: "公车运行维护",
  reception: "公务接待",
  abroad: "出国经费",
  projects: "部门项目支出",
  business: "业务工作专项",
  operation: "运行维护专项",
  county: "县级专项资金",
};
const COLUMNS: (keyof Columns)[] = ["current", "budget", "prior"];
const colPlace = (r: Report, f: ColumnsField, c: keyof Columns) =>
  columnsPlace(r, f, c, `附件1-1 ${ROW_LABELS[f]}（${COLUMN_LABELS[c]}）`);

/**
 * A row of 附件1-1 as a part of a larger total: a project category left blank but with its projects
 * filled counts as the sum of its projects (the blank itself is reported by columns.category-items).
 */
function effectiveColPlace(r: Report, f: ColumnsField, c: keyof Columns): ValuePlace {
  const place = colPlace(r, f, c);
  if (place.quantity !== null || (f !== "business" && f !== "operation" && f !== "county")) return place;
  const items = r.basicData[f].items.map((i) => i.columns[c]).filter((v): v is string => v !== undefined);
  if (items.length === 0) return place;
  const sum = items.reduce((acc, v) => acc.plus(dec(v)), dec(0));
  return {
    ...place,
    label: `${place.label.replace(/（/, "（未填，按明细合计；")}`,
    quantity: { kind: "money", value: sum.toFixed(), unit: r.unit.moneyUnit },
  };
}

function ofWhichFindings(
  ctx: CheckContext,
  rule: { id: string; severity: Severity },
  title: string,
  total: ValuePlace,
  items: ValuePlace[],
): Finding[] {
  const tm = total.quantity ? magnitude(total.quantity) : null;
  if (!tm) return [];
  const out: Finding[] = [];
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
function rateFinding(
  rule: { id: string; severity: Severity },
  title: string,
  stated: ValuePlace,
  numerator: ValuePlace,
  denominator: ValuePlace,
): Finding[] {
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

// ---------- rule kinds ----------

export type Rule = (typeof RULES)[number];
type Evaluator<K extends Rule["kind"]> = (ctx: CheckContext, rule: Extract<Rule, { kind: K }>) => Finding[];

const EVALUATORS: { [K in Rule["kind"]]: Evaluator<K> } = {
  sum: (ctx, rule) =>
    sumFinding(
      ctx,
      rule,
      rule.title,
      moneyPlace(ctx.report, rule.total),
      rule.parts.map((p) => moneyPlace(ctx.report, p)),
    ),

  blanks: (ctx, rule) => {
    const blank = REQUIRED_FIGURES.filter((path) => {
      if (path.startsWith("governmentFunds.") && ctx.report.governmentFunds === null) return false;
      if (path.startsWith("threePublic.") && ctx.report.threePublic === undefined) return false;
      return typeof readPath(ctx.report, path) !== "string";
    });
    if (blank.length === 0) return [];
    const label = (p: string) => FORM_FIELDS[p as FormField] ?? FORM_COUNTS[p as FormCount] ?? p;
    return [
      {
        rule: rule.id,
        severity: rule.severity,
        subject: rule.title,
        message: `${blank.length} 项未填写：${blank.map(label).join("、")}`,
        places: blank.map((path) => ({ path, label: label(path), value: null, unit: null })),
        difference: null,
      },
    ];
  },

  same: (ctx, rule) =>
    sameFindings(
      ctx,
      rule,
      rule.title,
      rule.places.map((p) => moneyPlace(ctx.report, p)),
    ),

  sameCount: (ctx, rule) =>
    sameFindings(
      ctx,
      rule,
      rule.title,
      rule.places.map((p) => countPlace(ctx.report, p)),
    ),

  columns: (ctx, rule) =>
    COLUMNS.flatMap((c) =>
      sumFinding(
        ctx,
        rule,
        `${rule.title}（${COLUMN_LABELS[c]}）`,
        colPlace(ctx.report, rule.total, c),
        rule.parts.map((p) => effectiveColPlace(ctx.report, p, c)),
      ),
    ),

  columnsOfWhich: (ctx, rule) =>
    COLUMNS.flatMap((c) =>
      ofWhichFindings(
        ctx,
        rule,
        rule.title,
        colPlace(ctx.report, rule.total, c),
        rule.parts.map((p) => colPlace(ctx.report, p, c)),
      ),
    ),

  columnsCategories: (ctx, rule) =>
    (["business", "operation", "county"] as const).flatMap((field) => {
      const cat = ctx.report.basicData[field];
      return COLUMNS.flatMap((c) => {
        const total = colPlace(ctx.report, field, c);
        const items = cat.items.map((item, i) => ({
          path: `basicData.${field}.items.${i}.columns.${c}`,
          label: `附件1-1 ${ROW_LABELS[field]} › ${item.name}（${COLUMN_LABELS[c]}）`,
          quantity:
            item.columns[c] === undefined
              ? null
              : ({ kind: "money", value: item.columns[c], unit: ctx.unit } as Quantity),
        }));
        return cat.itemsArePartial
          ? ofWhichFindings(ctx, rule, `${ROW_LABELS[field]}：“其中”项不应大于合计`, total, items)
          : sumFinding(ctx, rule, `${ROW_LABELS[field]}（${COLUMN_LABELS[c]}）`, total, items);
      });
    }),

  rate: (ctx, rule) => {
    const read = (
      [path, label]: readonly [string, string],
      kind: "percent" | "count" | "money",
    ): ValuePlace => {
      const v = readPath(ctx.report, path);
      const quantity: Quantity | null =
        typeof v !== "string"
          ? null
          : kind === "percent"
            ? { kind: "percent", value: v }
            : kind === "money"
              ? { kind: "money", value: v, unit: ctx.unit }
              : { kind: "count", value: v, unit: "人" };
      return { path, label, quantity };
    };
    return rateFinding(
      rule,
      rule.title,
      read(rule.stated, "percent"),
      read([rule.numerator[0], rule.numerator[1]], rule.numerator[2]),
      read([rule.denominator[0], rule.denominator[1]], rule.denominator[2]),
    );
  },

  threePublicChange: (ctx, rule) => {
    const tp = ctx.report.threePublic;
    const change = tp?.change;
    const prior = ctx.report.basicData.threePublic.prior;
    if (!tp || !change || prior === undefined || tp.amount === undefined) return [];
    const current = dec(tp.amount);
    const delta = current.minus(dec(prior));
    const out: Finding[] = [];
    const places = [
      { path: "threePublic.amount", label: "二㈠ 本年“三公经费”", value: tp.amount, unit: ctx.unit },
      {
        path: "basicData.threePublic.prior",
        label: "附件1-1 三公经费（上年决算数）",
        value: prior,
        unit: ctx.unit,
      },
    ];
    const direction = delta.isZero() ? "持平" : delta.isNegative() ? "减少" : "增加";
    if (direction !== change.direction) {
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: "“三公经费”同比变动",
        message: `“三公经费”同比应为“${direction}”（${tp.amount} 对上年 ${prior}），文中写作“${change.direction}”`,
        places: [
          ...places,
          {
            path: "threePublic.change.direction",
            label: "二㈠ 同比变动方向",
            value: change.direction,
            unit: null,
          },
        ],
        difference: null,
      });
    }
    if (!delta.abs().equals(dec(change.amount))) {
      const diff = dec(change.amount).minus(delta.abs());
      const dp = maxDecimals([tp.amount, prior, change.amount]);
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: "“三公经费”同比变动",
        message: `“三公经费”同比变动额：填报 ${change.amount}${ctx.unit}，按 ${tp.amount} − ${prior} 计算为 ${delta.abs().toFixed(dp)}${ctx.unit}`,
        places: [
          ...places,
          {
            path: "threePublic.change.amount",
            label: "二㈠ 同比变动额",
            value: change.amount,
            unit: ctx.unit,
          },
        ],
        difference: diff.toFixed(dp),
      });
    }
    if (!dec(prior).isZero()) {
      out.push(
        ...rateFinding(
          rule,
          "“三公经费”同比变动率 = |本年 − 上年| / 上年",
          {
            path: "threePublic.change.rate",
            label: "二㈠ 同比变动率",
            quantity: { kind: "percent", value: change.rate },
          },
          {
            path: "threePublic.amount",
            label: "本年与上年之差",
            quantity: { kind: "money", value: delta.abs().toFixed(), unit: ctx.unit },
          },
          {
            path: "basicData.threePublic.prior",
            label: "附件1-1 三公经费（上年决算数）",
            quantity: { kind: "money", value: prior, unit: ctx.unit },
          },
        ),
      );
    }
    return out;
  },

  amountTrees: (ctx, rule) => {
    const out: Finding[] = [];
    const visit = (node: AmountNode, path: string, label: string) => {
      const here = `${label} › ${node.name}`;
      const items = node.items ?? [];
      if (items.length > 0) {
        const total: ValuePlace = {
          path: `${path}.amount`,
          label: here,
          quantity: node.amount === undefined ? null : { kind: "money", value: node.amount, unit: ctx.unit },
        };
        const parts = items.map((item, i) => ({
          path: `${path}.items.${i}.amount`,
          label: `${here} › ${item.name}`,
          quantity:
            item.amount === undefined
              ? null
              : ({ kind: "money", value: item.amount, unit: ctx.unit } as Quantity),
        }));
        out.push(
          ...(node.itemsArePartial
            ? ofWhichFindings(ctx, rule, `${node.name}：“其中”项不应大于合计`, total, parts)
            : sumFinding(ctx, rule, node.name, total, parts)),
        );
      }
      items.forEach((item, i) => {
        visit(item, `${path}.items.${i}`, here);
      });
    };
    for (const t of amountTrees(ctx.report)) visit(t.node, t.path, t.prefix);
    const gf = ctx.report.governmentFunds;
    if (gf) {
      const income: ValuePlace = {
        path: "governmentFunds.income",
        label: "三、政府性基金预算拨款收入",
        quantity: gf.income === undefined ? null : { kind: "money", value: gf.income, unit: ctx.unit },
      };
      const top = (list: AmountNode[], key: string, label: string) =>
        list.map((n, i) => ({
          path: `governmentFunds.${key}.${i}.amount`,
          label: `${label} › ${n.name}`,
          quantity:
            n.amount === undefined ? null : ({ kind: "money", value: n.amount, unit: ctx.unit } as Quantity),
        }));
      if (gf.breakdown.length > 0)
        out.push(
          ...sumFinding(
            ctx,
            rule,
            "政府性基金预算支出（按科目）",
            income,
            top(gf.breakdown, "breakdown", "三"),
          ),
        );
      if (gf.uses.length > 0)
        out.push(
          ...sumFinding(ctx, rule, "政府性基金使用情况", income, top(gf.uses, "uses", "三、使用情况")),
        );
    }
    const projects = ctx.report.projects;
    if (projects.length > 0) {
      out.push(
        ...sumFinding(
          ctx,
          rule,
          "项目支出",
          moneyPlace(ctx.report, "generalBudget.project"),
          projects.map((n, i) => ({
            path: `projects.${i}.amount`,
            label: `二㈡ ${n.name}`,
            quantity:
              n.amount === undefined
                ? null
                : ({ kind: "money", value: n.amount, unit: ctx.unit } as Quantity),
          })),
        ),
      );
    }
    const staff = ctx.report.profile.staff;
    if (staff.breakdown.length > 0) {
      out.push(
        ...sumFinding(
          ctx,
          rule,
          "在编工作人员",
          {
            path: "profile.staff.actual",
            label: "一、实有在编工作人员",
            quantity: staff.actual === undefined ? null : { kind: "count", value: staff.actual, unit: "人" },
          },
          staff.breakdown.map((b, i) => ({
            path: `profile.staff.breakdown.${i}.count`,
            label: `一、${b.name}`,
            quantity: { kind: "count", value: b.count, unit: "人" } as Quantity,
          })),
        ),
      );
    }
    return out;
  },

  figureTrees: (ctx, rule) => {
    const out: Finding[] = [];
    const visit = (f: Figure, path: string, prefix: string) => {
      const items = f.items ?? [];
      if (items.length > 0) {
        const total = ctx.refs.get(f.id) as ValuePlace;
        const parts = items.map((i) => ctx.refs.get(i.id) as ValuePlace);
        out.push(
          ...(f.itemsArePartial
            ? ofWhichFindings(ctx, rule, `${f.label}：“其中”项不应大于合计`, total, parts)
            : sumFinding(ctx, rule, `${prefix} ${f.label}`, total, parts)),
        );
      }
      items.forEach((item, i) => {
        visit(item, `${path}.items.${i}`, prefix);
      });
    };
    for (const list of figureLists(ctx.report)) {
      list.figures.forEach((f, i) => {
        visit(f, `${list.path}.${i}`, list.prefix);
      });
    }
    return out;
  },

  references: (ctx, rule) => {
    const out: Finding[] = [];
    const pair = (self: ValuePlace | undefined, ref: string | undefined, subject: string) => {
      const other = ref ? ctx.refs.get(ref) : undefined;
      if (!self || !other) return;
      out.push(...sameFindings(ctx, rule, subject, [other, self]));
    };
    for (const list of figureLists(ctx.report)) {
      const walk = (f: Figure) => {
        pair(ctx.refs.get(f.id), f.sameAs, f.label);
        f.items?.forEach(walk);
      };
      list.figures.forEach(walk);
    }
    const walkAmount = (n: AmountNode) => {
      if (n.id) pair(ctx.refs.get(n.id), n.sameAs, n.name);
      n.items?.forEach(walkAmount);
    };
    for (const t of amountTrees(ctx.report)) walkAmount(t.node);
    for (const { row } of indicatorRows(ctx.report)) {
      pair(ctx.refs.get(`${row.id}.target`), row.targetRef, `${row.name} 指标值`);
      pair(ctx.refs.get(`${row.id}.actual`), row.actualRef, `${row.name} 完成值`);
    }
    ctx.report.selfEvaluation.goals.forEach((g, i) => {
      if (g.id) pair(ctx.refs.get(g.id), g.amountRef, `年度目标${i + 1} 计划投入`);
    });
    return out;
  },

  derivations: (ctx, rule) => {
    const out: Finding[] = [];
    const walk = (f: Figure) => {
      const self = ctx.refs.get(f.id) as ValuePlace;
      if (f.ratioOf) {
        const [n, d] = f.ratioOf.map((r) => ctx.refs.get(r));
        if (n && d) out.push(...rateFinding(rule, `${f.label} = ${n.label} / ${d.label}`, self, n, d));
      }
      const [a, b] = (f.productOf ?? f.differenceOf ?? []).map((r) => ctx.refs.get(r));
      // a part not filled in yet (the questionnaire lets a figure name a later one) is checked later
      if ((f.productOf || f.differenceOf) && a && b) {
        const derived = f.productOf ? product(a.quantity, b.quantity) : difference(a.quantity, b.quantity);
        if (derived) {
          const op = f.productOf ? "×" : "−";
          const computed: ValuePlace = {
            path: `${self.path}`,
            label: `${a.label}（${a.quantity ? formatQuantity(a.quantity) : "空"}）${op} ${b.label}（${b.quantity ? formatQuantity(b.quantity) : "空"}）`,
            quantity: derived,
          };
          for (const finding of sameFindings(ctx, rule, `${f.label}`, [computed, self])) {
            out.push({ ...finding, places: [...finding.places.slice(1), placeOf(a), placeOf(b)] });
          }
        }
      }
      f.items?.forEach(walk);
    };
    for (const list of figureLists(ctx.report)) list.figures.forEach(walk);
    return out;
  },

  goals: (ctx, rule) => {
    const goals = ctx.report.selfEvaluation.goals;
    if (!goals.some((g) => g.plannedAmount !== undefined)) return [];
    return sumFinding(
      ctx,
      rule,
      rule.title,
      moneyPlace(ctx.report, "selfEvaluation.funds.initialBudget"),
      goals.map((g, i) => ({
        path: `selfEvaluation.goals.${i}.plannedAmount`,
        label: `附件1-2 目标${i + 1} 计划投入`,
        quantity:
          g.plannedAmount === undefined
            ? null
            : ({ kind: "money", value: g.plannedAmount, unit: ctx.unit } as Quantity),
      })),
    );
  },

  rowValues: (ctx, rule) =>
    rowsWhere(ctx, (r) => r.status === "invalid" || r.status === "missing").map(({ row, path }) => ({
      rule: rule.id,
      severity: row.status === "missing" ? "warning" : rule.severity,
      subject: row.name,
      message: `${row.name}：${row.explanation}`,
      places: [
        placeOf({ path: `${path}.target`, label: `${row.name} 指标值`, quantity: rowOf(ctx, row.id).target }),
        placeOf({ path: `${path}.actual`, label: `${row.name} 完成值`, quantity: rowOf(ctx, row.id).actual }),
      ],
      difference: null,
    })),

  farExceeded: (ctx, rule) =>
    rowsWhere(ctx, (r) => r.farExceeded).map(({ row, path }) => {
      const src = rowOf(ctx, row.id);
      const t = magnitude(src.target);
      const a = src.actual ? magnitude(src.actual) : null;
      return {
        rule: rule.id,
        severity: rule.severity,
        subject: row.name,
        message: `${row.name}：完成值 ${src.actual ? formatQuantity(src.actual) : ""} 为指标值 ${formatQuantity(src.target)} 的 ${row.achieved?.mul(Ratio.of(100)).toFixed(2)}%，目标可能设定偏低`,
        places: [
          placeOf({ path: `${path}.target`, label: `${row.name} 指标值`, quantity: src.target }),
          placeOf({ path: `${path}.actual`, label: `${row.name} 完成值`, quantity: src.actual }),
        ],
        difference: t && a ? show(a.value.sub(t.value), t.dim, ctx.unit, 0) : null,
      };
    }),

  tierMissing: (ctx, rule) =>
    rowsWhere(ctx, (r) => r.tierAssumed).map(({ row, path }) => ({
      rule: rule.id,
      severity: rule.severity,
      subject: row.name,
      message: `${row.name}：${row.explanation}；请选择档次（达成 / 部分达成 / 未达成）`,
      places: [
        placeOf({ path: `${path}.actual`, label: `${row.name} 完成值`, quantity: rowOf(ctx, row.id).actual }),
      ],
      difference: null,
    })),

  weights: (ctx, rule) => {
    const s = ctx.score;
    if (s.weightTotal.eq(Ratio.of(100))) return [];
    return [
      {
        rule: rule.id,
        severity: rule.severity,
        subject: "分值合计",
        message: `分值合计为 ${s.weightTotal.toFixed(2)}（${[`执行率 ${s.execution.weight.toFixed(2)}`, ...s.groups.map((g) => `${g.name} ${g.weight.toFixed(2)}`)].join(" + ")}），应为 100`,
        places: s.groups.map((g, i) => ({
          path: `selfEvaluation.indicators.${i}.weight`,
          label: g.name,
          value: g.weight.toExactDecimal()?.toFixed() ?? g.weight.toFixed(2),
          unit: "分",
        })),
        difference: s.weightTotal.sub(Ratio.of(100)).toFixed(2),
      },
    ];
  },

  declaredGroups: (ctx, rule) => declaredGroupFindings(ctx, rule),
  declaredTotal: (ctx, rule) => declaredTotalFindings(ctx, rule),
  declaredGrade: (ctx, rule) => declaredGradeFindings(ctx, rule),
  computedTotal: (ctx, rule) => computedTotalFindings(ctx, rule),
};

function product(a: Quantity | null, b: Quantity | null): Quantity | null {
  if (!a || !b) return null;
  const [count, rate] = a.kind === "money" ? [b, a] : [a, b];
  if ((count.kind !== "count" && count.kind !== "number") || rate.kind !== "money") return null;
  // 人数 × 标准（元/人）= 金额: exact decimal product, in the rate's unit
  return { kind: "money", value: dec(count.value).times(dec(rate.value)).toFixed(), unit: rate.unit };
}

function difference(a: Quantity | null, b: Quantity | null): Quantity | null {
  if (!a || !b || a.kind !== b.kind) return null;
  if (a.kind === "money" && b.kind === "money") {
    return {
      kind: "money",
      value: dec(a.value)
        .minus(convertMoney(dec(b.value), b.unit, a.unit))
        .toFixed(),
      unit: a.unit,
    };
  }
  if (a.kind === "count" || a.kind === "percent" || a.kind === "number") {
    const bv = (b as { value: string }).value;
    return { ...a, value: dec(a.value).minus(dec(bv)).toFixed() } as Quantity;
  }
  return null;
}

function rowsWhere(ctx: CheckContext, pred: (r: ScoreResult["groups"][number]["rows"][number]) => boolean) {
  const paths = new Map(indicatorRows(ctx.report).map((r) => [r.row.id, r.path]));
  return ctx.score.groups.flatMap((g) =>
    g.rows.filter(pred).map((row) => ({ row, path: paths.get(row.id) as string })),
  );
}

function rowOf(ctx: CheckContext, id: string) {
  const found = indicatorRows(ctx.report).find((r) => r.row.id === id);
  if (!found) throw new Error(`row ${id} not in report`);
  return found.row;
}

type DeclaredPart = { label: string; path: string; declared: Ratio | null; computed: Ratio; weight: Ratio };

function declaredParts(s: ScoreResult): DeclaredPart[] {
  return [
    {
      label: "预算执行率",
      path: "selfEvaluation.funds.declaredScore",
      declared: s.execution.declared,
      computed: s.execution.score,
      weight: s.execution.weight,
    },
    ...s.groups.map((g, i) => ({
      label: g.name,
      path: `selfEvaluation.indicators.${i}.declaredScore`,
      declared: g.declared,
      computed: g.score,
      weight: g.weight,
    })),
  ];
}

const r2 = (r: Ratio) => r.toFixed(2);
const scoreText = (r: Ratio) => r.toExactDecimal()?.toFixed() ?? r2(r);
const scorePlace = (path: string, label: string, r: Ratio | null): FindingPlace => ({
  path,
  label,
  value: r === null ? null : scoreText(r),
  unit: "分",
});

/** Each declared group score: filled in, within its weight, and equal to the rule-computed one. */
function declaredGroupFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): Finding[] {
  const out: Finding[] = [];
  for (const p of declaredParts(ctx.score)) {
    const place = scorePlace(p.path, `附件1-2 ${p.label} 得分`, p.declared);
    if (p.declared === null) {
      out.push({
        rule: rule.id,
        severity: "warning",
        subject: `${p.label}自评得分`,
        message: `${p.label}：自评得分未填写（分值 ${r2(p.weight)}，按规则计算为 ${r2(p.computed)}）`,
        places: [place],
        difference: null,
      });
      continue;
    }
    if (p.declared.gt(p.weight)) {
      out.push({
        rule: rule.id,
        severity: "error",
        subject: `${p.label}自评得分`,
        message: `${p.label}：自评得分 ${r2(p.declared)} 超过分值 ${r2(p.weight)}`,
        places: [place],
        difference: r2(p.declared.sub(p.weight)),
      });
    }
    const shownComputed = Ratio.fromDecimal(p.computed.roundHalfUp(2));
    if (!p.declared.eq(shownComputed)) {
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: `${p.label}自评得分`,
        message: `${p.label}：自评得分 ${r2(p.declared)}，按规则计算为 ${r2(p.computed)}，相差 ${r2(p.declared.sub(shownComputed).abs())}，请说明理由`,
        places: [place],
        difference: r2(p.declared.sub(shownComputed)),
      });
    }
  }
  return out;
}

/** The declared total equals the sum of the declared parts (a blank part is reported with the value the total implies). */
function declaredTotalFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): Finding[] {
  const total = ctx.score.declared.total;
  if (total === null) return [];
  const parts = declaredParts(ctx.score);
  const filled = parts.filter((p) => p.declared !== null);
  const sum = filled.reduce((acc, p) => acc.add(p.declared as Ratio), Ratio.ZERO);
  if (sum.eq(total)) return [];
  const missing = parts.filter((p) => p.declared === null).map((p) => p.label);
  return [
    {
      rule: rule.id,
      severity: missing.length > 0 ? "warning" : rule.severity,
      subject: "自评总分",
      message: `自评总分 ${r2(total)} 与各项自评得分之和 ${r2(sum)} 不符${missing.length > 0 ? `（${missing.join("、")}未填写得分，按总分推算应为 ${r2(total.sub(sum))}）` : ""}`,
      places: [
        scorePlace("selfEvaluation.declaredTotal", "附件1-2 总分", total),
        ...filled.map((p) => scorePlace(p.path, `附件1-2 ${p.label} 得分`, p.declared)),
      ],
      difference: r2(total.sub(sum)),
    },
  ];
}

/** The declared grade is filled in 附件1-2 and matches the declared total's band. */
function declaredGradeFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): Finding[] {
  const s = ctx.score;
  const out: Finding[] = [];
  const stated = ctx.report.otherNotes.statedGrade;
  if (ctx.report.selfEvaluation.declaredGrade === undefined && stated !== undefined) {
    out.push({
      rule: rule.id,
      severity: "warning",
      subject: "综合评定等级",
      message: `附件1-2 综合评定等级未填写，第七部分写为“${stated}”`,
      places: [
        { path: "selfEvaluation.declaredGrade", label: "附件1-2 综合评定等级", value: null, unit: null },
        { path: "otherNotes.statedGrade", label: "七、其他需要说明的情况", value: stated, unit: null },
      ],
      difference: null,
    });
  }
  const total = s.declared.total;
  if (total === null || s.declared.grade === null) return out;
  const config = scoringConfigOf(ctx.report);
  const expected = config.grades.find((g) => total.gte(g.min))?.label;
  if (expected !== undefined && expected !== s.declared.grade) {
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: "综合评定等级",
      message: `自评等级“${s.declared.grade}”与自评总分 ${r2(total)} 对应的等级“${expected}”不符`,
      places: [
        scorePlace("selfEvaluation.declaredTotal", "附件1-2 总分", total),
        {
          path:
            s.declared.gradeSource === "otherNotes"
              ? "otherNotes.statedGrade"
              : "selfEvaluation.declaredGrade",
          label: "自评等级",
          value: s.declared.grade,
          unit: null,
        },
      ],
      difference: null,
    });
  }
  return out;
}

/** The declared total against the rule-computed total (as shown, two decimals). */
function computedTotalFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): Finding[] {
  const s = ctx.score;
  const total = s.declared.total;
  const shown = Ratio.fromDecimal(s.shownTotal);
  if (total === null || shown.eq(total)) return [];
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: "自评总分",
      message: `自评总分 ${r2(total)}（${s.declared.grade ?? "等级未填"}），按规则计算为 ${s.shownTotal.toFixed(2)}（${s.grade}），相差 ${r2(total.sub(shown).abs())}`,
      places: [scorePlace("selfEvaluation.declaredTotal", "附件1-2 总分", total)],
      difference: r2(total.sub(shown)),
    },
  ];
}

/** Builds what every rule needs once: the score and the reference index. */
export function checkContext(report: Report, score?: ScoreResult): CheckContext {
  let computed = score;
  return {
    report,
    // computed on first use: the form's own rules (sums, references, rates) never need it
    get score() {
      computed ??= computeScore(report);
      return computed;
    },
    refs: referenceIndex(report),
    unit: report.unit.moneyUnit,
    rows: new Map(indicatorRows(report).map((r) => [r.row.id, { row: r.row, path: r.path }])),
  };
}

/**
 * Runs every rule of `RULES` and returns the findings, errors first, in the order of the table.
 * Arithmetic is exact throughout: money as decimals, rates and scores as ratios.
 */
export function runChecks(
  report: Report,
  ctx: CheckContext = checkContext(report),
  only: (rule: Rule) => boolean = () => true,
): Finding[] {
  const findings = RULES.filter(only).flatMap((rule) =>
    (EVALUATORS[rule.kind] as Evaluator<typeof rule.kind>)(ctx, rule as never),
  );
  return [
    ...findings.filter((f) => f.severity === "error"),
    ...findings.filter((f) => f.severity === "warning"),
  ];
}
