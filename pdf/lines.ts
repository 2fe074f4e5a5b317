/**
 * Chinese line breaking and drawing a line: text → atoms (a character, or a tight run such as a number
 * with its unit) → units that stay on one line → lines of at most a width, then the text operations of a
 * line, justified or aligned. Characters the face lacks become the missing mark here. Pure; only the
 * faces' advance widths are read.
 */
import type { Face, FaceName } from "./fonts.js";
import type { Op } from "./page.js";

/** The glyph drawn instead of a character the face lacks: 〓 (U+3013), the typesetter's mark for a missing character. */
export const MISSING_MARK = "\u3013";

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

export function widthOf(text: string, face: Face, size: number): number {
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
export function lineOps(
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
export const baselineIn = (top: number, lh: number, size: number) => top + (lh - size) / 2 + size * 0.88;
