import type { Face, FaceName, Faces } from "./fonts.js";
import type { Block, Chart, Table, TableCell } from "./model.js";

/**
 * Layout: blocks → pages of drawing operations, all positions computed here (pure and synchronous;
 * only the faces' advance widths are read). pdfkit then only draws (draw.ts): no pdfkit line breaking,
 * no pdfkit tables, so no automatic pages and nothing clipped with an ellipsis (PDF-NOTES.md).
 *
 * Page: A4 with the GB/T 9704 type area (156 × 225 mm; 37 mm from the top, 28 mm from the left);
 * the page number "— n —" 7 mm below the type area, centred.
 */
const MM = 72 / 25.4;
export const PAGE = { width: 595.28, height: 841.89 };
export const AREA = { left: 28 * MM, top: 37 * MM, width: 156 * MM, height: 225 * MM };
const RIGHT = AREA.left + AREA.width;
const BOTTOM = AREA.top + AREA.height;

/** The glyph drawn instead of a character the face lacks: 〓 (U+3013), the typesetter's mark for a missing character. */
export const MISSING_MARK = "\u3013";

export type Op =
  | {
      t: "text";
      face: FaceName;
      size: number;
      x: number;
      y: number;
      text: string;
      spacing: number;
      color?: string;
    }
  | { t: "rect"; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lw?: number }
  | { t: "line"; x1: number; y1: number; x2: number; y2: number; lw: number; color?: string };

export interface Page {
  ops: Op[];
}

// ---------------------------------------------------------------------------------------------------
// Line breaking (UAX#14-like for Chinese): a character is a break opportunity on both sides, except
// that closing punctuation never starts a line, opening punctuation never ends one, and a number stays
// with its unit ("23038人", "1382.28万元", "600元/人"). Justification spreads the spare width over
// the gaps between atoms; digit runs stay tight.

/** A piece that is drawn as one: one character, or a tight run (digits with their unit, a Latin word). */
interface Atom {
  text: string;
  width: number;
  tight: boolean;
}
/** Atoms that must stay on one line (an atom with the punctuation glued to it). */
interface Unit {
  atoms: Atom[];
  width: number;
  space: boolean;
}
export interface Line {
  atoms: Atom[];
  width: number;
  /** last line of a paragraph (not justified) */
  last: boolean;
  indent: number;
}

const CLOSING = new Set([..."，。、；：？！）》」』】〕”’…—％·,.;:?!)]%"]);
const OPENING = new Set([..."“‘（《「『【〔(["]);
const TIGHT = /[0-9A-Za-z.\-+/_@#&%·]/;
const UNITS = [
  "元/人",
  "万元",
  "亿元",
  "人次",
  "批次",
  "个月",
  "公里",
  "元",
  "人",
  "个",
  "户",
  "亩",
  "座",
  "处",
  "宗",
  "起",
  "分",
  "年",
  "月",
  "日",
  "天",
  "项",
  "次",
  "名",
  "所",
  "家",
  "吨",
  "%",
];

/** Replaces each character the face cannot draw by the missing mark; returns the code points kept. */
function drawable(text: string, face: Face): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    out += cp === 10 || face.has(cp) ? ch : MISSING_MARK;
  }
  return out;
}

function widthOf(text: string, face: Face, size: number): number {
  let w = 0;
  for (const ch of text) w += face.advance(ch.codePointAt(0) as number);
  return w * size;
}

