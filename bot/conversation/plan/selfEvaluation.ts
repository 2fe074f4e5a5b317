import { dec, decimalsOf } from "../../../core/money.js";
import { type Draft, getAt } from "../draft.js";
import { carried } from "./budget.js";
import { indicatorQuestions } from "./indicators.js";
import { ask, type Builder, list, money, text } from "./questions.js";

/** 附件1-2 自评表: funds, by income and by expense, goals, the indicator tree, declared total and grade, 说明. */
export function selfEvaluationQuestions(b: Builder): void {
  funds(b);
  goals(b);
  indicatorQuestions(b);
  list(
    b,
    "selfEvaluation.explanation.deviations",
    "说明：偏差及原因分析",
    "附件1-2“说明”栏的偏差及原因分析，一行一条（或用“；”分开）；没有就回答“没有”",
    (i) => {
      ask(b, `selfEvaluation.explanation.deviations.${i}`, `偏差说明${i + 1}`, `第 ${i + 1} 条？`, text);
    },
    { bulk: { kind: "texts" } },
  );
  list(
    b,
    "selfEvaluation.explanation.measures",
    "说明：改进措施",
    "“说明”栏的改进措施，一行一条；没有就回答“没有”",
    (i) => {
      ask(b, `selfEvaluation.explanation.measures.${i}`, `改进措施说明${i + 1}`, `第 ${i + 1} 条？`, text);
    },
    { bulk: { kind: "texts" } },
  );
}

/** The sum of two stored amounts, written with as many decimals as the one with more (101.61 + 0.96 = 102.57). */
function sumOf(draft: Draft, a: string, b: string, from: string): { value: unknown; from: string } | null {
  const x = getAt(draft, a);
  const y = getAt(draft, b);
  if (typeof x !== "string" || typeof y !== "string") return null;
  const places = Math.max(decimalsOf(x), decimalsOf(y));
  return { value: dec(x).plus(dec(y)).toFixed(places), from };
}

/** 部门资金: the year's budget and execution, by income and by expense. */
function funds(b: Builder): void {
  const u = b.moneyUnit;
  b.section = "selfEvaluation";
  ask(
    b,
    "selfEvaluation.filledAt",
    "附件1-2 填报时间",
    "附件1-2 填报时间（例如 2021年5月20日；没有就回答“没有”）",
    { kind: "date", examples: ["2021年5月20日"] },
    true,
    { carry: (d) => carried(d, "basicData.filledAt", "附件1-1 填报时间") },
  );
  ask(
    b,
    "selfEvaluation.funds.initialBudget",
    "年初预算数",
    `附件1-2 自评表。年度资金总额：年初预算数？（${u}；可连同全年预算数、全年执行数、执行率、分值、得分一起写，例如：4633.33 5189.73 5189.73 100% 10 10）`,
    money(b),
  );
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
    "执行率的分值？（默认 10，用默认就回答“默认”）",
    { kind: "number", max: 100, unit: "分", examples: ["10"] },
    true,
    { fallback: "10" },
  );
  ask(
    b,
    "selfEvaluation.funds.declaredScore",
    "执行率自评得分",
    "执行率的自评得分？（没有就回答“没有”）",
    { kind: "number", max: 100, unit: "分", examples: ["10", "9.5"] },
    true,
  );
  byNature(b);
}

