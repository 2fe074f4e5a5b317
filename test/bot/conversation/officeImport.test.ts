import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { getAt } from "../../../bot/conversation/draft.js";
import { prefill } from "../../../bot/conversation/prefill.js";
import { type EngineState, initialState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";
import type { ImportedFile } from "../../../core/imported.js";
import { readOffice } from "../../../office/read/index.js";
import { sample } from "../../helpers.js";

// A Word or Excel file in the conversation: shown figure by figure, nothing filled before the user confirms.
// The files are the hand-made fixtures of test/office (last year's report of the sample's unit, 2020).
const fixture = (name: string) => readFileSync(new URL(`../../office/fixtures/${name}`, import.meta.url));
let docx: ImportedFile;
let xlsx: ImportedFile;
beforeAll(async () => {
  const d = await readOffice(fixture("handmade-2020.docx"));
  const x = await readOffice(fixture("handmade-2020.xlsx"));
  if (!d.ok || !x.ok) throw new Error("fixtures unreadable");
  docx = d.file;
  xlsx = x.file;
});

/** A conversation of the unit for a year, as /new starts it. */
const started = (year: number): EngineState =>
  step(initialState(), {
    kind: "import",
    draft: { unit: { name: "衡阳县库区移民事务中心", year } },
    asWritten: false,
  }).state;

describe("importing a Word or Excel file in the conversation", () => {
  it("shows what it found, figure by figure with where, and fills nothing before it is confirmed", () => {
    const s = started(2021);
    const r = step(s, { kind: "office", file: "2020年自评报告.docx", found: docx });
    expect(r.state.draft).toBe(s.draft);
    expect(r.changes).toEqual([]);
    const offer = r.replies.at(-1);
    expect(offer?.text).toMatch(
      /^从“2020年自评报告\.docx”识别出 \d+ 个数字，按2020年度报告导入，作为2021年度的起点/,
    );
    expect(offer?.text).toContain(
      "附件1-1 部门基本支出（2020年决算数）：113.29→上年决算数（表1 第4行第2列）",
    );
    expect(offer?.text).toContain("附件1-2 资金直补受益移民（人） 指标值：23330人→指标值（表2 第");
    expect(offer?.options).toEqual(["全部采用", "放弃"]);
    expect(offer?.inputs).toEqual(["/confirm 全部", "/confirm 放弃"]);
    // the passages of free prose are offered for manual entry, with where they are
    expect(r.replies[0]?.text).toMatch(
      /^以下 \d+ 段文字中的数字没有对应的表格位置，不自动导入，请在相应问题中手工填写：\n· 第31段（四）：据统计，计划移民培训项目5个/,
    );
    expect(r.awaiting).toBe("import:2020年自评报告.docx");
    // a repeat shows the offer again
    expect(step(r.state, { kind: "repeat" }).replies[0]?.text).toBe(offer?.text);
  });

  it("放弃 leaves the report as it was", () => {
    const s = started(2021);
    const offered = step(s, { kind: "office", file: "a.docx", found: docx }).state;
    const r = step(offered, "放弃");
    expect(r.state.draft).toBe(s.draft);
    expect(r.state.officeImport).toBeUndefined();
    expect(r.replies[0]?.text).toBe("未导入“a.docx”，报告没有改动。");
  });

  it("last year's report, confirmed: this year's start as /seed makes it (上年决算数, the indicator tree and its targets)", () => {
    const offered = step(started(2021), { kind: "office", file: "a.docx", found: docx }).state;
    const r = step(offered, "全部");
    const d = r.state.draft;
    expect(r.replies[0]?.text).toMatch(/^已采用“a\.docx”中的 \d+ 个数字。$/);
    expect(getAt(d, "unit")).toEqual({ name: "衡阳县库区移民事务中心", year: 2021, moneyUnit: "万元" });
    // 2020's 决算数 became 2021's 上年决算数; this year's columns are to be asked
    expect(getAt(d, "basicData.basic")).toEqual({ prior: "113.29" });
    expect(getAt(d, "basicData.business.items.0")).toEqual({
      name: "移民后扶项目（含移民直补资金）",
      columns: { prior: "4922.44" },
    });
    expect(getAt(d, "selfEvaluation.indicators.0.subgroups.0.rows.0")).toEqual({
      id: "P1",
      name: "资金直补受益移民（人）",
      rule: ">=",
      target: { kind: "count", value: "23330", unit: "人" },
    });
    expect(getAt(d, "basicExpenditure.wages.items.0")).toEqual({ name: "基本工资" });
    expect(getAt(d, "basicExpenditure.wages.amount")).toBeUndefined();
    expect(r.state.officeImport).toBeUndefined();
  });

  it("by number: only the figures picked are used", () => {
    const offered = step(started(2021), { kind: "office", file: "a.docx", found: docx }).state;
    const first = offered.officeImport?.figures[0];
    expect(first?.path).toBe("basicData.basic.current");
    const r = step(offered, "1");
    expect(getAt(r.state.draft, "basicData.basic.prior")).toBe("113.29");
    expect(getAt(r.state.draft, "basicData.projects.prior")).toBeUndefined();
    expect(r.replies[0]?.text).toBe("已采用“a.docx”中的 1 个数字。");
  });

  it("a workbook of the report's own year fills its places, and what was answered before is overwritten only if confirmed", () => {
    const s = started(2020);
    const r = step(step(s, { kind: "office", file: "决算.xlsx", found: xlsx }).state, "/confirm 全部");
    const d = r.state.draft;
    expect(getAt(d, "basicExpenditure.wages.amount")).toBe("101.61");
    expect(getAt(d, "basicData.basic")).toEqual({ current: "113.29", budget: "113.29", prior: "152.98" });
    expect(getAt(d, "selfEvaluation.funds.executed")).toBe("5189.73");
    // answered: not asked again
    expect(r.state.answered).toContain("basicExpenditure.wages.amount");
  });

  it("a file of another year is refused with what is expected", () => {
    const r = step(started(2023), { kind: "office", file: "a.docx", found: docx });
    expect(r.replies[0]?.text).toBe(
      "“a.docx”是2020年度的，当前报告是2023年度：只能导入上一年度（2022年）的报告作起点，或本年度的决算、自评表。",
    );
    expect(r.state.officeImport).toBeUndefined();
  });

  it("an answer that is not about the import answers the question as usual; /confirm without an import says so", () => {
    const s = prefill(started(2020), { ...(sample() as unknown as Record<string, unknown>) });
    expect(step(s, "/confirm 全部").replies[0]?.text).toBe(
      "没有待确认的导入。发送上年的报告（.docx）或决算表（.xlsx）即可导入。",
    );
    const offered = step(started(2021), { kind: "office", file: "a.docx", found: docx }).state;
    const r = step(offered, "/confirm 随便");
    expect(r.replies[0]?.text).toBe("请回复“全部”、编号（例如 1-5 8）或“放弃”。");
    expect(r.state).toBe(offered);
    // the question asked (the money unit) is answered; the import still waits
    const answered = step(offered, "万元");
    expect(getAt(answered.state.draft, "unit.moneyUnit")).toBe("万元");
    expect(answered.state.officeImport?.file).toBe("a.docx");
  });
});
