/**
 * The report as an editable Word document (.docx): the blocks the PDF is drawn from (pdf/blocks.ts) —
 * the same sentences and the same figures as stored — written as Word paragraphs in Word styles and as
 * real Word tables (merged cells, header rows repeated on every page a table crosses), in the official
 * look of docxStyle.ts, with page numbers and, until final, the 草稿 watermark.
 *
 * A table of the PDF changes its header row as it goes (附件1-2: 部门资金, then 年度总体目标, then 绩效指标,
 * then 说明); Word repeats only a table's first rows. So each band is written as its own Word table, its
 * header row marked to repeat, the bands one under the other with a 1 pt spacer between them, and no
 * merged cell crosses a band.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  ImportedXmlComponent,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from "docx";
import type { Report } from "../core/report.js";
import { type BlockOptions, reportBlocks } from "../pdf/blocks.js";
import type {
  Block,
  TableCell as Cell,
  Chart,
  Paragraph as Para,
  TableRow as Row,
  Table as TableBlock,
} from "../pdf/model.js";
import {
  AREA_WIDTH,
  FONT,
  fonts,
  fontTableXml,
  LINE,
  PAGE,
  SIZE,
  styles,
  watermarkRunXml,
} from "./docxStyle.js";

export interface DocxOptions extends BlockOptions {
  /** a final report has no "草稿" watermark */
  final?: boolean;
}

type Body = (Paragraph | Table)[];

const ALIGN = {
  justify: AlignmentType.JUSTIFIED,
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
} as const;
const FACE = { serif: FONT.body, sans: FONT.heading1, serifBold: FONT.title } as const;

/** The report as a .docx file's bytes. */
export function renderReportDocx(report: Report, o: DocxOptions = {}): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(report, o), false, [
    { path: "word/fontTable.xml", data: fontTableXml() },
  ]);
}

/** The document before packing (docx's object model). */
export function buildDocument(report: Report, o: DocxOptions = {}): Document {
  return new Document({
    title: `${report.unit.name}${report.unit.year}年度部门整体支出绩效自评报告`,
    creator: report.unit.name,
    lastModifiedBy: report.unit.name,
    subject: "部门整体支出绩效自评报告（含附件1-1 基础数据表、附件1-2 自评表）",
    styles: styles(),
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.top,
              bottom: PAGE.bottom,
              left: PAGE.left,
              right: PAGE.right,
              header: PAGE.header,
              footer: PAGE.footer,
            },
          },
        },
        headers: { default: header(o.final ? null : "草稿") },
        footers: { default: footer() },
        children: body(reportBlocks(report, o)),
      },
    ],
  });
}

/** "单位-年度-自评报告(-草稿).docx", as the PDF is named. */
export function docxName(report: Report, final: boolean): string {
  return `${report.unit.name}-${report.unit.year}-自评报告${final ? "" : "-草稿"}.docx`;
}

function header(watermark: string | null): Header {
  const children: ParagraphChild[] = watermark
    ? [ImportedXmlComponent.fromXmlString(watermarkRunXml(watermark)) as unknown as ParagraphChild]
    : [];
  return new Header({
    children: [new Paragraph({ children, spacing: { line: 240, lineRule: LineRuleType.AUTO } })],
  });
}

/** “— n —”, centred under the type area. */
function footer(): Footer {
  const run = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) =>
    new TextRun({ children, font: fonts(FONT.pageNumber), size: SIZE.pageNumber });
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [run(["— "]), run([PageNumber.CURRENT]), run([" —"])],
      }),
    ],
  });
}

/** The blocks in reading order; a page break starts the next block on a new page. */
function body(blocks: Block[]): Body {
  const out: Body = [];
  let breakBefore = false;
  for (const b of blocks) {
    if (b.kind === "pageBreak") breakBefore = true;
    else {
      out.push(...blockElements(b, breakBefore));
      breakBefore = false;
    }
  }
  return out;
}

function blockElements(b: Exclude<Block, { kind: "pageBreak" }>, pageBreakBefore: boolean): Body {
  const first = { pageBreakBefore };
  switch (b.kind) {
    case "title":
      return [
        ...b.lines.map(
          (l, i) => new Paragraph({ style: "Title", ...(i === 0 && first), children: [new TextRun(l)] }),
        ),
        new Paragraph({ children: [] }),
      ];
    case "heading":
      return [
        new Paragraph({
          style: b.level === 1 ? "Heading1" : b.level === 2 ? "Heading2" : "Attachment",
          ...first,
          children: [new TextRun(b.text)],
        }),
      ];
    case "para":
      return [paragraph(b, pageBreakBefore)];
    case "table":
      return [...(pageBreakBefore ? [new Paragraph({ children: [new PageBreak()] })] : []), ...table(b)];
    case "chart":
      return chart(b, pageBreakBefore);
  }
}

/** A paragraph of body text, or a small line of a form (填报单位, 说明) in its own size and face. */
function paragraph(p: Para, pageBreakBefore = false): Paragraph {
  const size = p.size === undefined ? undefined : Math.round(p.size * 2);
  const line = p.size === undefined ? LINE : Math.round(p.size * 1.75 * 20);
  return new Paragraph({
    pageBreakBefore,
    alignment: ALIGN[p.align],
    ...(p.indent && { indent: { firstLine: Math.round(2 * (p.size ?? 16) * 20), firstLineChars: 200 } }),
    spacing: { line, lineRule: LineRuleType.EXACT, before: Math.round((p.before ?? 0) * 20), after: 0 },
    children: [
      new TextRun({
        text: p.text,
        ...(size !== undefined && { size }),
        ...(p.face && p.face !== "serif" && { font: fonts(FACE[p.face]) }),
      }),
    ],
  });
}

