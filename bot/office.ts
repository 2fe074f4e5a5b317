import type { Report } from "../core/report.js";
import type { ImportResult } from "../office/importer.js";
import type { LlmConfig } from "../prompts/drafter.js";
import type { ChatPdf } from "./pdf.js";

/**
 * The report as a Word document or the attachments as an Excel workbook for a chat (from a step's
 * `office` effect), and a Word or Excel file a user sent, read off the chats' thread. The writers and the
 * importer are loaded on first use.
 */
export const OFFICE_MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export async function renderOfficeForChat(
  report: Report,
  format: "docx" | "xlsx",
  final: boolean,
): Promise<ChatPdf> {
  if (format === "docx") {
    const { renderReportDocx, docxName } = await import("../office/docx.js");
    return { name: docxName(report, final), content: await renderReportDocx(report, { final }), notes: [] };
  }
  const { renderReportXlsx, xlsxName } = await import("../office/xlsx.js");
  return { name: xlsxName(report), content: await renderReportXlsx(report), notes: [] };
}

/** With an LLM, the figures of free prose are extracted too (prompts/proseFigures.ts), to confirm like the rest. */
export async function readOfficeForChat(
  name: string,
  bytes: Uint8Array,
  llm: LlmConfig | null = null,
): Promise<ImportResult> {
  const { importOfficeFile } = await import("../office/importer.js");
  const read = await importOfficeFile(name, bytes);
  if (!read.ok || !llm) return read;
  const { extractProseFigures } = await import("../prompts/proseFigures.js");
  return { ok: true, file: await extractProseFigures(read.file, llm) };
}

/** Whether a file name is one the office importer reads. */
export const isOfficeFile = (name: string) => /\.(docx|xlsx|doc|xls|docm|xlsm|wps|et)$/i.test(name);
