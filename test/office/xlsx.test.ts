import ExcelJS from "exceljs";
import FormulaParser from "fast-formula-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { runChecks } from "../../core/checks/index.js";
import type { Ratio } from "../../core/ratio.js";
import { computeScore } from "../../core/scoring.js";
import { readOffice } from "../../office/read/index.js";
import { renderReportXlsx } from "../../office/xlsx.js";
import { sample } from "../helpers.js";
import { COMPUTED, sampleFigures } from "./figures.js";

// The sample's attachments as a workbook, opened with exceljs (not with the importer), every formula
// recomputed by a formula engine (fast-formula-parser) from the cells it reads, and compared with what the
// core computes; then read back by the importer.
let bytes: Buffer;
let wb: ExcelJS.Workbook;
beforeAll(async () => {
  bytes = await renderReportXlsx(sample());
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
});

/** Every formula of a sheet evaluated from the sheet's own cells (formulas over formulas recursively). */
function recompute(ws: ExcelJS.Worksheet): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const value = (address: string): unknown => {
    if (values.has(address)) return values.get(address);
    const c = ws.getCell(address);
    const v = c.value as unknown;
    const formula = v && typeof v === "object" && "formula" in v ? (v as { formula: string }).formula : null;
    // a parser per formula: a formula read inside another's evaluation gets its own (the engine is not re-entrant)
    const out = formula
      ? engine().parse(formula, { sheet: ws.name, row: Number(c.row), col: Number(c.col) })
      : v === null || v === undefined
        ? null
        : v;
    values.set(address, out);
    return out;
  };
  const at = (row: number, col: number) => value(ws.getCell(row, col).address);
  const engine = () =>
    new FormulaParser({
      onCell: ({ row, col }: { row: number; col: number }) => at(row, col),
      onRange: (ref: { from: { row: number; col: number }; to: { row: number; col: number } }) => {
        const rows: unknown[][] = [];
        for (let r = ref.from.row; r <= ref.to.row; r++) {
          const line: unknown[] = [];
          for (let c = ref.from.col; c <= ref.to.col; c++) line.push(at(r, c));
          rows.push(line);
        }
        return rows;
      },
    });
  ws.eachRow((row) => {
    row.eachCell((c) => {
      const v = c.value as unknown;
      if (v && typeof v === "object" && "formula" in v) value(c.address);
    });
  });
  return values;
}

const labelled = (ws: ExcelJS.Worksheet, text: string) => {
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) => {
    row.eachCell((c) => {
      if (!found && String(c.value ?? "").replace(/\n/g, "") === text) found = c;
    });
  });
  if (!found) throw new Error(`no cell “${text}”`);
  return found;
};
const num = (r: Ratio) => Number(r.num) / Number(r.den);

