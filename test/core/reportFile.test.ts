import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parseReportFile, reportJsonSchema } from "../../core/reportFile.js";
import { SAMPLE_PATH } from "../helpers.js";

const text = readFileSync(SAMPLE_PATH, "utf8");

describe("the report file", () => {
  it("the exported JSON Schema accepts the sample and refuses what zod refuses (checked by an independent validator)", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(reportJsonSchema() as object);
    expect(validate(JSON.parse(text))).toBe(true);
    const bad = JSON.parse(text);
    bad.generalBudget.income = "352,29";
    bad.selfEvaluation.indicators[0].subgroups[0].rows[0].rule = ">";
    expect(validate(bad)).toBe(false);
    expect(parseReportFile(JSON.stringify(bad)).ok).toBe(false);
  });

  it("names each bad field by path, with what was expected", () => {
    const bad = JSON.parse(text);
    bad.generalBudget.income = 352.29;
    delete bad.unit.year;
    bad.selfEvaluation.indicators[0].subgroups[0].rows[0].rule = ">";
    const r = parseReportFile(JSON.stringify(bad));
    expect(!r.ok && r.issues).toEqual([
      { path: "unit.year", message: "缺少此项，应为 数字" },
      { path: "generalBudget.income", message: "应为 字符串" },
      {
        path: "selfEvaluation.indicators.0.subgroups.0.rows.0.rule",
        message: '应为 ">=" 或 "<=" 或 "=" 或 "deadline" 或 "qualitative" 之一',
      },
    ]);
  });

  it("refuses a key it does not know, with its path and the nearest known key, instead of dropping it", () => {
    const bad = JSON.parse(text);
    bad.selfEvaluation.declaredTotl = bad.selfEvaluation.declaredTotal;
    delete bad.selfEvaluation.declaredTotal;
    bad.selfEvaluation.indicators[0].subgroups[0].rows[0].wieght = "5";
    bad.unit.colour = "red";
    const r = parseReportFile(JSON.stringify(bad));
    expect(!r.ok && r.issues).toEqual([
      { path: "unit.colour", message: "不认识的字段（此处可填：name、year、moneyUnit）" },
      {
        path: "selfEvaluation.indicators.0.subgroups.0.rows.0.wieght",
        message: "不认识的字段，是不是 weight？",
      },
      { path: "selfEvaluation.declaredTotl", message: "不认识的字段，是不是 declaredTotal？" },
    ]);
  });

  it("a 完成值 written as a bare number takes the unit of its 指标值 (72890 beside 72890元)", () => {
    const raw = JSON.parse(text);
    const row = raw.selfEvaluation.indicators[0].subgroups[0].rows[0];
    row.target = { kind: "money", value: "72890", unit: "元" };
    row.actual = { kind: "number", value: "72890" };
    const r = parseReportFile(JSON.stringify(raw));
    expect(r.ok && r.report.selfEvaluation.indicators[0]?.subgroups[0]?.rows[0]?.actual).toEqual({
      kind: "money",
      value: "72890",
      unit: "元",
    });
  });

  it("refuses references to places that do not exist and duplicate ids", () => {
    const bad = JSON.parse(text);
    bad.selfEvaluation.indicators[0].subgroups[0].rows[0].actualRef = "nowhere";
    bad.selfEvaluation.indicators[0].subgroups[0].rows[1].id = "P1";
    const r = parseReportFile(JSON.stringify(bad));
    expect(!r.ok && r.issues).toEqual([
      {
        path: "selfEvaluation.indicators.0.subgroups.0.rows.1",
        message: '编号 "P1" 重复（已用于 selfEvaluation.indicators.0.subgroups.0.rows.0）',
      },
      {
        path: "selfEvaluation.indicators.0.subgroups.0.rows.0.actualRef",
        message: '引用的编号 "nowhere" 不存在',
      },
    ]);
  });

  it("keeps every figure exactly as written (round trip of the sample)", () => {
    const r = parseReportFile(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.basicExpenditure.goodsAndServices.items?.[4]).toEqual({
      name: "公务接待费",
      amount: "2.30",
    });
    expect(r.report.performance.sections[1]?.figures[7]?.value).toEqual({
      kind: "money",
      value: "2131.675",
      unit: "万元",
    });
    // every value of the file is in the parsed report, unchanged, at the same path (defaults only add)
    const leaves = (v: unknown, path: string, out: [string, unknown][]) => {
      if (v !== null && typeof v === "object")
        for (const [k, c] of Object.entries(v)) leaves(c, `${path}.${k}`, out);
      else out.push([path, v]);
      return out;
    };
    const parsed = new Map(leaves(r.report, "", []));
    const written = leaves(JSON.parse(text), "", []);
    expect(written.length).toBeGreaterThan(700);
    expect(written.filter(([p, v]) => parsed.get(p) !== v)).toEqual([]);
  });
});
