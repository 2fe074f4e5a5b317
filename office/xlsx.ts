/**
 * The attachments as an Excel workbook (.xlsx): one sheet per table of the report — 附件1-1 and 附件1-2,
 * laid out as the paper form (the PDF's own grid: merged headers, borders, column widths, the form's
 * title and notes, the table's first row frozen) — and a sheet 审核 listing the open findings.
 *
 * Figures are numbers with the format that shows them as stored (money with two decimals at least, a
 * count with its unit); what the form computes is a formula over the cells it comes from, so the office
 * can audit it: 控制率, 执行率 and its score, each level-1 group's 得分 (the sum of its rows' scores, each
 * row scored in columns beside the form), the 分值 total, 总分 and the grade. The values written are the
 * core's (a spreadsheet that does not recompute shows them too).
 */
import ExcelJS from "exceljs";
import { checkContext, runChecks } from "../core/checks/index.js";
import { readPath } from "../core/places.js";
import type { Quantity } from "../core/quantity.js";
import type { Report } from "../core/report.js";
import { type BlockOptions, reportBlocks } from "../pdf/blocks.js";
import type { Block, CellValue, Table } from "../pdf/model.js";
import { fitsNumber, moneyFormat, quantityCell } from "./numbers.js";
import { computedCells, type SheetContext, scoringColumns, valueKey } from "./xlsxFormulas.js";

export type XlsxOptions = BlockOptions;

