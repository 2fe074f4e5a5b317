import type { MoneyUnit } from "./money.js";
import type { Quantity } from "./quantity.js";
import type { AmountNode, Figure, IndicatorRow, Report } from "./report.js";

/** One place of the report that holds a value: its path in the file, a Chinese label, its quantity. */
export interface ValuePlace {
  path: string;
  label: string;
  quantity: Quantity | null;
}

/** Money fields of the fixed form, with the label a finance officer knows them by. */
export const FORM_FIELDS = {
  "generalBudget.income": "二、一般公共预算拨款收入",
  "generalBudget.expenditure": "二、一般公共预算支出",
  "generalBudget.basic": "二、一般公共预算支出 › 基本支出",
  "generalBudget.project": "二、一般公共预算支出 › 项目支出",
  "basicExpenditure.amount": "二㈠ 基本支出共计",
  "basicExpenditure.wages.amount": "二㈠ 工资福利支出",
  "basicExpenditure.goodsAndServices.amount": "二㈠ 商品和服务支出",
  "basicExpenditure.householdSubsidies.amount": "二㈠ 对个人和家庭补助支出",
  "threePublic.amount": "二㈠ “三公经费”",
  "threePublic.change.amount": "二㈠ “三公经费”同比变动额",
  "governmentFunds.income": "三、政府性基金预算拨款收入",
  "basicData.basic.current": "附件1-1 部门基本支出（本年决算数）",
  "basicData.basic.budget": "附件1-1 部门基本支出（本年预算数）",
  "basicData.threePublic.current": "附件1-1 三公经费（本年决算数）",
  "basicData.threePublic.prior": "附件1-1 三公经费（上年决算数）",
  "basicData.projects.current": "附件1-1 部门项目支出（本年决算数）",
  "basicData.projects.budget": "附件1-1 部门项目支出（本年预算数）",
  "selfEvaluation.funds.initialBudget": "附件1-2 年度资金总额（年初预算数）",
  "selfEvaluation.funds.fullBudget": "附件1-2 年度资金总额（全年预算数）",
  "selfEvaluation.funds.executed": "附件1-2 年度资金总额（全年执行数）",
  "selfEvaluation.funds.adjustedBudget": "附件1-2 年度资金总额（调整后预算数）",
  "project.sources.current.initialBudget": "项目资金 › 当年财政拨款（年初预算数）",
  "project.sources.current.fullBudget": "项目资金 › 当年财政拨款（全年预算数）",
  "project.sources.current.executed": "项目资金 › 当年财政拨款（全年执行数）",
  "project.sources.carryover.initialBudget": "项目资金 › 上年结转资金（年初预算数）",
  "project.sources.carryover.fullBudget": "项目资金 › 上年结转资金（全年预算数）",
  "project.sources.carryover.executed": "项目资金 › 上年结转资金（全年执行数）",
  "project.sources.other.initialBudget": "项目资金 › 其他资金（年初预算数）",
  "project.sources.other.fullBudget": "项目资金 › 其他资金（全年预算数）",
  "project.sources.other.executed": "项目资金 › 其他资金（全年执行数）",
  "selfEvaluation.byIncome.generalBudget": "附件1-2 按收入性质 › 一般公共预算",
  "selfEvaluation.byIncome.governmentFund": "附件1-2 按收入性质 › 政府性基金拨款",
  "selfEvaluation.byIncome.nonTax": "附件1-2 按收入性质 › 纳入管理的非税收入拨款",
  "selfEvaluation.byIncome.other": "附件1-2 按收入性质 › 其他资金",
  "selfEvaluation.byExpense.basic": "附件1-2 按支出性质 › 基本支出",
  "selfEvaluation.byExpense.personnel": "附件1-2 按支出性质 › 人员经费",
  "selfEvaluation.byExpense.publicFunds": "附件1-2 按支出性质 › 公用经费",
  "selfEvaluation.byExpense.project": "附件1-2 按支出性质 › 项目支出",
} as const;
export type FormField = keyof typeof FORM_FIELDS;

/** Count fields of the fixed form. */
export const FORM_COUNTS = {
  "profile.staff.actual": "一、实有在编工作人员",
  "basicData.establishment": "附件1-1 编制数",
  "basicData.actualStaff": "附件1-1 实际在职人数",
} as const;
export type FormCount = keyof typeof FORM_COUNTS;

const PATH_KEYS = new Map<string, string[]>();