/** A table of the PDF as Word tables, one per band (see the module's note), a 1 pt spacer between them. */
function table(t: TableBlock): Body {
  const widths = columnWidths(t.columns);
  const out: Body = [];
  for (const band of bands(t.rows)) {
    if (out.length > 0) out.push(spacer());
    out.push(
      new Table({
        width: { size: AREA_WIDTH, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        alignment: AlignmentType.CENTER,
        margins: { left: 57, right: 57, top: 28, bottom: 28 },
        rows: gridRows(band, widths),
      }),
    );
  }
  return out;
}

/** Column widths in twips from the fractions of the type area, summing exactly to its width. */
export function columnWidths(fractions: number[]): number[] {
  const w = fractions.map((f) => Math.round(f * AREA_WIDTH));
  const rest = AREA_WIDTH - w.reduce((a, b) => a + b, 0);
  w[w.length - 1] = (w[w.length - 1] ?? 0) + rest;
  return w;
}

/** The rows cut before each header row that is not the first: the bands of a form. */
export function bands(rows: Row[]): Row[][] {
  const out: Row[][] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (!last || (r.header && last.length > 0)) out.push([r]);
    else last.push(r);
  }
  return out;
}

const spacer = () =>
  new Paragraph({
    spacing: { line: 20, lineRule: LineRuleType.EXACT },
    children: [new TextRun({ text: "", size: 2 })],
  });

/**
 * The rows of one band as Word rows: each grid column holds a cell starting there, the continuation of a
 * cell merged from above (vMerge), or an empty cell; the band's first row repeats when it is a header.
 */
function gridRows(rows: Row[], widths: number[]): TableRow[] {
  const n = widths.length;
  const below: ({ left: number; span: number } | undefined)[] = new Array(n).fill(undefined);
  return rows.map((row, ri) => {
    const at = new Map(row.cells.map((c) => [c.col, c]));
    const cells: TableCell[] = [];
    for (let col = 0; col < n; ) {
      const c = at.get(col);
      const cont = below[col];
      if (c) {
        const span = Math.min(c.colSpan ?? 1, n - col);
        cells.push(cell(c, span, widths, col, (c.rowSpan ?? 1) > 1 ? VerticalMergeType.RESTART : undefined));
        if ((c.rowSpan ?? 1) > 1) below[col] = { left: (c.rowSpan as number) - 1, span };
        col += span;
      } else if (cont && cont.left > 0) {
        cells.push(cell(null, cont.span, widths, col, VerticalMergeType.CONTINUE));
        cont.left--;
        col += cont.span;
      } else {
        cells.push(cell(null, 1, widths, col, undefined));
        col += 1;
      }
    }
    return new TableRow({
      children: cells,
      cantSplit: true,
      ...(ri === 0 && row.header === true && { tableHeader: true }),
    });
  });
}

function cell(
  c: Cell | null,
  span: number,
  widths: number[],
  col: number,
  merge: (typeof VerticalMergeType)[keyof typeof VerticalMergeType] | undefined,
): TableCell {
  const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
  const lines = c && merge !== VerticalMergeType.CONTINUE ? c.text.split("\n") : [""];
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    ...(span > 1 && { columnSpan: span }),
    ...(merge && { verticalMerge: merge }),
    children: lines.map(
      (l) =>
        new Paragraph({
          style: "TableText",
          alignment: ALIGN[c?.align ?? "left"],
          children: [new TextRun({ text: l, ...(c?.face === "sans" && { font: fonts(FONT.heading1) }) })],
        }),
    ),
  });
}

/** The chart page as two tables: each level-1 group's score against its weight, the rows that lost points. */
function chart(c: Chart, pageBreakBefore: boolean): Body {
  const head = (cells: string[]): Row => ({
    header: true,
    cells: cells.map((text, col) => ({ text, col, where: c.where, face: "sans", align: "center" })),
  });
  const line = (cells: string[]): Row => ({
    cells: cells.map((text, col) => ({
      text,
      col,
      where: c.where,
      align: col === 0 || col === 4 ? "left" : "center",
    })),
  });
  const groups: TableBlock = {
    kind: "table",
    where: c.where,
    columns: [0.4, 0.2, 0.2, 0.2],
    rows: [
      head(["一级指标", "分值", "得分", "单位自评得分"]),
      ...c.groups.map((g) =>
        line([g.name, g.weightText, g.scoreText, g.declared === null ? "" : g.declared.toFixed(2)]),
      ),
    ],
  };
  const lost: TableBlock = {
    kind: "table",
    where: c.where,
    columns: [0.24, 0.12, 0.14, 0.1, 0.4],
    rows: [
      head(["失分指标", "一级指标", "得分/分值", "失分", "原因"]),
      ...c.lost.map((l) => line([l.name, l.group, l.scoreText, l.lostText, l.why])),
    ],
  };
  const sub = (text: string) =>
    paragraph({ kind: "para", text, where: c.where, indent: false, align: "left", face: "sans", before: 6 });
  return [
    new Paragraph({ style: "Attachment", pageBreakBefore, children: [new TextRun(c.title)] }),
    sub("一、各一级指标得分与分值"),
    ...table(groups),
    sub("二、失分的三级指标"),
    ...(c.lost.length > 0
      ? table(lost)
      : [
          paragraph({
            kind: "para",
            text: "各三级指标均得满分。",
            where: c.where,
            indent: true,
            align: "left",
          }),
        ]),
    paragraph({ kind: "para", text: c.caption, where: c.where, indent: true, align: "justify", before: 6 }),
  ];
}
