import { beforeAll, describe, expect, it } from "vitest";
import { renderReportDocx } from "../../office/docx.js";
import { readOffice } from "../../office/read/index.js";
import { reportBlocks } from "../../pdf/blocks.js";
import { sample } from "../helpers.js";
import { COMPUTED, hasFigure, sampleFigures } from "./figures.js";
import { unzip, wTables, wText } from "./unzip.js";

// The sample written as a .docx, then read back two ways: by parsing the package's XML here (node:zlib and
// regular expressions, nothing of the writer or the importer) and by the importer. Expected figures come
// from examples/hengyang-2020.json; page sizes from GB/T 9704 (mm × 1440 / 25.4 twips).
let draft: Buffer;
let parts: Map<string, Buffer>;
let xml: string;
const part = (name: string) => parts.get(name)?.toString("utf8") ?? "";
beforeAll(async () => {
  draft = await renderReportDocx(sample());
  parts = unzip(draft);
  xml = part("word/document.xml");
});

describe("the sample as a Word document", () => {
  it("is an A4 page with the GB/T 9704 type area, fonts named and none embedded", () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)?.[1] ?? "";
    // top 37 mm, left 28 mm, bottom 297 − 37 − 225 = 35 mm, right 210 − 28 − 156 = 26 mm
    expect(margin).toContain('w:top="2098"');
    expect(margin).toContain('w:left="1587"');
    expect(margin).toContain('w:bottom="1984"');
    expect(margin).toContain('w:right="1474"');
    expect([...parts.keys()].filter((p) => /fonts\/|\.odttf$|\.ttf$/.test(p))).toEqual([]);
    const fonts = part("word/fontTable.xml");
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toMatch(/<w:font w:name="黑体">.*?<w:charset w:val="86"\/>/);
    expect(fonts).not.toContain("embed");
  });

  it("has Word styles the unit can restyle: 正文, 标题, 标题 1 (黑体), 标题 2 (楷体), in 3号 and 2号", () => {
    const styles = part("word/styles.xml");
    const style = (id: string) =>
      new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles)?.[1] ?? "";
    expect(style("Normal")).toMatch(/w:eastAsia="仿宋_GB2312"/);
    expect(style("Normal")).toMatch(/<w:sz w:val="32"\/>/);
    expect(style("Title")).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(style("Title")).toMatch(/<w:sz w:val="44"\/>/);
    expect(style("Heading1")).toMatch(/w:eastAsia="黑体"/);
    expect(style("Heading1")).toMatch(/<w:outlineLvl w:val="0"\/>/);
    expect(style("Heading2")).toMatch(/w:eastAsia="楷体_GB2312"/);
    const used = [...xml.matchAll(/<w:pStyle w:val="(\w+)"\/>/g)].map((m) => m[1]);
    expect(used.filter((s) => s === "Heading1").length).toBe(7); // 一 to 七
    expect(used).toContain("Heading2");
    expect(used).toContain("Title");
  });

  it("carries the 草稿 watermark until final, and page numbers “— n —”", async () => {
    const headers = [...parts.entries()]
      .filter(([n]) => /^word\/header\d*\.xml$/.test(n))
      .map(([, b]) => b.toString());
    expect(headers.join("")).toMatch(/<v:textpath [^>]*string="草稿"/);
    const footer = [...parts.entries()].find(([n]) => /^word\/footer\d*\.xml$/.test(n))?.[1].toString() ?? "";
    expect(footer).toMatch(/PAGE/);
    expect(wText(footer)).toMatch(/^— .*—$/);
    const final = unzip(await renderReportDocx(sample(), { final: true }));
    const finalHeaders = [...final.entries()]
      .filter(([n]) => /^word\/header/.test(n))
      .map(([, b]) => b.toString());
    expect(finalHeaders.join("")).not.toContain("草稿");
  });

  it("says what the PDF says: every heading and paragraph of the blocks, in order, with the sample's sentences", () => {
    const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "");
    const paras = [...body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => wText(m[0])).filter(Boolean);
    const expected = reportBlocks(sample()).flatMap((b) =>
      b.kind === "title" ? b.lines : b.kind === "heading" || b.kind === "para" ? [b.text] : [],
    );
    expect(paras.filter((p) => expected.includes(p))).toEqual(expected.filter((e) => e !== ""));
    expect(paras).toContain(
      "3．人员情况：单位现实有在编工作人员18人，其中：参照公务员法管理事业人员7人，非参公人员11人。年末实有离退休人员4人。",
    );
    expect(paras[0]).toBe("衡阳县库区移民事务中心");
    expect(paras[1]).toBe("部门整体支出绩效自评报告");
  });

  it("prints every figure of the sample as stored (read from the XML)", () => {
    // paragraph by paragraph (a table cell's figure is a paragraph of its own)
    const text = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => wText(m[0])).join("\n");
    const money = sampleFigures().filter(
      (f) =>
        typeof f.value === "string" &&
        !COMPUTED.has(f.path) &&
        /^(generalBudget|basicExpenditure|threePublic|projects|governmentFunds|basicData|selfEvaluation\.(funds|byIncome|byExpense|goals))/.test(
          f.path,
        ),
    );
    expect(money.length).toBeGreaterThan(90);
    expect(money.filter((f) => !hasFigure(text, f.value as string)).map((f) => f.path)).toEqual([]);
  });

  it("has real tables: 附件1-1's lines with their three columns, 附件1-2's rows with merged cells and a repeated header", () => {
    const tables = wTables(xml);
    const rows = tables.flat();
    const line = (label: string) => rows.find((r) => r[0]?.text === label)?.map((c) => c.text);
    expect(line("一、部门基本支出")).toEqual(["一、部门基本支出", "113.29", "113.29", "152.98"]);
    expect(line("二、部门项目支出")).toEqual(["二、部门项目支出", "5076.44", "5076.44", "5602.44"]);
    expect(line("\u3000\u3000公务接待")).toEqual(["\u3000\u3000公务接待", "2.3", "2.3", "2.4"]);
    const indicators = tables.find((t) => t[0]?.[0]?.text === "绩效指标") ?? [];
    expect(/<w:tblHeader\/>/.test(xml)).toBe(true);
    // 绩效指标 merged down the band: one restart, a continuation in every indicator row (24 in the sample),
    // then the row of 综合评定等级 and 总分
    expect(indicators[0]?.[0]?.merge).toBe("restart");
    expect(indicators.length).toBe(1 + 24 + 1);
    expect(indicators.slice(1, -1).every((r) => r[0]?.merge === "continue")).toBe(true);
    expect(indicators.at(-1)?.map((c) => c.text)).toEqual([
      "综合评定等级",
      "优秀",
      "总分",
      "100.00",
      "99.18",
    ]);
    expect(indicators[0]?.find((c) => c.text === "三级指标")?.span).toBe(2);
    const row = indicators.find((r) => r.some((c) => c.text === "资金直补受益移民（人）")) ?? [];
    expect(row.map((c) => c.text).slice(-4, -2)).toEqual(["23330人", "23038人"]);
    const late = indicators.find((r) => r.some((c) => c.text === "直补资金按时发放时间")) ?? [];
    expect(late.map((c) => c.text).filter((t) => /^2020年/.test(t))).toEqual([
      "2020年3月底前",
      "2020年5月份",
    ]);
  });

  it("read back by the importer: every figure of the sample at its place, exactly; computed ones as the core computes them", async () => {
    const r = await readOffice(draft);
    if (!r.ok) throw new Error(r.reason);
    expect([r.file.unit, r.file.year, r.file.moneyUnit]).toEqual(["衡阳县库区移民事务中心", 2020, "万元"]);
    const by = new Map(r.file.items.map((i) => [i.path, i.value]));
    const stored = sampleFigures().filter((f) => !COMPUTED.has(f.path));
    expect(stored.length).toBe(204);
    for (const f of stored) expect(by.get(f.path), f.path).toEqual(f.value);
    // 执行率 5189.73 / 5189.73, 产出指标 49.18 and 总分 99.18 as the core scores the sample (see test/cli)
    expect(by.get("selfEvaluation.funds.executionRate")).toBe("100.00");
    expect(by.get("selfEvaluation.indicators.0.declaredScore")).toBe("49.18");
    expect(by.get("selfEvaluation.declaredTotal")).toBe("99.18");
  });
});