describe("the sample's attachments as a workbook", () => {
  it("has a sheet per table and one of findings, laid out as the form: merges, widths, a frozen header", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["附件1-1", "附件1-2", "审核"]);
    const a = wb.getWorksheet("附件1-1") as ExcelJS.Worksheet;
    const merges = (a.model as { merges?: string[] }).merges ?? [];
    const staff = labelled(a, "财政供养人员情况");
    expect(merges).toContain(`${staff.address}:${a.getCell(Number(staff.row) + 1, 1).address}`);
    expect(a.getColumn(1).width).toBeGreaterThan(a.getColumn(2).width as number);
    expect(a.views[0]).toMatchObject({ state: "frozen" });
    expect(staff.border?.top?.style).toBe("thin");
  });

  it("keeps figures as numbers in their format: money with two decimals, counts, a row's unit", () => {
    const a = wb.getWorksheet("附件1-1") as ExcelJS.Worksheet;
    const basic = labelled(a, "一、部门基本支出");
    const row = a.getRow(Number(basic.row));
    expect([2, 3, 4].map((c) => row.getCell(c).value)).toEqual([113.29, 113.29, 152.98]);
    expect(row.getCell(2).numFmt).toBe("#,##0.00");
    const b = wb.getWorksheet("附件1-2") as ExcelJS.Worksheet;
    const p1 = b.getRow(Number(labelled(b, "资金直补受益移民（人）").row));
    const target = p1.getCell(6);
    expect([target.value, target.numFmt]).toEqual([23330, '0"人"']);
    const rate = b.getRow(Number(labelled(b, "培训合格率（%）").row)).getCell(7);
    expect([rate.value, rate.numFmt]).toEqual([1, "0%"]);
  });

  it("recomputes: every formula evaluated by a formula engine gives what the core computes", () => {
    const report = sample();
    const s = computeScore(report);
    const b = wb.getWorksheet("附件1-2") as ExcelJS.Worksheet;
    const values = recompute(b);
    const funds = b.getRow(Number(labelled(b, "年度资金总额").row));
    // 执行率 = 5189.73 / 5189.73, its score min(100%, 执行率) × 10
    expect(values.get(funds.getCell(7).address)).toBe(1);
    expect(values.get(funds.getCell(9).address)).toBe(10);
    const total = b.getRow(Number(labelled(b, "综合评定等级").row));
    const groups = s.groups.map((g) =>
      values.get(b.getCell(Number(labelled(b, `${g.name}（${g.weight}分）`).row), 9).address),
    );
    groups.forEach((v, i) => {
      expect(v as number).toBeCloseTo(num((s.groups[i] as (typeof s.groups)[number]).score), 9);
    });
    expect(values.get(total.getCell(9).address)).toBe(Number(s.shownTotal.toFixed(2)));
    expect(values.get(total.getCell(8).address)).toBe(100);
    expect(values.get(total.getCell(4).address)).toBe(s.grade);
    // each row scored by formula is the core's row score
    let byFormula = 0;
    for (const g of s.groups)
      for (const r of g.rows) {
        const y = Number(labelled(b, r.name).row);
        expect(values.get(b.getCell(y, 15).address) as number, r.name).toBeCloseTo(num(r.score), 9);
        if (b.getCell(y, 16).value === "按公式计算") byFormula++;
      }
    // 24 rows: all by formula but the deadline row (直补资金按时发放时间, late, scored by tier) and the row whose
    // target is 0 起 (no ratio to take): those hold the core's score with its reason
    expect(byFormula).toBe(22);
    const a = wb.getWorksheet("附件1-1") as ExcelJS.Worksheet;
    const control = a.getCell(Number(labelled(a, "财政供养人员情况").row) + 1, 4);
    expect(recompute(a).get(control.address)).toBe(18 / 19);
  });

  it("lists the open findings of the 审核规则 on the sheet 审核", () => {
    const findings = runChecks(sample());
    const ws = wb.getWorksheet("审核") as ExcelJS.Worksheet;
    expect(ws.rowCount).toBe(findings.length + 1);
    expect(ws.getRow(1).values).toEqual([
      undefined,
      "序号",
      "类别",
      "事项",
      "说明",
      "涉及的位置及数值",
      "差额",
    ]);
    expect(ws.getCell(2, 4).value).toBe(findings[0]?.message);
    expect(ws.getCell(2, 2).value).toBe("错误");
    expect(String(ws.getCell(2, 4).value)).toBe(
      "商品和服务支出：各项合计 10.70万元，填报 10.72万元，相差 0.02万元",
    );
  });

  it("read back by the importer: every figure of the two forms at its place, equal to the stored one", async () => {
    const r = await readOffice(bytes);
    if (!r.ok) throw new Error(r.reason);
    const by = new Map(r.file.items.map((i) => [i.path, i.value]));
    const forms = sampleFigures().filter(
      (f) => /^(basicData|selfEvaluation)\./.test(f.path) && !COMPUTED.has(f.path),
    );
    expect(forms.length).toBe(95);
    for (const f of forms) {
      const got = by.get(f.path);
      if (typeof f.value === "string") expect(Number(got), f.path).toBe(Number(f.value));
      else expect(got, f.path).toEqual(f.value);
    }
  });
});