/** Splits one paragraph (no newlines) into units. */
function units(text: string, face: Face, size: number): Unit[] {
  const chars = Array.from(text);
  const atoms: Atom[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] as string;
    if (TIGHT.test(ch) && !(CLOSING.has(ch) && atoms.length > 0)) {
      let j = i;
      while (j < chars.length && TIGHT.test(chars[j] as string)) j++;
      let run = chars.slice(i, j).join("");
      // a number keeps its unit
      if (/\d$/.test(run)) {
        const rest = chars.slice(j, j + 3).join("");
        const u = UNITS.find((x) => rest.startsWith(x));
        if (u) {
          run += u;
          j += Array.from(u).length;
        }
      }
      atoms.push({ text: run, width: widthOf(run, face, size), tight: Array.from(run).length > 1 });
      i = j;
    } else {
      atoms.push({ text: ch, width: face.advance(ch.codePointAt(0) as number) * size, tight: false });
      i++;
    }
  }
  const out: Unit[] = [];
  let pendingOpen: Atom[] = [];
  for (const a of atoms) {
    if (a.text === " ") {
      out.push({ atoms: [a], width: a.width, space: true });
      continue;
    }
    if (OPENING.has(a.text)) {
      pendingOpen.push(a);
      continue;
    }
    const prev = out[out.length - 1];
    if (CLOSING.has(a.text) && prev && !prev.space && pendingOpen.length === 0) {
      prev.atoms.push(a);
      prev.width += a.width;
      continue;
    }
    const all = [...pendingOpen, a];
    pendingOpen = [];
    out.push({ atoms: all, width: all.reduce((s, x) => s + x.width, 0), space: false });
  }
  if (pendingOpen.length > 0)
    out.push({ atoms: pendingOpen, width: pendingOpen.reduce((s, x) => s + x.width, 0), space: false });
  return out;
}

/** Breaks text (newlines are paragraph ends) into lines of at most `width`; `indent` on each first line. */
export function breakLines(text: string, face: Face, size: number, width: number, indent = 0): Line[] {
  const lines: Line[] = [];
  for (const paragraph of drawable(text, face).split("\n")) {
    let cur: Atom[] = [];
    let curW = 0;
    let first = true;
    const limit = () => width - (first ? indent : 0);
    const flush = (last: boolean) => {
      while (cur.length > 0 && cur[cur.length - 1]?.text === " ") curW -= (cur.pop() as Atom).width;
      lines.push({ atoms: cur, width: curW, last, indent: first ? indent : 0 });
      cur = [];
      curW = 0;
      first = false;
    };
    for (const u of units(paragraph, face, size)) {
      if (u.space && cur.length === 0) continue;
      if (curW + u.width <= limit() + 0.01) {
        cur.push(...u.atoms);
        curW += u.width;
        continue;
      }
      if (cur.length > 0) flush(false);
      if (u.space) continue;
      if (u.width <= limit() + 0.01) {
        cur.push(...u.atoms);
        curW += u.width;
        continue;
      }
      // wider than a whole line (a long number in a narrow cell): break it between characters, never
      // before a closing mark (the characters before it move down with it)
      for (const a of u.atoms) {
        for (const ch of Array.from(a.text)) {
          const w = face.advance(ch.codePointAt(0) as number) * size;
          if (curW + w > limit() + 0.01 && cur.length > 0) {
            const carried: Atom[] = [];
            while (cur.length > 1 && CLOSING.has((carried[0] ?? { text: ch }).text)) {
              const moved = cur.pop() as Atom;
              curW -= moved.width;
              carried.unshift(moved);
            }
            flush(false);
            for (const c of carried) {
              cur.push(c);
              curW += c.width;
            }
          }
          cur.push({ text: ch, width: w, tight: false });
          curW += w;
        }
      }
    }
    flush(true);
  }
  return lines;
}

/** Drawing operations of one line: runs of single characters share a character spacing, tight runs none. */
function lineOps(
  line: Line,
  face: FaceName,
  size: number,
  x: number,
  baseline: number,
  width: number,
  align: "justify" | "left" | "center" | "right",
  ops: Op[],
  color?: string,
): void {
  const n = line.atoms.length;
  if (n === 0) return;
  const room = width - line.indent;
  let extra = 0;
  let start = x + line.indent;
  if (align === "justify" && !line.last && n > 1) {
    extra = (room - line.width) / (n - 1);
    if (extra > size * 0.6 || extra < 0) extra = 0; // a line cut short by a long unit stays ragged
  } else if (align === "center") start += (room - line.width) / 2;
  else if (align === "right") start += room - line.width;
  let cx = start;
  let run = "";
  let runX = cx;
  const push = (text: string, at: number, spacing: number) => {
    if (text.trim() === "") return;
    ops.push({ t: "text", face, size, x: at, y: baseline, text, spacing, ...(color && { color }) });
  };
  for (const a of line.atoms) {
    if (a.tight) {
      push(run, runX, extra);
      run = "";
      push(a.text, cx, 0);
      cx += a.width + extra;
      runX = cx;
    } else {
      if (run === "") runX = cx;
      run += a.text;
      cx += a.width + extra;
    }
  }
  push(run, runX, extra);
}

