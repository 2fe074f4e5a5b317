/**
 * The chart page: horizontal bars drawn as vector rectangles. Group bars: the weight in light grey, the
 * score in dark blue over it, a black mark at the unit's own score when it differs. Rows that lost points:
 * the score and the points lost (red) on the row's weight, with why. Then the caption with the total.
 */
import { BODY, type Flow, STYLE } from "./flow.js";
import type { FaceName } from "./fonts.js";
import { breakLines, lineOps, widthOf } from "./lines.js";
import type { Chart } from "./model.js";
import { AREA, type Op, RIGHT } from "./page.js";

const DARK = "#1f4e79";
const LIGHT = "#d9d9d9";
const LOST = "#c0392b";

export function layoutChart(c: Chart, f: Flow): void {
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

/** A score against its weight: the weight's length in light, the score in dark, what was lost in red. */
function scoreBar(o: Op[], x: number, y: number, h: number, weight: number, score: number): void {
  o.push({ t: "rect", x, y, w: weight, h, fill: LIGHT });
  o.push({ t: "rect", x, y, w: Math.max(0, score), h, fill: DARK });
  if (score < weight) o.push({ t: "rect", x: x + score, y, w: weight - score, h, fill: LOST });
}

/** One line of text at a baseline, without breaking (labels of the chart; callers keep them short). */
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
