import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseReportFile } from "../../core/reportFile.js";
import { SAMPLE_PATH, sample } from "../helpers.js";
import { unzip, wText } from "../office/unzip.js";

// zipin docx, xlsx and import as users run them: the built CLI in a child process.
const ZIPIN = fileURLToPath(new URL("../../dist/cli/zipin.js", import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ZIPIN, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const HANDMADE = fileURLToPath(new URL("../office/fixtures/handmade-2020.docx", import.meta.url));

describe("zipin docx, xlsx, import", () => {
  const dir = mkdtempSync(join(tmpdir(), "zipin-office-"));

  it("docx and xlsx write the files (a draft unless --final)", () => {
    const docx = join(dir, "报告.docx");
    const r = run("docx", SAMPLE_PATH, "-o", docx);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^已生成 .*报告\.docx（\d+ KB，草稿）\n$/);
    const parts = unzip(readFileSync(docx));
    expect(wText(parts.get("word/document.xml")?.toString() ?? "")).toContain("部门整体支出绩效自评报告");
    const final = join(dir, "定稿.docx");
    expect(run("docx", SAMPLE_PATH, "-o", final, "--final").out).not.toContain("草稿");
    const xlsx = join(dir, "附表.xlsx");
    expect(run("xlsx", SAMPLE_PATH, "-o", xlsx).code).toBe(0);
    expect([...unzip(readFileSync(xlsx)).keys()]).toContain("xl/worksheets/sheet3.xml");
  });

  it("import prints each figure with where it was found and writes the report file of the file's year", () => {
    const out = join(dir, "2020.json");
    const r = run("import", HANDMADE, "-o", out);
    expect(r.code).toBe(0);
    expect(r.out).toContain("“handmade-2020.docx”：衡阳县库区移民事务中心 2020年度，金额单位 万元");
    expect(r.out).toContain("  附件1-1 部门基本支出（2020年决算数）：113.29　← 表1 第4行第2列");
    expect(r.out).toContain("以下 2 段的数字没有对应的表格位置，请手工填写：");
    const parsed = parseReportFile(readFileSync(out, "utf8"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const s = sample();
    expect(parsed.report.basicData.basic).toEqual(s.basicData.basic);
    expect(parsed.report.generalBudget).toEqual(s.generalBudget);
    expect(parsed.report.selfEvaluation.indicators[0]?.subgroups[0]?.rows[0]?.target).toEqual(
      s.selfEvaluation.indicators[0]?.subgroups[0]?.rows[0]?.target,
    );
    // zipin check reads it as any report file
    expect(run("check", out).code).toBe(1);
  });

  it("import --base: last year's Word report seeds this year's report", () => {
    const base = join(dir, "2021-base.json");
    const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    raw.unit.year = 2021;
    raw.basicData.basic = { current: "120" };
    writeFileSync(base, JSON.stringify(raw));
    const out = join(dir, "2021.json");
    const r = run("import", HANDMADE, "--base", base, "-o", out);
    expect(r.code).toBe(0);
    expect(r.out).toContain("已按上年（2020年度）报告转为 2021 年度的起点");
    const parsed = parseReportFile(readFileSync(out, "utf8"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    // this year's figure stays; last year's 决算数 becomes 上年决算数
    expect(parsed.report.basicData.basic).toEqual({ current: "120", prior: "113.29" });
  });

  it("a file that is not Word or Excel: exit 2 with what was expected", () => {
    const bad = join(dir, "x.docx");
    writeFileSync(bad, "hello");
    const r = run("import", bad);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "“x.docx”不是 Word 文档（.docx）或 Excel 工作簿（.xlsx），无法导入。例如：上年的“自评报告.docx”或“决算表.xlsx”。\n",
    );
  });
});
