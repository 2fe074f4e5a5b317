import { getAt } from "../draft.js";
import { amountNode, ask, type Builder, figures, list, money, short, text } from "./questions.js";

/** 三、政府性基金预算支出情况: asked only when the unit has such funds. */
export function fundsQuestions(b: Builder): void {
  const u = b.moneyUnit;
  const draft = b.draft;
  b.section = "funds";
  ask(b, "governmentFunds", "有无政府性基金", "三、本年有政府性基金预算支出吗？", {
    kind: "choice",
    options: ["有", "没有"],
    values: [{}, null],
  });
  if (getAt(draft, "governmentFunds") !== null && getAt(draft, "governmentFunds") !== undefined) {
    ask(
      b,
      "governmentFunds.income",
      "政府性基金预算拨款收入",
      `政府性基金预算拨款收入多少？（${u}）`,
      money(b),
    );
    list(
      b,
      "governmentFunds.breakdown",
      "政府性基金支出科目",
      `按支出科目逐个写出名称和金额（${u}），例如：大中型水库移民后期扶持基金支出4625.44；科目下的明细另起一行、前面空两格`,
      (i) => {
        ask(
          b,
          `governmentFunds.breakdown.${i}.name`,
          `科目${i + 1}名称`,
          `第 ${i + 1} 个支出科目的名称？`,
          short,
        );
        const name = getAt(draft, `governmentFunds.breakdown.${i}.name`);
        amountNode(b, `governmentFunds.breakdown.${i}`, typeof name === "string" ? name : `科目${i + 1}`, 1, {
          gated: true,
        });
      },
      {
        bulk: { kind: "amounts", depth: 1 },
        nested: { parts: (i) => `governmentFunds.breakdown.${i}.items`, what: "明细" },
      },
    );
    list(
      b,
      "governmentFunds.uses",
      "政府性基金使用情况",
      `资金使用情况：逐项写出用途和金额（${u}），时点或说明写在括号里，例如：通过一卡通发放移民直补资金1382.28、后扶项目已付款2945.01（2021年3月末）`,
      (i) => {
        ask(b, `governmentFunds.uses.${i}.name`, `用途${i + 1}`, `用途 U3.${i + 1} 的名称？`, short);
        const name = getAt(draft, `governmentFunds.uses.${i}.name`);
        ask(
          b,
          `governmentFunds.uses.${i}.amount`,
          typeof name === "string" ? name : `用途${i + 1}金额`,
          `金额？（${u}；时点写在括号里，例如 2945.01（2021年3月末））`,
          money(b),
        );
      },
      { newItem: (i) => ({ id: `U3.${i + 1}` }), bulk: { kind: "amounts", depth: 0, uses: true } },
    );
    ask(
      b,
      "governmentFunds.text",
      "政府性基金说明",
      "资金用途的文字说明（可选；没有就回答“没有”）",
      text,
      true,
    );
    figures(b, "governmentFunds.figures", "F3", "第三部分");
  }
}
