import { indicatorQuestions } from "./indicators.js";
import { ask, type Builder, list, money, points, short, text } from "./questions.js";

/** 附件1-2 自评表: funds, by income and by expense, goals, the indicator tree, declared total and grade, 说明. */
export function selfEvaluationQuestions(b: Builder): void {
  funds(b);
  goals(b);
  indicatorQuestions(b);
  ask(b, "selfEvaluation.declaredTotal", "自评总分", "表中所填的总分？（没有就 /skip）", points, true);
  ask(
    b,
    "selfEvaluation.declaredGrade",
    "综合评定等级",
    "表中所填的综合评定等级？（没有就 /skip）",
    { kind: "choice", options: ["优秀", "良好", "较差", "差"] },
    true,
  );
  list(
    b,
    "selfEvaluation.explanation.deviations",
    "说明：偏差及原因分析",
    "“说明”栏的偏差及原因分析还有要写的吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.explanation.deviations.${i}`, `偏差说明${i + 1}`, `第 ${i + 1} 条？`, text);
    },
  );
  list(
    b,
    "selfEvaluation.explanation.measures",
    "说明：改进措施",
    "“说明”栏的改进措施还有要写的吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.explanation.measures.${i}`, `改进措施说明${i + 1}`, `第 ${i + 1} 条？`, text);
    },
  );
}

/** 部门资金: the year's budget and execution, by income and by expense. */
function funds(b: Builder): void {
  const u = b.moneyUnit;
  b.section = "selfEvaluation";
  ask(
    b,
    "selfEvaluation.filledAt",
    "附件1-2 填报时间",
    "附件1-2 填报时间（可选；没有就 /skip）",
    short,
    true,
  );
  ask(b, "selfEvaluation.funds.initialBudget", "年初预算数", `年度资金总额：年初预算数？（${u}）`, money(b));
  ask(b, "selfEvaluation.funds.fullBudget", "全年预算数", `全年预算数？（${u}）`, money(b));
  ask(b, "selfEvaluation.funds.executed", "全年执行数", `全年执行数？（${u}）`, money(b));
  ask(
    b,
    "selfEvaluation.funds.executionRate",
    "执行率",
    "表中所填的执行率？（例如 100%）",
    { kind: "percent" },
    true,
  );
  ask(
    b,
    "selfEvaluation.funds.weight",
    "执行率分值",
    "执行率的分值？（默认 10，用默认就 /skip）",
    points,
    true,
  );
  ask(
    b,
    "selfEvaluation.funds.declaredScore",
    "执行率自评得分",
    "执行率的自评得分？（没有就 /skip）",
    points,
    true,
  );
  for (const [key, label] of [
    ["generalBudget", "一般公共预算"],
    ["governmentFund", "政府性基金拨款"],
    ["nonTax", "纳入管理的非税收入拨款"],
    ["other", "其他资金"],
  ] as const) {
    ask(
      b,
      `selfEvaluation.byIncome.${key}`,
      `按收入性质：${label}`,
      `按收入性质分，${label}？（${u}）`,
      money(b),
    );
  }
  for (const [key, label] of [
    ["basic", "基本支出"],
    ["personnel", "其中：人员经费"],
    ["publicFunds", "公用经费"],
    ["project", "项目支出"],
  ] as const) {
    ask(
      b,
      `selfEvaluation.byExpense.${key}`,
      `按支出性质：${label}`,
      `按支出性质分，${label}？（${u}）`,
      money(b),
    );
  }
}

/** 年度总体目标: the goals with their planned amounts, and what was achieved. */
function goals(b: Builder): void {
  const u = b.moneyUnit;
  ask(
    b,
    "selfEvaluation.goalsIntro",
    "年度目标引言",
    "年度总体目标前的引言（可选，例如：在本年度收支预算内，确保完成以下整体目标：；没有就 /skip）",
    text,
    true,
  );
  list(
    b,
    "selfEvaluation.goals",
    "年度目标",
    "还有年度目标要填吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.goals.${i}.text`, `目标${i + 1}`, `目标${i + 1}的内容？`, text);
      ask(
        b,
        `selfEvaluation.goals.${i}.plannedAmount`,
        `目标${i + 1}计划投入`,
        `目标${i + 1}计划投入多少？（${u}；没有就 /skip）`,
        money(b),
        true,
      );
      ask(
        b,
        `selfEvaluation.goals.${i}.link`,
        `目标${i + 1}关联`,
        `目标${i + 1}的计划投入与正文哪个数相同？（可选，写 =编号；没有就 /skip）`,
        { kind: "link", on: "goal" },
        true,
      );
    },
    (i) => ({ id: `G${i + 1}` }),
  );
  list(
    b,
    "selfEvaluation.goalsAchieved",
    "全年实际完成情况",
    "全年实际完成情况还有要写的吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.goalsAchieved.${i}`, `完成情况${i + 1}`, `完成情况第 ${i + 1} 条？`, text);
    },
  );
}
