import { reportFileName } from "../core/naming.js";
import type { Report } from "../core/report.js";

/** The report as a PDF for a chat: its file name, its bytes, and what the user should know about it. */
export interface ChatPdf {
  name: string;
  content: Buffer;
  /** characters the fonts cannot draw, with their place (drawn as 〓) */
  notes: string[];
}

/**
 * Renders the report (from a step's `pdf` effect). The renderer is loaded on first use (its fonts are
 * large); characters the fonts cannot draw are told rather than drawn as boxes.
 */
export async function renderPdfForChat(report: Report, final: boolean): Promise<ChatPdf> {
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
  return { name: pdfName(report, final), content, notes };
}

/** "单位-年度-自评报告(-草稿).pdf", safe as a file name */
export function pdfName(report: Report, final: boolean): string {
  return reportFileName(report, "pdf", final);
}