/** Where the baseline of a line of height `lh` sits: the ideographic em box centred (ascent 0.88 em). */
const baselineIn = (top: number, lh: number, size: number) => top + (lh - size) / 2 + size * 0.88;

// ---------------------------------------------------------------------------------------------------

const BODY = { face: "serif" as FaceName, size: 12, lh: 22 };
const STYLE = {
  title: { face: "serifBold" as FaceName, size: 22, lh: 36 },
  h1: { face: "sans" as FaceName, size: 14, lh: 28 },
  h2: { face: "sans" as FaceName, size: 12, lh: 22 },
  label: { face: "sans" as FaceName, size: 12, lh: 22 },
};
const TABLE = { face: "serif" as FaceName, size: 9.5, lh: 12.5, padX: 3, padY: 2.5, minHeight: 17, lw: 0.6 };

class Flow {
  pages: Page[] = [];
  y = AREA.top;
  constructor(readonly faces: Faces) {
    this.newPage();
  }
  get page(): Page {
    return this.pages[this.pages.length - 1] as Page;
  }
  get atTop(): boolean {
    return this.y <= AREA.top + 0.01;
  }
  newPage(): void {
    this.pages.push({ ops: [] });
    this.y = AREA.top;
  }
  ensure(h: number): void {
    if (this.y + h > BOTTOM + 0.01 && !this.atTop) this.newPage();
  }
  text(
    text: string,
    style: { face: FaceName; size: number; lh: number },
    align: "justify" | "left" | "center" | "right",
    indent = 0,
    keepWithNext = 0,
  ): void {
    const face = this.faces[style.face];
    const lines = breakLines(text, face, style.size, AREA.width, indent);
    lines.forEach((line, i) => {
      this.ensure(style.lh + (i === lines.length - 1 ? keepWithNext : 0));
      lineOps(
        line,
        style.face,
        style.size,
        AREA.left,
        baselineIn(this.y, style.lh, style.size),
        AREA.width,
        align,
        this.page.ops,
      );
      this.y += style.lh;
    });
  }
}

/** Lays the blocks out on pages and numbers them. */
export function layout(blocks: Block[], faces: Faces): Page[] {
  const f = new Flow(faces);
  for (const b of blocks) {
    switch (b.kind) {
      case "title":
        for (const l of b.lines) f.text(l, STYLE.title, "center");
        f.y += 14;
        break;
      case "heading": {
        const s = b.level === 1 ? STYLE.h1 : b.level === 2 ? STYLE.h2 : STYLE.label;
        if (b.level === 1 && !f.atTop) f.y += 6;
        // a heading never ends a page: it keeps two lines of what follows with it
        f.text(b.text, s, "left", 0, 2 * BODY.lh);
        break;
      }
      case "para": {
        const size = b.size ?? BODY.size;
        const style = {
          face: b.face ?? BODY.face,
          size,
          lh: Math.round(size * (BODY.lh / BODY.size) * 10) / 10,
        };
        if (b.before && !f.atTop) f.y += b.before;
        f.text(b.text, style, b.align, b.indent ? 2 * size : 0);
        break;
      }
      case "pageBreak":
        if (!f.atTop) f.newPage();
        break;
      case "table":
        f.y += 4;
        layoutTable(b, f);
        f.y += 2;
        break;
      case "chart":
        layoutChart(b, f);
        break;
    }
  }
  const pages = f.pages.filter((p) => p.ops.length > 0);
  pages.forEach((p, i) => {
    const face = faces.serif;
    const text = `— ${i + 1} —`;
    const size = 14;
    const w = widthOf(text, face, size);
    // GB/T 9704: the page number's 一字线 7 mm below the type area
    p.ops.push({
      t: "text",
      face: "serif",
      size,
      x: (PAGE.width - w) / 2,
      y: BOTTOM + 7 * MM + size * 0.6,
      text,
      spacing: 0,
    });
  });
  return pages;
}