const FONT = { body: "宋体", head: "黑体", title: "方正小标宋简体" } as const;
const THIN = { style: "thin" as const, color: { argb: "FF000000" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Width of a sheet's form in Excel's character units. */
const FORM_WIDTH = { 4: 96, 9: 118 } as Record<number, number>;

/** The report's attachments as a .xlsx file's bytes. */
export async function renderReportXlsx(report: Report, o: XlsxOptions = {}): Promise<Buffer> {
  const ctx = checkContext(report, o.score);
  const blocks = reportBlocks(report, { ...o, score: ctx.score });
  const wb = new ExcelJS.Workbook();
  wb.creator = report.unit.name;
  wb.title = `${report.unit.name}${report.unit.year}年度部门整体支出绩效自评附表`;
  for (const sheet of attachmentSheets(blocks)) {
    const ws = wb.addWorksheet(sheet.name, {
      pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    const sc: SheetContext = { ws, report, at: new Map(), besides: sheet.table.columns.length + 2 };
    writeForm(sc, sheet.blocks, sheet.table);
    if (sheet.name === "附件1-2") scoringColumns(sc, ctx.score);
    computedCells(sc, ctx.score);
  }
  findingsSheet(wb, o.findings ?? runChecks(report, ctx));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** "单位-年度-自评附表(-草稿).xlsx", beside the PDF's name. */
export function xlsxName(report: Report): string {
  return `${report.unit.name}-${report.unit.year}-自评附表.xlsx`;
}

/** Each attachment's blocks (from its label 附件1-x to the next page break) and its table. */
export function attachmentSheets(blocks: Block[]): { name: string; blocks: Block[]; table: Table }[] {
  const out: { name: string; blocks: Block[]; table: Table }[] = [];
  let current: Block[] | null = null;
  for (const b of blocks) {
    if (b.kind === "heading" && b.level === "label") {
      current = [b];
      out.push({ name: b.text, blocks: current, table: null as unknown as Table });
    } else if (b.kind === "pageBreak" || b.kind === "chart") current = null;
    else current?.push(b);
  }
  for (const s of out) s.table = s.blocks.find((b): b is Table => b.kind === "table") as Table;
  return out.filter((s) => s.table !== undefined);
}

/** The form: its label, title and notes as rows merged across it, the table in its own grid. */
function writeForm(sc: SheetContext, blocks: Block[], table: Table): void {
  const n = table.columns.length;
  const total = FORM_WIDTH[n] ?? n * 13;
  table.columns.forEach((f, i) => {
    sc.ws.getColumn(i + 1).width = Math.max(4, Math.round(f * total));
  });
  let row = 1;
  for (const b of blocks) {
    if (b.kind === "table") {
      sc.ws.views = [{ state: "frozen", ySplit: row, xSplit: 0 }];
      row = writeTable(sc, b, row);
    } else if (b.kind === "heading" || b.kind === "para" || b.kind === "title") {
      const text = b.kind === "title" ? b.lines.join("") : b.text;
      const size = b.kind === "para" ? (b.size ?? 12) : 14;
      const face =
        b.kind === "heading" ? FONT.head : b.kind === "para" && b.face === "sans" ? FONT.title : FONT.body;
      sc.ws.mergeCells(row, 1, row, n);
      const c = sc.ws.getCell(row, 1);
      c.value = text;
      c.font = { name: face, size: size >= 16 ? 18 : size };
      c.alignment = {
        horizontal: b.kind === "para" && b.align === "center" ? "center" : "left",
        vertical: "middle",
        wrapText: true,
      };
      sc.ws.getRow(row).height = rowHeight([[text, total]], size >= 16 ? 18 : size);
      row++;
    }
  }
}

/** The table's rows from `top`: cells with their merges, borders and values; the next free row. */
function writeTable(sc: SheetContext, t: Table, top: number): number {
  const n = t.columns.length;
  const widths = t.columns.map((f, i) => sc.ws.getColumn(i + 1).width ?? f);
  t.rows.forEach((r, ri) => {
    const y = top + ri;
    for (let x = 1; x <= n; x++) sc.ws.getCell(y, x).border = BORDER;
    const spans: [string, number][] = [];
    for (const c of r.cells) {
      const x = c.col + 1;
      const w = c.colSpan ?? 1;
      const h = c.rowSpan ?? 1;
      if (w > 1 || h > 1) sc.ws.mergeCells(y, x, y + h - 1, x + w - 1);
      const cell = sc.ws.getCell(y, x);
      cell.font = { name: c.face === "sans" ? FONT.head : FONT.body, size: 10.5 };
      cell.alignment = { horizontal: c.align ?? "left", vertical: "middle", wrapText: true };
      cell.value = c.text === "" ? null : c.text;
      if (c.value) put(sc, cell, c.value);
      if (h === 1) spans.push([c.text, widths.slice(c.col, c.col + w).reduce((a, b) => a + b, 0)]);
    }
    sc.ws.getRow(y).height = rowHeight(spans, 10.5, r.minHeight);
  });
  return top + t.rows.length;
}

/** A figure of the report as a number in its format; a computed one is remembered for its formula. */
function put(sc: SheetContext, cell: ExcelJS.Cell, v: CellValue): void {
  sc.at.set(valueKey(v), cell.address);
  if (v.kind !== "money" && v.kind !== "count" && v.kind !== "quantity") return;
  const stored = readPath(sc.report, v.path);
  if (v.kind === "quantity") {
    if (stored === null || stored === undefined) return;
    const q = quantityCell(stored as Quantity);
    if ("value" in q) {
      cell.value = q.value;
      cell.numFmt = q.numFmt;
    } else cell.value = q.text;
    return;
  }
  if (typeof stored !== "string") return;
  if (!fitsNumber(stored)) return; // kept as the text the cell already holds
  cell.value = Number(stored);
  cell.numFmt = v.kind === "money" ? moneyFormat(stored) : "0";
}

/** A row's height in points: the most lines any of its cells wraps to (a CJK character is two units wide). */
export function rowHeight(cells: [string, number][], size: number, min = 0): number {
  let lines = 1;
  for (const [text, width] of cells) {
    const per = Math.max(1, width - 1);
    const n = text.split("\n").reduce((sum, l) => {
      const w = [...l].reduce((a, ch) => a + ((ch.codePointAt(0) as number) > 0x2e80 ? 2 : 1.05), 0);
      return sum + Math.max(1, Math.ceil(w / per));
    }, 0);
    lines = Math.max(lines, n);
  }
  return Math.max(min * 0.75, Math.ceil(lines * size * 1.45 + 4));
}

/** 审核: the findings of the 审核规则 still open, one a row, with both places, their values and the difference. */
function findingsSheet(wb: ExcelJS.Workbook, findings: ReturnType<typeof runChecks>): void {
  const ws = wb.addWorksheet("审核");
  ws.columns = [
    { header: "序号", width: 6 },
    { header: "类别", width: 8 },
    { header: "事项", width: 22 },
    { header: "说明", width: 60 },
    { header: "涉及的位置及数值", width: 60 },
    { header: "差额", width: 12 },
  ];
  ws.views = [{ state: "frozen", ySplit: 1, xSplit: 0 }];
  findings.forEach((f, i) => {
    const places = f.places
      .map(
        (p) =>
          `${p.label}：${p.value === null ? "（空）" : `${p.value}${p.unit && p.unit !== "分" ? p.unit : ""}`}`,
      )
      .join("\n");
    ws.addRow([
      i + 1,
      f.severity === "error" ? "错误" : "提示",
      f.subject,
      f.message,
      places,
      f.difference ?? "",
    ]);
  });
  if (findings.length === 0) ws.addRow(["", "", "审核通过：未发现问题。"]);
  ws.eachRow((r, y) => {
    r.eachCell({ includeEmpty: true }, (c) => {
      c.border = BORDER;
      c.font = { name: y === 1 ? FONT.head : FONT.body, size: 10.5 };
      c.alignment = { vertical: "middle", wrapText: true, horizontal: y === 1 ? "center" : "left" };
    });
    if (y > 1)
      r.height = rowHeight(
        [
          [String(r.getCell(4).value ?? ""), 60],
          [String(r.getCell(5).value ?? ""), 60],
        ],
        10.5,
      );
  });
}
