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
    list(b, "governmentFunds.breakdown", "政府性基金支出科目", "按支出科目还有要列的吗？（是/否）", (i) => {
      ask(
        b,
        `governmentFunds.breakdown.${i}.name`,
        `科目${i + 1}名称`,
        `第 ${i + 1} 个支出科目的名称？`,
        short,
      );
      amountNode(b, `governmentFunds.breakdown.${i}`, `科目${i + 1}`, 1);
    });
    list(
      b,
      "governmentFunds.uses",
      "政府性基金使用情况",
      "使用情况还有要列的吗（如直补发放、项目付款、结存）？（是/否）",
      (i) => {
        ask(b, `governmentFunds.uses.${i}.name`, `用途${i + 1}`, `用途 U3.${i + 1} 的名称？`, short);
        ask(b, `governmentFunds.uses.${i}.amount`, `用途${i + 1}金额`, `金额？（${u}）`, money(b));
        ask(
          b,
          `governmentFunds.uses.${i}.asOf`,
          `用途${i + 1}时点`,
          "时点（可选，例如 2021年3月末；没有就 /skip）",
          short,
          true,
        );
        ask(
          b,
          `governmentFunds.uses.${i}.note`,
          `用途${i + 1}备注`,
          "备注（可选；没有就 /skip）",
          text,
          true,
        );
      },
      (i) => ({ id: `U3.${i + 1}` }),
    );
    ask(b, "governmentFunds.text", "政府性基金说明", "资金用途的文字说明（可选；没有就 /skip）", text, true);
    figures(b, "governmentFunds.figures", "F3");
  }
}
