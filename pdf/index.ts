import { profileOf } from "../core/forms/registry.js";
import type { Report } from "../core/report.js";
import { type BlockOptions, narrativeOf, reportBlocks } from "./blocks.js";
import { drawPdf } from "./draw.js";
import { type Faces, loadFaces } from "./fonts.js";
import { layout } from "./layout.js";
import { MISSING_MARK } from "./lines.js";
import type { Block } from "./model.js";
import type { Page } from "./page.js";

/**
 * The report as a PDF in the official layout (title, sections 一–七, 附件1-1, 附件1-2, a chart page).
 *
 * `renderReportPdf(report)` → the file's bytes. Scores, checks and deviations are computed by the core
 * unless given. Sections 五 and 六 are the report's own text (accepted drafts or written by staff); a
 * section still empty is drafted by the offline drafter from the deviations. Fonts are parsed once per
 * process. Everything up to the pdfkit stream is synchronous and pure: a fixed `creationDate` gives the
 * same bytes every time.
 *
 * Characters the fonts cannot draw: pdfkit would draw an empty box without a word. They are drawn as
 * 〓 (U+3013, the mark Chinese typesetting uses for a missing character) so the gap is visible on paper,
 * and `missingGlyphs` lists them with their place, for the CLI, the terminal and the bot to tell.
 */
export interface RenderOptions extends BlockOptions {
  /** a final report has no "草稿" watermark */
  final?: boolean;
  creationDate?: Date;
}

export { MISSING_MARK, narrativeOf, reportBlocks };

/** The laid-out pages (synchronous; for tests and the benchmark). */
export function reportPages(report: Report, o: RenderOptions = {}, faces: Faces = loadFaces()): Page[] {
  return layout(reportBlocks(report, o), faces);
}

export function renderReportPdf(report: Report, options: RenderOptions = {}): Promise<Buffer> {
  const faces = loadFaces();
  const pages = reportPages(report, options, faces);
  const profile = profileOf(report);
  const project = profile.kind === "项目支出";
  const parts = [profile.basicData, profile.table].flatMap((t) =>
    t ? [`${t.label} ${t.title}`.trim()] : [],
  );
  return drawPdf(pages, faces, {
    title: project
      ? `${report.unit.name}${report.unit.year}年度${report.project?.name ?? ""}项目支出绩效自评表`
      : `${report.unit.name}${report.unit.year}年度部门整体支出绩效自评报告`,
    author: report.unit.name,
    subject: project ? profile.table.title : `部门整体支出绩效自评报告（含${parts.join("、")}）`,
    creationDate: options.creationDate ?? new Date(),
    watermark: options.final ? null : "草稿",
  });
}

/** Texts of the blocks with their place and the face they are set in. */
function texts(blocks: Block[]): { text: string; where: string; face: keyof Faces }[] {
  const out: { text: string; where: string; face: keyof Faces }[] = [];
  for (const b of blocks) {
    if (b.kind === "title") for (const l of b.lines) out.push({ text: l, where: b.where, face: "serifBold" });
    else if (b.kind === "heading") out.push({ text: b.text, where: b.where, face: "sans" });
    else if (b.kind === "para") out.push({ text: b.text, where: b.where, face: b.face ?? "serif" });
    else if (b.kind === "table")
      for (const r of b.rows)
        for (const c of r.cells) out.push({ text: c.text, where: c.where, face: c.face ?? "serif" });
    else if (b.kind === "chart") {
      for (const g of b.groups)
        out.push({ text: g.name, where: `${b.where} 一级指标“${g.name}”`, face: "serif" });
      for (const l of b.lost)
        out.push({
          text: `${l.name}${l.group}${l.why}`,
          where: `${b.where} 失分指标“${l.name}”`,
          face: "serif",
        });
    }
  }
  return out;
}

/** Characters of the report's text that the embedded fonts cannot draw, each with where it is (once per place). */
export function missingGlyphs(report: Report, faces: Faces = loadFaces()): { char: string; where: string }[] {
  const out: { char: string; where: string }[] = [];
  const seen = new Set<string>();
  for (const t of texts(reportBlocks(report))) {
    const face = faces[t.face];
    for (const ch of t.text) {
      const cp = ch.codePointAt(0) as number;
      if (cp === 10 || face.has(cp)) continue;
      const key = `${ch}\u0000${t.where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ char: ch, where: t.where });
    }
  }
  return out;
}
