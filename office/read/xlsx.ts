import ExcelJS from "exceljs";
import type { Grid, GridCell, OfficeDoc } from "./doc.js";

/**
 * A .xlsx as one grid per sheet (exceljs): each cell with its merge, its text as the sheet shows it (a
 * number with the decimals of its format, a percent format ×100 with %) and its number; a formula's cached
 * result counts as its value. Empty rows are kept (cell addresses stay the sheet's).
 */
export async function readXlsx(bytes: Uint8Array): Promise<OfficeDoc> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as ArrayBuffer);
  const blocks: Grid[] = [];
  wb.eachSheet((ws) => {
    blocks.push(sheetGrid(ws));
  });
  return { format: "xlsx", blocks };
}

function sheetGrid(ws: ExcelJS.Worksheet): Grid {
  const spans = new Map<string, { rows: number; cols: number }>();
  for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
    const [a, b] = range.split(":");
    const tl = ws.getCell(a as string);
    const br = ws.getCell((b ?? a) as string);
    spans.set(tl.address, {
      rows: Number(br.row) - Number(tl.row) + 1,
      cols: Number(br.col) - Number(tl.col) + 1,
    });
  }
  const rows: GridCell[][] = [];
  // exceljs computes rowCount and columnCount by walking the sheet: once, not per row
  const rowCount = ws.rowCount;
  const columnCount = ws.columnCount;
  for (let r = 1; r <= rowCount; r++) {
    const cells: GridCell[] = [];
    const row = ws.getRow(r);
    for (let c = 1; c <= Math.max(columnCount, row.cellCount); c++) {
      const cell = row.getCell(c);
      if (cell.isMerged && cell.master.address !== cell.address) continue;
      const shown = shownOf(cell);
      if (shown.text === "") continue;
      const span = spans.get(cell.address);
      cells.push({
        text: shown.text,
        row: r - 1,
        col: c - 1,
        colSpan: span?.cols ?? 1,
        rowSpan: span?.rows ?? 1,
        where: `${ws.name}!${cell.address}`,
        ...(shown.number !== undefined && { number: shown.number }),
      });
    }
    rows.push(cells);
  }
  return { kind: "grid", name: ws.name, rows };
}

/** A cell's text as the sheet shows it, and its number. */
function shownOf(cell: ExcelJS.Cell): { text: string; number?: number } {
  let v = cell.value as unknown;
  if (v !== null && typeof v === "object" && "result" in (v as object)) v = (v as { result: unknown }).result;
  if (typeof v === "number") {
    // the number itself, exactly (2.3 typed as 2.30 in a 0.00 cell is the number 2.3), with the unit or the %
    // its format shows: 23330 in 0"人" reads 23330人, 0.8995 in 0.00% reads 89.95%
    const fmt = (cell.numFmt ?? "").replace(/\[[^\]]*\]/g, "");
    const unit = /"([^"]*)"/.exec(fmt)?.[1] ?? "";
    if (/%/.test(fmt.replace(/"[^"]*"/g, ""))) return { text: `${shortest(v * 100)}%`, number: v };
    return { text: `${shortest(v)}${unit}`, number: v };
  }
  if (v instanceof Date)
    return { text: `${v.getUTCFullYear()}年${v.getUTCMonth() + 1}月${v.getUTCDate()}日` };
  if (v !== null && typeof v === "object" && "richText" in (v as object))
    return {
      text: (v as { richText: { text: string }[] }).richText
        .map((t) => t.text)
        .join("")
        .trim(),
    };
  if (v !== null && typeof v === "object" && "text" in (v as object))
    return { text: String((v as { text: unknown }).text).trim() };
  return { text: v === null || v === undefined ? "" : String(v).trim() };
}

/** A double as the shortest decimal that names it, to 15 significant digits, never with an exponent. */
export function shortest(v: number): string {
  const n = Number(v.toPrecision(15));
  const s = String(n);
  return /e/.test(s) ? n.toFixed(Math.min(20, Math.max(0, 15 - Math.floor(Math.log10(Math.abs(n))) - 1))) : s;
}