// ---------------------------------------------------------------------------------------------------
// Tables: row heights from the wrapped cell text; pages filled row by row; at a break the current
// header row is repeated under "续表", and a merged cell is cut into one box per page.

interface PlacedRow {
  index: number;
  y: number;
  h: number;
}

function layoutTable(t: Table, f: Flow): void {
  const xs = [AREA.left];
  for (const c of t.columns) xs.push((xs[xs.length - 1] as number) + c * AREA.width);
  const span = (c: TableCell) => ({
    x: xs[c.col] as number,
    w: (xs[c.col + (c.colSpan ?? 1)] as number) - (xs[c.col] as number),
  });
  const wrapped = new Map<TableCell, Line[]>();
  const heightOf = (c: TableCell) => {
    const lines = breakLines(c.text, f.faces[c.face ?? TABLE.face], TABLE.size, span(c).w - 2 * TABLE.padX);
    wrapped.set(c, lines);
    return lines.length * TABLE.lh + 2 * TABLE.padY;
  };
  const n = t.rows.length;
  const h = t.rows.map((r) => r.minHeight ?? TABLE.minHeight);
  const spanning: { cell: TableCell; row: number; need: number }[] = [];
  t.rows.forEach((r, i) => {
    for (const c of r.cells) {
      const need = heightOf(c);
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

  // paginate
  const pages: { page: Page; rows: PlacedRow[] }[] = [{ page: f.page, rows: [] }];
  let header: number | null = null;
  let y = f.y;
  for (let i = 0; i < n; i++) {
    const row = t.rows[i] as (typeof t.rows)[number];
    if (row.header) header = i;
    const need = (h[i] as number) + (row.header && i + 1 < n ? (h[i + 1] as number) : 0);
    const current = pages[pages.length - 1] as { page: Page; rows: PlacedRow[] };
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
    (pages[pages.length - 1] as { rows: PlacedRow[] }).rows.push({ index: i, y, h: h[i] as number });
    y += h[i] as number;
  }
  f.y = y;

  // draw: every cell, once per page its rows are on
  const partOf = (rows: PlacedRow[], start: number, end: number) => {
    const here = rows.filter((p) => p.index >= start && p.index < end);
    if (here.length === 0) return null;
    const top = (here[0] as PlacedRow).y;
    return { top, bottom: here.reduce((m, p) => Math.max(m, p.y + p.h), top) };
  };
  const fits = (lines: Line[], part: { top: number; bottom: number }) =>
    lines.length * TABLE.lh + 2 * TABLE.padY <= part.bottom - part.top + 0.01;
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
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The chart: horizontal bars drawn as vector rectangles. Group bars: the weight in light grey, the
// score in dark blue over it. Rows that lost points: the score and the points lost (red) on the row's weight.

const DARK = "#1f4e79";
const LIGHT = "#d9d9d9";
const LOST = "#c0392b";

function layoutChart(c: Chart, f: Flow): void {
  if (!f.atTop) f.newPage();
  f.text(c.title, { face: "sans", size: 16, lh: 30 }, "center");
  f.y += 6;
  f.text("一、各一级指标得分与分值", STYLE.h2, "left");
  const labelW = 96;
  const barX = AREA.left + labelW;
  const barMax = AREA.width - labelW - 96;
  const maxWeight = Math.max(...c.groups.map((g) => g.weight), 1);
  const scale = barMax / maxWeight;
  const small = { face: "serif" as FaceName, size: 10.5, lh: 16 };
  // legend
  const ops = f.page.ops;
  const legendY = f.y + 4;
  ops.push({ t: "rect", x: barX, y: legendY, w: 10, h: 8, fill: LIGHT });
  textAt(f, "分值", small.face, small.size, barX + 14, legendY + 8, ops);
  ops.push({ t: "rect", x: barX + 50, y: legendY, w: 10, h: 8, fill: DARK });
  textAt(f, "得分", small.face, small.size, barX + 64, legendY + 8, ops);
  ops.push({ t: "rect", x: barX + 100, y: legendY, w: 10, h: 8, fill: LOST });
  textAt(f, "失分", small.face, small.size, barX + 114, legendY + 8, ops);
  ops.push({ t: "rect", x: barX + 152, y: legendY - 2, w: 2, h: 12, fill: "#000" });
  textAt(f, "单位自评得分", small.face, small.size, barX + 158, legendY + 8, ops);
  f.y += 22;
  const barH = 14;
  for (const g of c.groups) {
    f.ensure(barH + 10);
    const o = f.page.ops;
    const y = f.y;
    textAt(f, g.name, "serif", 10.5, AREA.left, y + barH - 3, o);
    scoreBar(o, barX, y, barH, g.weight * scale, g.score * scale);
    if (g.declared !== null && g.declared !== g.score)
      o.push({ t: "rect", x: barX + g.declared * scale - 1, y: y - 3, w: 2, h: barH + 6, fill: "#000" });
    textAt(
      f,
      `${g.scoreText} / ${g.weightText}`,
      "serif",
      10.5,
      barX + g.weight * scale + 6,
      y + barH - 3,
      o,
    );
    f.y += barH + 10;
  }
  // axis with ticks every 10 points
  {
    const o = f.page.ops;
    const y = f.y - 4;
    o.push({ t: "line", x1: barX, y1: y, x2: barX + maxWeight * scale, y2: y, lw: 0.5, color: "#555" });
    for (let v = 0; v <= maxWeight + 0.001; v += 10) {
      const x = barX + v * scale;
      o.push({ t: "line", x1: x, y1: y, x2: x, y2: y + 3, lw: 0.5, color: "#555" });
      const label = String(v);
      textAt(f, label, "serif", 8, x - widthOf(label, f.faces.serif, 8) / 2, y + 12, o);
    }
    f.y += 16;
  }
  f.y += 10;
  f.text("二、失分的三级指标", STYLE.h2, "left", 0, 40);
  if (c.lost.length === 0) f.text("各三级指标均得满分。", BODY, "left");
  const rowScale = barMax / Math.max(...c.lost.map((l) => l.weight), 1);
  for (const l of c.lost) {
    f.ensure(barH + 8 + 2 * small.lh);
    f.text(`${l.name}（${l.group}）：失分${l.lostText}`, small, "left");
    const o = f.page.ops;
    const y = f.y + 2;
    scoreBar(o, barX, y, barH, l.weight * rowScale, l.score * rowScale);
    textAt(f, l.scoreText, "serif", 10.5, barX + l.weight * rowScale + 6, y + barH - 3, o);
    f.y += barH + 6;
    f.text(l.why, { face: "serif", size: 9, lh: 14 }, "left", 0);
    f.y += 6;
  }
  f.y += 6;
  f.text(c.caption, BODY, "justify", 2 * BODY.size);
}

/** One line of text at a baseline, without breaking (labels of the chart; callers keep them short). */
/** A score against its weight: the weight's length in light, the score in dark, what was lost in red. */
function scoreBar(o: Op[], x: number, y: number, h: number, weight: number, score: number): void {
  o.push({ t: "rect", x, y, w: weight, h, fill: LIGHT });
  o.push({ t: "rect", x, y, w: Math.max(0, score), h, fill: DARK });
  if (score < weight) o.push({ t: "rect", x: x + score, y, w: weight - score, h, fill: LOST });
}

function textAt(
  f: Flow,
  text: string,
  face: FaceName,
  size: number,
  x: number,
  baseline: number,
  ops: Op[],
): void {
  const lines = breakLines(text, f.faces[face], size, RIGHT - x);
  const line = lines[0];
  if (line) lineOps(line, face, size, x, baseline, RIGHT - x, "left", ops);
}
