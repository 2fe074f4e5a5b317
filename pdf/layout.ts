/**
 * Layout: blocks → pages of drawing operations, all positions computed here (pure and synchronous;
 * only the faces' advance widths are read). pdfkit then only draws (draw.ts): no pdfkit line breaking,
 * no pdfkit tables, so no automatic pages and nothing clipped with an ellipsis (PDF-NOTES.md). This
 * module runs the flow over the blocks and numbers the pages; lines.ts breaks the lines, flow.ts fills
 * the pages, tableLayout.ts and chartLayout.ts lay out the tables and the chart page.
 */
import { layoutChart } from "./chartLayout.js";
import { BODY, Flow, STYLE } from "./flow.js";
import type { Faces } from "./fonts.js";
import { widthOf } from "./lines.js";
import type { Block } from "./model.js";
import { BOTTOM, MM, PAGE, type Page } from "./page.js";
import { layoutTable } from "./tableLayout.js";

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
