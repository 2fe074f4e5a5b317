import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { StepResult } from "../conversation/index.js";
import type { ChatPdf } from "../pdf.js";

/** What the chat service needs: storage, the LLM, the PDF renderer, and hooks of its messenger. */
export interface ChatServiceOptions {
  repo: ReportRepository;
  llm: LlmConfig | null;
  /** renders the report's PDF; loaded lazily (fonts are large) */
  renderPdf?: (
    report: NonNullable<Extract<StepResult["effect"], { kind: "pdf" }>>["report"],
    final: boolean,
  ) => Promise<ChatPdf>;
  /** called before slow work, so the chat can show "uploading…" */
  busy?: (chatId: string, what: "upload_document" | "typing") => void;
  /** where errors of storage are logged (never with secrets) */
  log?: (line: string) => void;
}