/** Reads a dotted path of plain object keys ("selfEvaluation.funds.executed"). */
export function readPath(report: unknown, path: string): unknown {
  let keys = PATH_KEYS.get(path);
  if (!keys) {
    keys = path.split(".");
    if (PATH_KEYS.size >= 50_000) PATH_KEYS.clear(); // the questionnaire's paths are many but bounded
    PATH_KEYS.set(path, keys);
  }
  let cur: unknown = report;
  for (const key of keys) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A money field of the fixed form as a place (absent = blank). */
export function moneyPlace(report: Report, path: FormField | string, label?: string): ValuePlace {
  const v = readPath(report, path);
  return {
    path,
    label: label ?? FORM_FIELDS[path as FormField] ?? path,
    quantity: typeof v === "string" ? { kind: "money", value: v, unit: report.unit.moneyUnit } : null,
  };
}

/** A count field of the fixed form as a place. */
export function countPlace(report: Report, path: FormCount, unit = "人"): ValuePlace {
  const v = readPath(report, path);
  return {
    path,
    label: FORM_COUNTS[path],
    quantity: typeof v === "string" ? { kind: "count", value: v, unit } : null,
  };
}

/** Every amount tree of the report with its path and the label prefix of its section. */
export function amountTrees(report: Report): { path: string; prefix: string; node: AmountNode }[] {
  const out: { path: string; prefix: string; node: AmountNode }[] = [];
  const be = report.basicExpenditure;
  out.push({ path: "basicExpenditure.wages", prefix: "二㈠", node: be.wages });
  out.push({ path: "basicExpenditure.goodsAndServices", prefix: "二㈠", node: be.goodsAndServices });
  out.push({ path: "basicExpenditure.householdSubsidies", prefix: "二㈠", node: be.householdSubsidies });
  report.projects.forEach((node, i) => {
    out.push({ path: `projects.${i}`, prefix: "二㈡", node });
  });
  const gf = report.governmentFunds;
  if (gf) {
    gf.breakdown.forEach((node, i) => {
      out.push({ path: `governmentFunds.breakdown.${i}`, prefix: "三", node });
    });
    gf.uses.forEach((node, i) => {
      out.push({ path: `governmentFunds.uses.${i}`, prefix: "三、使用情况", node });
    });
  }
  return out;
}

/** Every figure of sections 三 and 四 (top level; items are reached through them). */
export function figureLists(report: Report): { path: string; prefix: string; figures: Figure[] }[] {
  const out: { path: string; prefix: string; figures: Figure[] }[] = [];
  if (report.governmentFunds) {
    out.push({ path: "governmentFunds.figures", prefix: "三", figures: report.governmentFunds.figures });
  }
  const numerals = ["㈠", "㈡", "㈢", "㈣", "㈤", "㈥", "㈦", "㈧", "㈨", "㈩"];
  report.performance.sections.forEach((s, i) => {
    out.push({
      path: `performance.sections.${i}.figures`,
      prefix: `四${numerals[i] ?? `(${i + 1})`}`,
      figures: s.figures,
    });
  });
  return out;
}

/** Every indicator row with its group and subgroup. */
export function indicatorRows(
  report: Report,
): { row: IndicatorRow; path: string; group: string; subgroup: string; groupIndex: number }[] {
  const out: { row: IndicatorRow; path: string; group: string; subgroup: string; groupIndex: number }[] = [];
  report.selfEvaluation.indicators.forEach((g, gi) => {
    g.subgroups.forEach((s, si) => {
      s.rows.forEach((row, ri) => {
        out.push({
          row,
          path: `selfEvaluation.indicators.${gi}.subgroups.${si}.rows.${ri}`,
          group: g.name,
          subgroup: s.name,
          groupIndex: gi,
        });
      });
    });
  });
  return out;
}

/**
 * Everything that other places may quote by id: figures, amount nodes with an id, indicator rows'
 * 指标值 and 完成值 ("P1.target", "P1.actual") and goals' planned amounts.
 */
export function referenceIndex(report: Report): Map<string, ValuePlace> {
  const index = new Map<string, ValuePlace>();
  const unit: MoneyUnit = report.unit.moneyUnit;
  const visitAmount = (node: AmountNode, path: string, label: string) => {
    const here = `${label} › ${node.name}`;
    if (node.id) {
      index.set(node.id, {
        path: `${path}.amount`,
        label: node.asOf ? `${here}（${node.asOf}）` : here,
        quantity: node.amount === undefined ? null : { kind: "money", value: node.amount, unit },
      });
    }
    node.items?.forEach((child, i) => {
      visitAmount(child, `${path}.items.${i}`, here);
    });
  };
  for (const t of amountTrees(report)) visitAmount(t.node, t.path, t.prefix);
  const visitFigure = (f: Figure, path: string, prefix: string) => {
    index.set(f.id, { path: `${path}.value`, label: figureLabel(f, prefix), quantity: f.value });
    f.items?.forEach((child, i) => {
      visitFigure(child, `${path}.items.${i}`, `${prefix} ${f.label} ›`);
    });
  };
  for (const list of figureLists(report)) {
    list.figures.forEach((f, i) => {
      visitFigure(f, `${list.path}.${i}`, list.prefix);
    });
  }
  for (const { row, path } of indicatorRows(report)) {
    index.set(`${row.id}.target`, {
      path: `${path}.target`,
      label: `附件1-2 ${row.name} 指标值`,
      quantity: row.target,
    });
    index.set(`${row.id}.actual`, {
      path: `${path}.actual`,
      label: `附件1-2 ${row.name} 完成值`,
      quantity: row.actual,
    });
  }
  report.selfEvaluation.goals.forEach((g, i) => {
    if (g.id) {
      index.set(g.id, {
        path: `selfEvaluation.goals.${i}.plannedAmount`,
        label: `附件1-2 年度目标${i + 1} 计划投入`,
        quantity: g.plannedAmount === undefined ? null : { kind: "money", value: g.plannedAmount, unit },
      });
    }
  });
  return index;
}

function figureLabel(f: Figure, prefix: string): string {
  return `${prefix} ${f.label}${f.asOf ? `（${f.asOf}）` : ""}`;
}
