import { amountNode, ask, type Builder, list, money, short, text } from "./questions.js";

/** 二、一般公共预算支出情况: the totals, 基本支出 by its three kinds with items, 三公经费, 项目支出. */
export function budgetQuestions(b: Builder): void {
  const u = b.moneyUnit;
  b.section = "budget";
  ask(
    b,
    "generalBudget.income",
    "一般公共预算拨款收入",
    `二、一般公共预算拨款收入多少？（${u}，例如 352.29）`,
    money(b),
  );
  ask(b, "generalBudget.expenditure", "一般公共预算支出", `一般公共预算支出多少？（${u}）`, money(b));
  ask(b, "generalBudget.basic", "其中：基本支出", `其中基本支出多少？（${u}）`, money(b));
  ask(b, "generalBudget.project", "其中：项目支出", `其中项目支出多少？（${u}）`, money(b));
  ask(b, "basicExpenditure.amount", "基本支出共计", `㈠基本支出共计多少？（${u}）`, money(b));
  amountNode(b, "basicExpenditure.wages", "工资福利支出", 1);
  amountNode(b, "basicExpenditure.goodsAndServices", "商品和服务支出", 1);
  amountNode(b, "basicExpenditure.householdSubsidies", "对个人和家庭补助支出", 1);
  ask(b, "threePublic.amount", "“三公经费”", `本年“三公经费”多少？（${u}）`, money(b));
  ask(
    b,
    "threePublic.note",
    "“三公经费”说明",
    "对“三公经费”的说明（可选，例如：“三公经费”即公务接待费；没有就 /skip）",
    text,
    true,
  );
  ask(b, "threePublic.change.direction", "三公经费同比", "与上年相比是增加、减少还是持平？", {
    kind: "choice",
    options: ["增加", "减少", "持平"],
  });
  ask(
    b,
    "threePublic.change.amount",
    "三公经费同比变动额",
    `同比变动了多少？（${u}，填正数；持平填 0）`,
    money(b),
  );
  ask(b, "threePublic.change.rate", "三公经费同比变动率", "变动率是多少？（例如 4.17%；持平填 0）", {
    kind: "percent",
  });
  list(b, "projects", "项目支出", "㈡项目支出：还有项目要填吗？（是/否）", (i) => {
    ask(b, `projects.${i}.name`, `项目${i + 1}名称`, `第 ${i + 1} 个项目的名称？`, short);
    amountNode(b, `projects.${i}`, `项目${i + 1}`, 2);
    ask(
      b,
      `projects.${i}.note`,
      `项目${i + 1}备注`,
      "备注（可选，例如：含2019年度40万元；没有就 /skip）",
      text,
      true,
    );
  });
}
