import { getAt } from "../draft.js";
import { amountNode, ask, type Builder, list, money, short } from "./questions.js";

/** 二、一般公共预算支出情况: the totals, 基本支出 by its three kinds with items, 三公经费, 项目支出. */
export function budgetQuestions(b: Builder): void {
  const u = b.moneyUnit;
  b.section = "budget";
  ask(
    b,
    "generalBudget.income",
    "一般公共预算拨款收入",
    `二、一般公共预算拨款收入多少？（${u}；可把收入、支出、其中基本支出、项目支出四个数一起写，例如：352.29 352.29 113.29 239）`,
    money(b),
  );
  ask(b, "generalBudget.expenditure", "一般公共预算支出", `一般公共预算支出多少？（${u}）`, money(b));
  ask(b, "generalBudget.basic", "其中：基本支出", `其中基本支出多少？（${u}）`, money(b));
  ask(b, "generalBudget.project", "其中：项目支出", `其中项目支出多少？（${u}）`, money(b));
  ask(b, "basicExpenditure.amount", "基本支出共计", `㈠基本支出共计多少？（${u}）`, money(b), false, {
    carry: (d) => carried(d, "generalBudget.basic", "二、其中：基本支出"),
  });
  amountNode(b, "basicExpenditure.wages", "工资福利支出", 1);
  amountNode(b, "basicExpenditure.goodsAndServices", "商品和服务支出", 1);
  amountNode(b, "basicExpenditure.householdSubsidies", "对个人和家庭补助支出", 1);
  ask(
    b,
    "threePublic.amount",
    "“三公经费”",
    `本年“三公经费”多少？（${u}；说明写在括号里，例如：2.30（“三公经费”即公务接待费））`,
    money(b),
  );
  ask(
    b,
    "threePublic.change",
    "三公经费同比",
    `与上年比，“三公经费”增加、减少还是持平，变动多少、变动率多少？（例如：减少 0.1 4.17%；持平就回答“持平”）`,
    { kind: "change" },
  );
  list(
    b,
    "projects",
    "项目支出",
    `㈡项目支出：逐个写出项目名称和金额（${u}），可一次写完，例如：移民困难扶助金85、省级移民工作经费补助金14；有明细的，明细另起一行、前面空两格；没有项目就回答“没有”`,
    (i) => {
      ask(b, `projects.${i}.name`, `项目${i + 1}名称`, `第 ${i + 1} 个项目的名称？`, short);
      const name = getAt(b.draft, `projects.${i}.name`);
      amountNode(b, `projects.${i}`, typeof name === "string" ? name : `项目${i + 1}`, 2, { gated: true });
    },
    { bulk: { kind: "amounts", depth: 2 }, nested: { parts: (i) => `projects.${i}.items`, what: "明细" } },
  );
}

/** A figure taken over from another place once that one is filled (asked once, used again). */
export function carried(
  draft: Record<string, unknown>,
  from: string,
  label: string,
): { value: unknown; from: string } | null {
  const v = getAt(draft, from);
  return v === undefined || v === null ? null : { value: v, from: label };
}
