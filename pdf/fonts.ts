import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";

/**
 * The report's three faces, from two Noto (OFL-1.1) files on npm: a serif close to 宋体 for the body, a
 * sans close to 黑体 for headings, and for the title a bold serif drawn from the same serif file (each
 * glyph filled and stroked with a thin outline, see EMBOLDEN). Each file is parsed once per process
 * (15 and 11 MB, held for the life of the process; pdfkit given a path or a Buffer re-parses it for
 * every table cell, see PDF-NOTES.md) and the parsed Font objects are handed to pdfkit, which embeds
 * only the glyphs used (a subset). A separate 700 Bold file would cost another 15 MB of memory for the
 * title's few characters; the simulated bold has exactly the regular's characters and advance widths.
 */
export type FaceName = "serif" | "serifBold" | "sans";

/** The font files; serifBold is drawn from the serif file. */
export type FileName = "serif" | "sans";

const FILES: Record<FileName, string> = {
  serif: "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
  sans: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
};

/**
 * Simulated bold: the outline's stroke width in em. Half of it lies outside the glyph, so each stem
 * gains this much (Noto Serif SC Bold's vertical stems are about 0.05 em wider than the Regular's).
 */
export const EMBOLDEN = 0.04;

/** A parsed face with the two questions layout asks of it: how wide is a character, can it be drawn. */
export interface Face {
  name: FaceName;
  /** the font file the face is drawn from (the name pdfkit knows the font by) */
  file: FileName;
  /** stroke width in em for a simulated bold, 0 for none */
  embolden: number;
  font: fontkit.Font;
  /** the same font for pdfkit: one glyph per character, no OpenType shaping (see rememberingFont) */
  pdfFont: fontkit.Font;
  /** advance width of one code point in em (1 = the font size) */
  advance(codePoint: number): number;
  has(codePoint: number): boolean;
}

export type Faces = Record<FaceName, Face>;

function face(name: FileName, font: fontkit.Font): Face {
  const perEm = font.unitsPerEm;
  const widths = new Map<number, number>();
  const present = new Map<number, boolean>();
  return {
    name,
    file: name,
    embolden: 0,
    font,
    pdfFont: rememberingFont(font),
    advance(cp) {
      let w = widths.get(cp);
      if (w === undefined) {
        w = font.glyphForCodePoint(cp).advanceWidth / perEm;
        widths.set(cp, w);
      }
      return w;
    },
    has(cp) {
      let p = present.get(cp);
      if (p === undefined) {
        p = font.hasGlyphForCodePoint(cp);
        present.set(cp, p);
      }
      return p;
    },
  };
}

/** A shaped run as pdfkit reads it: glyphs, positions (pdfkit scales them in place) and their advance. */
class Run {
  constructor(
    readonly glyphs: fontkit.Glyph[],
    readonly positions: fontkit.GlyphPosition[],
  ) {}
  get advanceWidth(): number {
    let w = 0;
    for (const p of this.positions) w += p.xAdvance;
    return w;
  }
}

/**
 * The font as pdfkit sees it. pdfkit shapes every string with fontkit's OpenType engine (GSUB/GPOS,
 * parsed into large object trees for a CJK font) and decodes every glyph it subsets, for each document
 * anew: most of a warm render's time and tens of MB. A report needs no shaping: Chinese, digits and
 * punctuation are one glyph per character (the cmap's), each at its advance width, which is also exactly
 * what lines.ts measured lines with (no kerning to disagree with). So this view of the parsed font
 * (everything else is delegated to it) lays a string out from the cmap and the advance widths, and
 * remembers each glyph's decoded outline header (fontkit's subsetter decodes a glyph only to see whether
 * it is composite). Positions are fresh objects each time: pdfkit scales them in place.
 */
function rememberingFont(font: fontkit.Font): fontkit.Font {
  const view = Object.create(font) as fontkit.Font & { getGlyph(id: number, cps?: number[]): fontkit.Glyph };
  view.layout = ((text: string) => {
    const glyphs: fontkit.Glyph[] = [];
    const positions: fontkit.GlyphPosition[] = [];
    for (const ch of text) {
      const g = font.glyphForCodePoint(ch.codePointAt(0) as number);
      glyphs.push(g);
      positions.push({
        xAdvance: g.advanceWidth,
        yAdvance: 0,
        xOffset: 0,
        yOffset: 0,
      } as fontkit.GlyphPosition);
    }
    return new Run(glyphs, positions);
  }) as unknown as fontkit.Font["layout"];
  const remembered = new WeakSet<object>();
  const getGlyph = (font as unknown as { getGlyph(id: number, cps?: number[]): fontkit.Glyph }).getGlyph;
  view.getGlyph = function (id: number, cps?: number[]) {
    const g = getGlyph.call(this, id, cps) as fontkit.Glyph & { _decode?: () => unknown };
    if (g && typeof g._decode === "function" && !remembered.has(g)) {
      remembered.add(g);
      const decode = g._decode.bind(g);
      let done = false;
      let value: unknown;
      g._decode = () => {
        if (!done) {
          value = decode();
          done = true;
        }
        return value;
      };
    }
    return g;
  };
  return view;
}

let loaded: Faces | null = null;

/** The faces, parsed on first use and kept for the life of the process. */
export function loadFaces(): Faces {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const open = (name: FileName) => {
    const font = fontkit.create(readFileSync(require.resolve(FILES[name])));
    // a .ttc would give a collection; these are single fonts
    if (!("glyphForCodePoint" in font)) throw new Error(`${FILES[name]} is not a single font`);
    return face(name, font as fontkit.Font);
  };
  const serif = open("serif");
  // the same parsed font, its width and coverage caches: only the drawing differs
  loaded = { serif, serifBold: { ...serif, name: "serifBold", embolden: EMBOLDEN }, sans: open("sans") };
  return loaded;
}

/** Where each font file lies (for the HTML of the same content in the benchmark). */
export function facePaths(): Record<FileName, string> {
  const require = createRequire(import.meta.url);
  return { serif: require.resolve(FILES.serif), sans: require.resolve(FILES.sans) };
}
