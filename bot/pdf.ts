import { materialize } from "./conversation/draft.js";
import type { EngineState } from "./conversation/step.js";

/**
 * The report being filled in, as a PDF for a chat: the renderer is loaded on first use (its fonts are
 * large), characters the fonts cannot draw are told rather than drawn as boxes.
 */
export async function renderPdfForChat(
  s: EngineState,
  final: boolean,
): Promise<{ name: string; content: Buffer; notes: string[] }> {
  const report = materialize(s.draft);
  if (!report) throw new Error("the report is not complete enough to render");
  const { renderReportPdf, missingGlyphs } = await import("../pdf/index.js");
  const missing = missingGlyphs(report);
  const content = await renderReportPdf(report, { final });
  const notes =
    missing.length > 0
      ? [
          `字体缺少以下字符，PDF 中已标出：${missing
            .slice(0, 10)
            .map((m) => `“${m.char}”（${m.where}）`)
            .join("、")}${missing.length > 10 ? ` 等 ${missing.length} 处` : ""}`,
        ]
      : [];
  return {
    name: `${report.unit.name}-${report.unit.year}-自评报告${final ? "" : "-草稿"}.pdf`,
    content,
    notes,
  };
}
