/**
 * The page and what is drawn on it: A4 with the GB/T 9704 type area (156 × 225 mm; 37 mm from the top,
 * 28 mm from the left; the page number "— n —" 7 mm below it, centred), and the drawing operations
 * (text, rectangles, lines) a laid-out page is made of. The layout modules compute them; draw.ts hands
 * them to pdfkit.
 */
import type { FaceName } from "./fonts.js";

export const MM = 72 / 25.4;
export const PAGE = { width: 595.28, height: 841.89 };
export const AREA = { left: 28 * MM, top: 37 * MM, width: 156 * MM, height: 225 * MM };
export const RIGHT = AREA.left + AREA.width;
export const BOTTOM = AREA.top + AREA.height;

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