/** 按收入性质 and 按支出性质: most of them figures of 二 and 三, taken over. */
function byNature(b: Builder): void {
  const u = b.moneyUnit;
  const income = [
    [
      "generalBudget",
      "一般公共预算",
      (d: Draft) => carried(d, "generalBudget.income", "二、一般公共预算拨款收入"),
    ],
    [
      "governmentFund",
      "政府性基金拨款",
      (d: Draft) =>
        getAt(d, "governmentFunds") === null
          ? { value: "0", from: "三（本年没有政府性基金）" }
          : carried(d, "governmentFunds.income", "三、政府性基金预算拨款收入"),
    ],
    ["nonTax", "纳入管理的非税收入拨款", undefined],
    ["other", "其他资金", undefined],
  ] as const;
  for (const [key, label, carry] of income) {
    ask(
      b,
      `selfEvaluation.byIncome.${key}`,
      `按收入性质：${label}`,
      `按收入性质分，${label}？（${u}；没有写 0${carry ? "" : "，可与下一项一起写，例如：0 0"}）`,
      money(b),
      false,
      carry ? { carry } : {},
    );
  }
  const expense = [
    ["basic", "基本支出", (d: Draft) => carried(d, "basicExpenditure.amount", "二㈠ 基本支出")],
    [
      "personnel",
      "其中：人员经费",
      (d: Draft) =>
        sumOf(
          d,
          "basicExpenditure.wages.amount",
          "basicExpenditure.householdSubsidies.amount",
          "二㈠ 工资福利支出 + 对个人和家庭补助支出",
        ),
    ],
    [
      "publicFunds",
      "公用经费",
      (d: Draft) => carried(d, "basicExpenditure.goodsAndServices.amount", "二㈠ 商品和服务支出"),
    ],
    [
      "project",
      "项目支出",
      (d: Draft) => carried(d, "basicData.projects.current", "附件1-1 部门项目支出本年决算数"),
    ],
  ] as const;
  for (const [key, label, carry] of expense) {
    ask(
      b,
      `selfEvaluation.byExpense.${key}`,
      `按支出性质：${label}`,
      `按支出性质分，${label}？（${u}）`,
      money(b),
      false,
      { carry },
    );
  }
}

/** "计划投入1399.8万元，…" → 1399.8: the planned amount a goal's own text states, in the report's unit. */
export function plannedInText(goal: string, unit: string): string | null {
  const m = /(?:计划投入|计划安排|投入|安排资金|预算)\s*(\d+(?:\.\d+)?)\s*(万元|元)/u.exec(
    goal.normalize("NFKC"),
  );
  return m && m[2] === unit ? (m[1] as string) : null;
}

/** 年度总体目标: the goals with their planned amounts, and what was achieved. */
function goals(b: Builder): void {
  const u = b.moneyUnit;
  ask(
    b,
    "selfEvaluation.goalsIntro",
    "年度目标引言",
    "年度总体目标：一行写一个目标（写明计划投入），可在第一行写引言（以冒号结尾），例如：\n在本年度收支预算内，确保完成以下整体目标：\n计划投入1399.8万元，发放2020年度核定23330人移民直补资金\n（只写引言也可以；没有引言就直接写目标）",
    text,
    true,
    { parts: { list: "selfEvaluation.goals", spec: { kind: "goals" } } },
  );
  list(
    b,
    "selfEvaluation.goals",
    "年度目标",
    "年度目标：一行写一个（写明计划投入），例如：计划投入1399.8万元，发放2020年度核定23330人移民直补资金；没有就回答“没有”",
    (i) => {
      ask(b, `selfEvaluation.goals.${i}.text`, `目标${i + 1}`, `目标${i + 1}的内容？`, text);
      ask(
        b,
        `selfEvaluation.goals.${i}.plannedAmount`,
        `目标${i + 1}计划投入`,
        `目标${i + 1}计划投入多少？（${u}；没有就回答“没有”）`,
        money(b),
        true,
        {
          carry: (d) => {
            const t = getAt(d, `selfEvaluation.goals.${i}.text`);
            const v = typeof t === "string" ? plannedInText(t, u) : null;
            return v === null ? null : { value: v, from: `目标${i + 1}的内容` };
          },
        },
      );
    },
    { newItem: (i) => ({ id: `G${i + 1}` }), bulk: { kind: "goals" } },
  );
  ask(
    b,
    "selfEvaluation.goals.links",
    "年度目标与正文数字的关联",
    "年度目标的计划投入与正文数字的关系",
    { kind: "links", scope: { on: "goals" } },
    true,
  );
  list(
    b,
    "selfEvaluation.goalsAchieved",
    "全年实际完成情况",
    "全年实际完成情况：一行一条；没有就回答“没有”",
    (i) => {
      ask(b, `selfEvaluation.goalsAchieved.${i}`, `完成情况${i + 1}`, `完成情况第 ${i + 1} 条？`, text);
    },
    { bulk: { kind: "texts" } },
  );
}
