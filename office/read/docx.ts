import mammoth from "mammoth";
import type { Grid, GridCell, OfficeDoc, Para } from "./doc.js";

/**
 * A .docx as paragraphs and tables, in reading order, through mammoth's document model (its
 * `transformDocument` hook hands over the parsed document: paragraphs with their style, tables with each
 * cell's column and row span). A merged cell is placed on the grid once, at its first row and column.
 */
interface MammothNode {
  type: string;
  value?: string;
  styleName?: string | null;
  colSpan?: number;
  rowSpan?: number;
  children?: MammothNode[];
}

function textOf(n: MammothNode): string {
  if (n.type === "text") return n.value ?? "";
  if (n.type === "tab") return "\t";
  if (n.type === "break") return "\n";
  if (n.type === "paragraph") return (n.children ?? []).map(textOf).join("");
  return (n.children ?? []).map(textOf).join(n.type === "tableCell" ? "\n" : "");
}

export async function readDocx(bytes: Uint8Array): Promise<OfficeDoc> {
  let root: MammothNode | null = null;
  await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) },
    {
      transformDocument: (d: MammothNode) => {
        root = d;
        return d;
      },
    },
  );
  const blocks: (Para | Grid)[] = [];
  let paras = 0;
  let tables = 0;
  const walk = (nodes: MammothNode[]) => {
    for (const n of nodes) {
      if (n.type === "paragraph") {
        const text = textOf(n).trim();
        if (text === "") continue;
        paras++;
        blocks.push({ kind: "para", text, style: n.styleName ?? null, where: `第${paras}段` });
      } else if (n.type === "table") {
        tables++;
        blocks.push(gridOf(n, `表${tables}`));
      } else if (n.children) walk(n.children);
    }
  };
  walk((root as MammothNode | null)?.children ?? []);
  return { format: "docx", blocks };
}

/** A table's rows on its grid: each cell after the columns that merged cells from above still cover. */
function gridOf(table: MammothNode, name: string): Grid {
  const rows = (table.children ?? []).filter((r) => r.type === "tableRow");
  const covered: number[] = []; // per column: rows still covered by a merge from above
  const out: GridCell[][] = [];
  rows.forEach((r, ri) => {
    const cells: GridCell[] = [];
    let col = 0;
    for (const c of (r.children ?? []).filter((x) => x.type === "tableCell")) {
      while ((covered[col] ?? 0) > 0) col++;
      const colSpan = c.colSpan ?? 1;
      const rowSpan = c.rowSpan ?? 1;
      cells.push({
        text: textOf(c).trim(),
        row: ri,
        col,
        colSpan,
        rowSpan,
        where: `${name} 第${ri + 1}行第${col + 1}列`,
      });
      for (let k = col; k < col + colSpan; k++) covered[k] = rowSpan;
      col += colSpan;
    }
    for (let k = 0; k < covered.length; k++) covered[k] = Math.max(0, (covered[k] ?? 0) - 1);
    out.push(cells);
  });
  return { kind: "grid", name, rows: out };
}
