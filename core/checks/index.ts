import { profileOf } from "../forms/registry.js";
import type { FormProfile } from "../forms/schema.js";
import { indicatorRows, referenceIndex } from "../places.js";
import type { Report } from "../report.js";
import { computeScore, type ScoreResult } from "../scoring.js";
import { placeApplies, ruleApplies } from "./applies.js";
import { COLUMN_RULES } from "./columns.js";
import { DECLARED_RULES } from "./declared.js";
import { DECLARED_ROW_RULES } from "./declaredRows.js";
import type { CheckContext, Evaluator, Finding, FindingKind, RuleSpec } from "./finding.js";
import { FORM_RULES } from "./form.js";
import { CLAIM_RULES } from "./plausibleClaims.js";
import { GOAL_RULES } from "./plausibleGoals.js";
import { MONEY_RULES } from "./plausibleMoney.js";
import { RATE_RULES } from "./rates.js";
import { REFERENCE_RULES } from "./references.js";
import { ROW_RULES } from "./rows.js";
import { TREE_RULES } from "./trees.js";
import { WEIGHT_RULES } from "./weights.js";

export type { CheckContext, Finding, FindingKind, FindingPlace, Severity } from "./finding.js";

/**
 * The 审核规则 of the form, one row each. Kinds:
 * - sum: a stated total equals the sum of its parts (fixed places of the form);
 * - same: one figure written in several places agrees everywhere;
 * - columns: a total row of 附件1-1 equals the sum of its rows, in each of the three columns;
 * - rate: a stated rate equals numerator / denominator at the precision it is stated;
 * - the remaining kinds walk the report (trees of items, quoted figures, declared scores);
 * - the rules whose id starts with "plausible." read the report as a 财政局 reviewer does: whether its
 *   prose and both attachments tell one story about the same money and work. Their findings are
 *   warnings of kind "plausibility"; every other finding is of kind "arithmetic".
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
  { id: "sum.project-sources-initial", kind: "sum", severity: "error", title: "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（年初预算数）", total: "selfEvaluation.funds.initialBudget", parts: ["project.sources.current.initialBudget", "project.sources.carryover.initialBudget", "project.sources.other.initialBudget"] },
  { id: "sum.project-sources-full", kind: "sum", severity: "error", title: "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（全年预算数）", total: "selfEvaluation.funds.fullBudget", parts: ["project.sources.current.fullBudget", "project.sources.carryover.fullBudget", "project.sources.other.fullBudget"] },
  { id: "sum.project-sources-executed", kind: "sum", severity: "error", title: "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（全年执行数）", total: "selfEvaluation.funds.executed", parts: ["project.sources.current.executed", "project.sources.carryover.executed", "project.sources.other.executed"] },
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
  { id: "score.weights", kind: "weights", severity: "warning", title: "分值合计" },
  { id: "score.declared-groups", kind: "declaredGroups", severity: "warning", title: "自评得分与按规则计算的得分" },
  { id: "score.declared-rows", kind: "declaredRows", severity: "warning", title: "各行自评得分与按规则计算的得分" },
  { id: "score.declared-reach", kind: "declaredReach", severity: "error", title: "自评得分与各行所能得到的分" },
  { id: "score.declared-total", kind: "declaredTotal", severity: "error", title: "自评总分 = 各项自评得分之和" },
  { id: "score.declared-grade", kind: "declaredGrade", severity: "error", title: "自评等级与自评总分" },
  { id: "score.total", kind: "computedTotal", severity: "warning", title: "自评总分与按规则计算的总分" },
  // Plausibility: the prose and both attachments telling one story (warnings, each with its arithmetic)
  { id: "plausible.unspent", kind: "unspent", severity: "warning", title: "文中未付或结余的资金与执行率" },
  { id: "plausible.percentages", kind: "percentages", severity: "warning", title: "文中比例能否由报告的数字算出" },
  { id: "plausible.as-of", kind: "asOf", severity: "warning", title: "截至填报时尚无从得知的数" },
  { id: "plausible.goals", kind: "goalsDone", severity: "warning", title: "写明已完成的年度目标与其数字、指标" },
  { id: "plausible.controlled", kind: "controlled", severity: "warning", title: "从严控制的支出超预算或超上年" },
  { id: "plausible.plan-actual", kind: "planActual", severity: "warning", title: "计划、到位与完成的差额" },
  { id: "plausible.causes", kind: "causes", severity: "warning", title: "偏差原因中的数字与差额" },
] as const satisfies readonly RuleSpec[];

export type RuleId = (typeof RULES)[number]["id"];
export type Rule = (typeof RULES)[number];

/** Each kind of rule and its family (the module that evaluates it). */
const EVALUATORS: { [K in Rule["kind"]]: Evaluator<K> } = {
  ...FORM_RULES,
  ...COLUMN_RULES,
  ...RATE_RULES,
  ...TREE_RULES,
  ...REFERENCE_RULES,
  ...ROW_RULES,
  ...DECLARED_RULES,
  ...DECLARED_ROW_RULES,
  ...WEIGHT_RULES,
  ...MONEY_RULES,
  ...CLAIM_RULES,
  ...GOAL_RULES,
};

/** The kind of a rule's findings: the "plausible." rules read plausibility, all others arithmetic. */
export function findingKindOf(ruleId: string): FindingKind {
  return ruleId.startsWith("plausible.") ? "plausibility" : "arithmetic";
}

const BY_PROFILE = new Map<string, Rule[]>();

/** The rules checked on a profile's form, with the places it does not have left out. */
function rulesFor(profile: FormProfile): Rule[] {
  let rules = BY_PROFILE.get(profile.id);
  if (!rules) {
    rules = RULES.filter((rule) => ruleApplies(rule as never, profile)).map((rule) =>
      rule.kind === "same" || rule.kind === "sameCount"
        ? ({
            ...rule,
            places: rule.places.filter((p: string) => placeApplies(p, profile)),
          } as unknown as Rule)
        : rule,
    );
    BY_PROFILE.set(profile.id, rules);
  }
  return rules;
}

/** The fixed form's labels name the Hunan set's 附件1-2: on another form, its own table's name. */
function renameTable(findings: Finding[], label: string): void {
  const to = label === "" ? "自评表" : `${label} `;
  const fix = (s: string) => s.replaceAll("附件1-2 ", to);
  for (const f of findings) {
    f.message = fix(f.message);
    for (const p of f.places) p.label = fix(p.label);
  }
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
    memo: {},
  };
}

/**
 * Runs every rule of `RULES` and returns the findings, errors first, in the order of the table (the
 * plausibility warnings last).
 * Arithmetic is exact throughout: money as decimals, rates and scores as ratios.
 */
export function runChecks(
  report: Report,
  ctx: CheckContext = checkContext(report),
  only: (rule: Rule) => boolean = () => true,
): Finding[] {
  const profile = profileOf(report);
  const findings: Finding[] = rulesFor(profile)
    .filter(only)
    .flatMap((rule) => {
      const kind = findingKindOf(rule.id);
      const found = (EVALUATORS[rule.kind] as Evaluator<typeof rule.kind>)(ctx, rule as never);
      // each finding is a fresh object of its family: it gets its kind in place (no copy per finding)
      for (const f of found) (f as Finding).kind = kind;
      return found as Finding[];
    });
  if (profile.table.label !== "附件1-2") renameTable(findings, profile.table.label);
  return [
    ...findings.filter((f) => f.severity === "error"),
    ...findings.filter((f) => f.severity === "warning"),
  ];
}
