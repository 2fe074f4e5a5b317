import { pathToFileURL } from "node:url";
import { facePaths } from "../pdf/fonts.js";
import type { Block, Chart, Table } from "../pdf/model.js";

/**
 * The same blocks the PDF is drawn from, as one HTML page for headless Chromium to print (the
 * benchmark's comparison): same faces (the same TTF files via @font-face), A4 with the GB/T 9704
 * margins, tables with rowspan/colspan, the chart as inline SVG, the "草稿" watermark on every page.
 */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const lines = (s: string) => esc(s).replace(/\n/g, "<br>");

function table(t: Table): string {
  const cols = t.columns.map((c) => `<col style="width:${(c * 100).toFixed(3)}%">`).join("");
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.cells
          .map(
            (c) =>
              `<td${c.colSpan ? ` colspan="${c.colSpan}"` : ""}${c.rowSpan ? ` rowspan="${c.rowSpan}"` : ""} class="${c.face ?? ""} ${c.align ?? ""}">${lines(c.text)}</td>`,
          )
          .join("")}</tr>`,
    )
    .join("\n");
  return `<table><colgroup>${cols}</colgroup>${rows}</table>`;
}

function chart(c: Chart): string {
  const max = Math.max(...c.groups.map((g) => g.weight), 1);
  const scale = 250 / max;
  const bars = c.groups
    .map((g, i) => {
      const y = i * 26;
      return `<text x="0" y="${y + 12}">${esc(g.name)}</text><rect x="96" y="${y}" width="${g.weight * scale}" height="14" fill="#d9d9d9"/><rect x="96" y="${y}" width="${g.score * scale}" height="14" fill="#1f4e79"/><text x="${100 + g.weight * scale}" y="${y + 12}">${g.scoreText} / ${g.weightText}</text>`;
    })
    .join("");
  const lost = c.lost
    .map(
      (l) =>
        `<p>${esc(l.name)}（${esc(l.group)}）：失分${l.lostText}</p><svg width="420" height="16"><rect x="96" y="0" width="${250}" height="14" fill="#d9d9d9"/><rect x="96" y="0" width="${(250 * l.score) / l.weight}" height="14" fill="#1f4e79"/></svg><p class="small">${esc(l.why)}</p>`,
    )
    .join("");
  return `<h2 class="center">${esc(c.title)}</h2><h3>一、各一级指标得分与分值</h3><svg width="440" height="${c.groups.length * 26}" font-size="10.5">${bars}</svg><h3>二、失分的三级指标</h3>${lost}<p class="body">${esc(c.caption)}</p>`;
}

export function reportHtml(blocks: Block[], watermark: string | null): string {
  const f = facePaths();
  const url = (p: string) => pathToFileURL(p).href;
  const body = blocks
    .map((b) => {
      switch (b.kind) {
        case "title":
          return `<h1>${b.lines.map(esc).join("<br>")}</h1>`;
        case "heading":
          return b.level === 1
            ? `<h2>${esc(b.text)}</h2>`
            : b.level === 2
              ? `<h3>${esc(b.text)}</h3>`
              : `<p class="label">${esc(b.text)}</p>`;
        case "para":
          return `<p class="${b.indent ? "body" : ""} ${b.align} ${b.face ?? ""}" style="${b.size ? `font-size:${b.size}pt;` : ""}">${esc(b.text)}</p>`;
        case "pageBreak":
          return `<div class="break"></div>`;
        case "table":
          return table(b);
        case "chart":
          return chart(b);
      }
      return "";
    })
    .join("\n");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>report</title><style>
@font-face { font-family: ZSerif; src: url("${url(f.serif)}"); }
@font-face { font-family: ZSans; src: url("${url(f.sans)}"); }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font: 14pt ZSerif; } }
body { font: 12pt/22pt ZSerif; margin: 0; }
h1 { font: bold 22pt/36pt ZSerif; /* bold synthesized from the regular, as in our PDF */ text-align: center; margin: 0 0 14pt; }
h2 { font: 14pt/28pt ZSans; margin: 6pt 0 0; } h3 { font: 12pt/22pt ZSans; margin: 0; }
p { margin: 0; } .body { text-indent: 2em; } .justify { text-align: justify; } .center { text-align: center; }
.label { font: 12pt ZSans; } .sans { font-family: ZSans; } .small { font-size: 9pt; } .right { text-align: right; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; line-height: 12.5pt; margin: 4pt 0 2pt; }
td { border: 0.6pt solid #000; padding: 2.5pt 3pt; vertical-align: middle; }
.break { break-after: page; }
.wm { position: fixed; top: 40%; left: 20%; font: 120pt ZSans; color: rgba(0,0,0,0.08); transform: rotate(-35deg); }
</style></head><body>${watermark ? `<div class="wm">${esc(watermark)}</div>` : ""}
${body}
</body></html>`;
}
