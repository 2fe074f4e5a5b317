import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { safeFileName } from "../../core/naming.js";
import { parseAnswer } from "../../core/parse.js";
import { parseReportData, parseReportFile } from "../../core/reportFile.js";
import { SAMPLE_PATH } from "../helpers.js";

/** Issue #12: what a report file or a chat answer may be, bounded at the edge with a clear message. */
const sample = () => JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
const issues = (data: unknown) => {
  const r = parseReportData(data);
  return r.ok ? [] : r.issues.map((i) => `${i.path}：${i.message}`);
};

describe("a report file's numbers and names", () => {
  it("a decimal of 160,000 fraction digits is refused (it took a minute to check), 18 + 12 digits are fine", () => {
    const r = sample();
    r.generalBudget.income = `352.${"2".repeat(160_000)}`;
    expect(issues(r)).toEqual(["generalBudget.income：数字位数过多：整数至多 18 位，小数至多 12 位"]);
    r.generalBudget.income = `123456789012345678.${"9".repeat(12)}`;
    expect(issues(r)).toEqual([]);
    r.generalBudget.income = `123456789012345678.${"9".repeat(13)}`;
    expect(issues(r)).toEqual([
      'generalBudget.income：应为十进制数字字符串（整数至多 18 位，小数至多 12 位），例如 "352.29"',
    ]);
  });

  it("scoring settings out of range are refused with what is expected", () => {
    const r = sample();
    r.scoring = { executionWeight: "-1", tiers: { 达成: "200", 部分达成: "60", 未达成: "0" } };
    r.selfEvaluation.indicators[0].weight = "-20";
    expect(issues(r)).toEqual([
      "selfEvaluation.indicators.0.weight：应为 0 到 100 之间的数，例如 10",
      "scoring.executionWeight：应为 0 到 100 之间的数，例如 10",
      "scoring.tiers.达成：应为 0 到 100 之间的数，例如 10",
    ]);
    r.scoring = {
      tiers: { 达成: "60", 部分达成: "80", 未达成: "0" },
      grades: [
        { min: "60", label: "及格" },
        { min: "90", label: "优" },
      ],
    };
    r.selfEvaluation.indicators[0].weight = "50";
    expect(issues(r)).toEqual([
      "scoring.tiers：各档下限应从高到低：达成 > 部分达成 > 未达成，例如 80 / 60 / 0",
      "scoring.grades：等级应按最低分从高到低排列，例如 优秀 90、良好 80、较差 60、差 0",
    ]);
  });

  it("the unit's name is one line without control characters", () => {
    const r = sample();
    r.unit.name = "衡阳县\u0007库区";
    expect(issues(r)).toEqual(["unit.name：名称不能换行，也不能含控制字符"]);
  });

  it("a UTF-8 byte order mark (Notepad's) is not content", () => {
    const r = parseReportFile(`\uFEFF${readFileSync(SAMPLE_PATH, "utf8")}`);
    expect(r.ok).toBe(true);
  });

  it("nesting deeper than 40 levels is refused before the schema is tried (800 levels overflowed its stack)", () => {
    const r = sample();
    let node = r.basicExpenditure.wages;
    for (let i = 0; i < 800; i++) {
      node.items = [{ name: `第${i}层`, amount: "1" }];
      node = node.items[0];
    }
    expect(issues(r)).toEqual([
      "basicExpenditure.wages.items.0.items.0…：嵌套层数过多（超过 40 层）：报告文件的明细最多嵌套几层，请检查文件是否由其他程序生成时出错",
    ]);
  });
});

describe("answers typed in the chat", () => {
  it("a weight or a score above 100 is refused, with examples that fit", () => {
    const r = parseAnswer("150", { kind: "number", max: 100 });
    expect(r.ok ? "" : r.error.message).toBe(
      "“150”超出合理范围：不能超过100。应为数字（0–100），例如：10 或 9.5",
    );
    expect(parseAnswer("9.5", { kind: "number", max: 100 }).ok).toBe(true);
  });
  it("a name on two lines is refused", () => {
    const r = parseAnswer("甲\n乙", { kind: "text", maxLength: 100, singleLine: true });
    expect(r.ok ? "" : r.error.code).toBe("MULTILINE");
    expect(parseAnswer("第一段\n第二段", { kind: "text" }).ok).toBe(true); // prose may have paragraphs
  });
});

describe("file names made from what users typed", () => {
  it.each([
    ["衡阳县库区移民事务中心-2020.json", "衡阳县库区移民事务中心-2020.json"],
    ["../../x/单位-2020.json", "x_单位-2020.json"],
    ['a"; name="chat_id\r\n-2020.pdf', "a__ name=_chat_id-2020.pdf"],
    ["C:\\Windows\\单位?.pdf", "C__Windows_单位_.pdf"],
    ["...", "报告_"],
    ["CON.json", "报告_CON.json"],
  ])("%j → %j", (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });
});
