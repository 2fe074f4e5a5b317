/**
 * Tables across pages: row heights from the wrapped cell text (a merged cell's extra height goes to its
 * last row); pages filled row by row, a header row kept with the row after it; at a break "续表" and the
 * current header row repeated at the top of the new page; then every cell drawn once per page its rows
 * are on, so a merged cell cut by a break becomes one box per page.
 */
import type { Flow } from "./flow.js";
import type { FaceName } from "./fonts.js";
import { baselineIn, breakLines, type Line, lineOps } from "./lines.js";
import type { Table, TableCell } from "./model.js";
import { AREA, BOTTOM, type Op, type Page } from "./page.js";

const TABLE = { face: "serif" as FaceName, size: 9.5, lh: 12.5, padX: 3, padY: 2.5, minHeight: 17, lw: 0.6 };

interface PlacedRow {
  index: number;
  y: number;
  h: number;
}

/** The rows of the table that landed on one page, with where each was placed. */
interface TablePage {
  page: Page;
  rows: PlacedRow[];
}

/** The horizontal extent of a cell, from the column edges. */
type Span = (c: TableCell) => { x: number; w: number };

/** The vertical extent of a cell on one page. */
interface Part {
  top: number;
  bottom: number;
}

export function layoutTable(t: Table, f: Flow): void {
  const xs = [AREA.left];
  for (const c of t.columns) xs.push((xs[xs.length - 1] as number) + c * AREA.width);
  const span: Span = (c) => ({
    x: xs[c.col] as number,
    w: (xs[c.col + (c.colSpan ?? 1)] as number) - (xs[c.col] as number),
  });
  const wrapped = wrapCells(t, f, span);
  const h = rowHeights(t, wrapped);
  const pages = paginate(t, f, h);
  drawCells(t, pages, wrapped, span);
}

/** Each cell's text broken into lines at the cell's inner width. */
function wrapCells(t: Table, f: Flow, span: Span): Map<TableCell, Line[]> {
  const wrapped = new Map<TableCell, Line[]>();
  for (const r of t.rows)
    for (const c of r.cells)
      wrapped.set(
        c,
        breakLines(c.text, f.faces[c.face ?? TABLE.face], TABLE.size, span(c).w - 2 * TABLE.padX),
      );
  return wrapped;
}

/** Height a cell's text needs, padding included. */
const heightOf = (lines: Line[]) => lines.length * TABLE.lh + 2 * TABLE.padY;

/**
 * Row heights: each row as high as its tallest single-row cell (at least its minimum); then each merged
 * cell, shortest span first, adds what its rows still lack to its last row.
 */
function rowHeights(t: Table, wrapped: Map<TableCell, Line[]>): number[] {
  const n = t.rows.length;
  const h = t.rows.map((r) => r.minHeight ?? TABLE.minHeight);
  const spanning: { cell: TableCell; row: number; need: number }[] = [];
  t.rows.forEach((r, i) => {
    for (const c of r.cells) {
      const need = heightOf(wrapped.get(c) as Line[]);
      if ((c.rowSpan ?? 1) === 1) h[i] = Math.max(h[i] as number, need);
      else spanning.push({ cell: c, row: i, need });
    }
  });
  spanning.sort((a, b) => (a.cell.rowSpan ?? 1) - (b.cell.rowSpan ?? 1));
  for (const s of spanning) {
    const last = Math.min(n, s.row + (s.cell.rowSpan ?? 1)) - 1;
    let sum = 0;
    for (let i = s.row; i <= last; i++) sum += h[i] as number;
    if (sum < s.need) h[last] = (h[last] as number) + (s.need - sum);
  }
  return h;
}

/**
 * Places the rows from the flow's cursor down, page by page: a header row goes to the next page when the
 * row after it does not fit with it; a new page starts with "续表" and the current header row (unless the
 * row placed first is that header). Leaves the flow's cursor under the last row.
 */
function paginate(t: Table, f: Flow, h: number[]): TablePage[] {
  const n = t.rows.length;
  const pages: TablePage[] = [{ page: f.page, rows: [] }];
  let header: number | null = null;
  let y = f.y;
  for (let i = 0; i < n; i++) {
    const row = t.rows[i] as (typeof t.rows)[number];
    if (row.header) header = i;
    const need = (h[i] as number) + (row.header && i + 1 < n ? (h[i + 1] as number) : 0);
    const current = pages[pages.length - 1] as TablePage;
    if (y + need > BOTTOM + 0.01 && current.rows.length > 0) {
      f.newPage();
      f.text("续表", { face: "sans", size: 10.5, lh: 20 }, "left");
      y = f.y;
      const next = { page: f.page, rows: [] as PlacedRow[] };
      pages.push(next);
      if (header !== null && header !== i) {
        next.rows.push({ index: header, y, h: h[header] as number });
        y += h[header] as number;
      }
    }
    (pages[pages.length - 1] as TablePage).rows.push({ index: i, y, h: h[i] as number });
    y += h[i] as number;
  }
  f.y = y;
  return pages;
}

/** The part of rows start … end − 1 that is on a page, or null when none of them is. */
function partOf(rows: PlacedRow[], start: number, end: number): Part | null {
  const here = rows.filter((p) => p.index >= start && p.index < end);
  if (here.length === 0) return null;
  const top = (here[0] as PlacedRow).y;
  return { top, bottom: here.reduce((m, p) => Math.max(m, p.y + p.h), top) };
}

const fits = (lines: Line[], part: Part) => heightOf(lines) <= part.bottom - part.top + 0.01;

/** Draws every cell, once per page its rows are on: its box, and its text where the text fits. */
function drawCells(t: Table, pages: TablePage[], wrapped: Map<TableCell, Line[]>, span: Span): void {
  pages.forEach(({ page, rows }, pi) => {
    const ops = page.ops;
    t.rows.forEach((r, start) => {
      for (const c of r.cells) {
        const end = start + (c.rowSpan ?? 1);
        const part = partOf(rows, start, end);
        if (!part) continue;
        const { x, w } = span(c);
        ops.push({ t: "rect", x, y: part.top, w, h: part.bottom - part.top, stroke: "#000", lw: TABLE.lw });
        const lines = wrapped.get(c) as Line[];
        if (c.text === "" || !fits(lines, part)) continue;
        if (c.split === "once") {
          // a figure is written in the first part of the cell it fits in, never twice
          const first = pages.findIndex((p) => {
            const q = partOf(p.rows, start, end);
            return q !== null && fits(lines, q);
          });
          if (first !== pi) continue;
        }
        cellText(lines, c, x, w, part, ops);
      }
    });
  });
}

/** A cell's lines, centred vertically in its part. */
function cellText(lines: Line[], c: TableCell, x: number, w: number, part: Part, ops: Op[]): void {
  const textH = lines.length * TABLE.lh;
  let ly = part.top + (part.bottom - part.top - textH) / 2;
  for (const line of lines) {
    lineOps(
      line,
      c.face ?? TABLE.face,
      TABLE.size,
      x + TABLE.padX,
      baselineIn(ly, TABLE.lh, TABLE.size),
      w - 2 * TABLE.padX,
      c.align ?? "left",
      ops,
    );
    ly += TABLE.lh;
  }
}
