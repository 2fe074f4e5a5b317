import type { Report } from "../../core/report.js";
import type { ImportResult } from "../../office/importer.js";
import type { LlmConfig } from "../../prompts/llm.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { ChatPdf } from "../pdf.js";

/** What the chat service works with: storage, the LLM, the renderers, hooks for the messenger. */
export interface ChatServiceOptions {
  repo: ReportRepository;
  llm: LlmConfig | null;
  /** renders the report's PDF; loaded lazily (fonts are large) */
  renderPdf?: (report: Report, final: boolean) => Promise<ChatPdf>;
  /** writes the report as a Word document or the attachments as an Excel workbook (/word, /excel) */
  renderOffice?: (report: Report, format: "docx" | "xlsx", final: boolean) => Promise<ChatPdf>;
  /** reads a Word or Excel file a user sent (off the chats' thread) */
  readOffice?: (name: string, bytes: Uint8Array) => Promise<ImportResult>;
  /** called before slow work, so the chat can show "uploading…" */
  busy?: (chatId: string, what: "upload_document" | "typing") => void;
  /** where errors of storage are logged (never with secrets) */
  log?: (line: string) => void;
}
