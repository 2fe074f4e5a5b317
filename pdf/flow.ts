/**
 * The flow of the document: pages filled from the top of the type area down, a cursor `y`, a new page
 * when the next piece does not fit, and paragraphs set line by line at the body's text styles. The
 * table and chart layouts draw on the flow's current page and move its cursor.
 */
import type { FaceName, Faces } from "./fonts.js";
import { baselineIn, breakLines, lineOps } from "./lines.js";
import { AREA, BOTTOM, type Page } from "./page.js";

export const BODY = { face: "serif" as FaceName, size: 12, lh: 22 };
export const STYLE = {
  title: { face: "serifBold" as FaceName, size: 22, lh: 36 },
  h1: { face: "sans" as FaceName, size: 14, lh: 28 },
  h2: { face: "sans" as FaceName, size: 12, lh: 22 },
  label: { face: "sans" as FaceName, size: 12, lh: 22 },
};

export class Flow {
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
