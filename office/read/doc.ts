/**
 * A Word or Excel file as the importer reads it, whatever it came from: paragraphs (Word) and grids of
 * cells (a Word table, an Excel sheet), each cell at its grid row and column with its spans, its text as
 * shown and, for a spreadsheet's number, the number and its format; every piece says where it was found.
 */
export interface GridCell {
  text: string;
  row: number;
  col: number;
  colSpan: number;
  rowSpan: number;
  /** "表2 第3行第2列", "附件1-1!C7" */
  where: string;
  /** a spreadsheet cell's number (a formula's cached result too) */
  number?: number;
}

export interface Grid {
  kind: "grid";
  /** "表2", or the sheet's name */
  name: string;
  /** the cells that start on each grid row, by column */
  rows: GridCell[][];
}

export interface Para {
  kind: "para";
  text: string;
  /** the Word style's name ("heading 1", "Title"), when it has one */
  style: string | null;
  /** "第12段" */
  where: string;
}

export interface OfficeDoc {
  format: "docx" | "xlsx";
  blocks: (Para | Grid)[];
}

/** The cell covering a grid position (a merged cell covers all of its positions). */
export function cellAt(g: Grid, row: number, col: number): GridCell | undefined {
  let index = COVERING.get(g);
  if (!index) {
    index = new Map();
    for (const cells of g.rows)
      for (const c of cells)
        for (let r = c.row; r < c.row + c.rowSpan; r++)
          for (let k = c.col; k < c.col + c.colSpan; k++)
            if (!index.has(r * 16384 + k)) index.set(r * 16384 + k, c);
    COVERING.set(g, index);
  }
  return index.get(row * 16384 + col);
}
const COVERING = new WeakMap<Grid, Map<number, GridCell>>();

/** A label as compared: no spaces of any width, full-width forms folded, no trailing colon. */
export function norm(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .replace(/[:：]$/, "");
}
