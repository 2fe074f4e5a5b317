import type { FaceName } from "./fonts.js";

/**
 * The report as a list of blocks, before any measuring: what the PDF says, in reading order.
 * Built from the report and the core's results (content.ts), laid out on pages (layout.ts), drawn by
 * pdfkit (draw.ts); the benchmark prints the same blocks as HTML. Every text carries `where`: a Chinese
 * description of its place, used to report characters the fonts cannot draw.
 */
export type Block = Title | Heading | Paragraph | PageBreak | Table | Chart;

export interface Title {
  kind: "title";
  lines: string[];
  where: string;
}

/** Level 1: 一、… (黑体-like, larger); level 2: ㈠… (黑体-like, body size); "label": 附件1-1 at the top left. */
export interface Heading {
  kind: "heading";
  level: 1 | 2 | "label";
  text: string;
  where: string;
}

export interface Paragraph {
  kind: "para";
  text: string;
  where: string;
  /** two-character first-line indent (body text) */
  indent: boolean;
  align: "justify" | "left" | "center" | "right";
  face?: FaceName;
  size?: number;
  /** extra space above, in points */
  before?: number;
}

export interface PageBreak {
  kind: "pageBreak";
}

export interface TableCell {
  text: string;
  /** first grid column and how many it spans */
  col: number;
  colSpan?: number;
  rowSpan?: number;
  align?: "left" | "center" | "right";
  face?: FaceName;
  /**
   * When a merged cell is split by a page break: "repeat" draws its text in every part (labels such as
   * 产出指标), "once" only in the first part it fits (figures such as a group's 得分, never counted twice).
   */
  split?: "repeat" | "once";
  where: string;
  /** what the cell's figure is, for a writer that keeps figures as numbers and formulas (the .xlsx) */
  value?: CellValue;
}

/**
 * A figure of a table cell: a value of the report by its path ("basicData.basic.current", "…rows.3.target"),
 * or a result the core computes (the .xlsx writes these as formulas over the cells they come from).
 */
export type CellValue =
  | { kind: "money" | "count" | "quantity"; path: string }
  | { kind: "controlRate" | "executionRate" | "executionWeight" | "executionScore" }
  | { kind: "weightTotal" | "total" | "grade" }
  | { kind: "groupWeight" | "groupScore"; group: number };

export interface TableRow {
  cells: TableCell[];
  /** rows repeated under "续表" when the table continues on the next page, until the next header */
  header?: boolean;
  minHeight?: number;
}

export interface Table {
  kind: "table";
  /** column widths as fractions of the type area's width (they sum to 1) */
  columns: number[];
  rows: TableRow[];
  where: string;
}

/** The chart: score of each level-1 group against its weight, and the rows that lost points. */
export interface Chart {
  kind: "chart";
  title: string;
  /** `declared`: the unit's own score for the group, marked on its bar when given */
  groups: {
    name: string;
    weight: number;
    score: number;
    weightText: string;
    scoreText: string;
    declared: number | null;
  }[];
  lost: {
    name: string;
    group: string;
    weight: number;
    score: number;
    lostText: string;
    scoreText: string;
    why: string;
  }[];
  caption: string;
  where: string;
}
