import type { Report } from "../../core/report.js";
import type { StoredReport } from "../../storage/repository.js";
import { OFFICE_MIME } from "../office.js";
import type { ChatPdf } from "../pdf.js";
import type { Incoming, Outgoing } from "./messages.js";
import type { ChatServiceOptions } from "./options.js";

/** The documents a chat asks for (/pdf, /word, /excel): rendered, named, and what to say with them. */

/** /pdf: the document, marked final when asked (and told when it could not be). */
export async function pdfReplies(
  o: ChatServiceOptions,
  report: StoredReport,
  m: Incoming,
  content: Report,
  final: boolean,
): Promise<Outgoing[]> {
  if (!o.renderPdf) return [{ text: "此处暂不能生成 PDF；可用 /export 导出报告文件。" }];
  o.busy?.(m.chatId, "upload_document");
  let pdf: ChatPdf;
  try {
    pdf = await o.renderPdf(content, final);
  } catch (e) {
    o.log?.(`pdf ${m.chatId}: ${(e as Error)?.stack ?? String(e)}`);
    return [
      { text: "PDF 暂时无法生成（已记录这个错误）。可先用 /export 导出报告文件；填写的内容不受影响。" },
    ];
  }
  const notFinal = final && report.status !== "final" && !(await markFinal(o, report, m));
  return [
    ...pdf.notes.map((text) => ({ text })),
    ...(notFinal
      ? [
          {
            text: "这份 PDF 生成时报告正好有人改动（或暂时无法保存），报告没有标为定稿；请再发一次 /pdf 定稿。",
          },
        ]
      : []),
    {
      text: final ? "正式版报告。" : "报告草稿（带“草稿”水印；负责人发送 /pdf final 生成正式版）。",
      document: {
        name: pdf.name,
        mime: "application/pdf",
        content: pdf.content,
        caption: final ? "正式版" : "草稿",
      },
    },
  ];
}

/**
 * Marks the report final — the version the PDF was rendered from; when the report changed meanwhile
 * (or cannot be saved) it stays a draft, and the user is told.
 */
async function markFinal(o: ChatServiceOptions, report: StoredReport, m: Incoming): Promise<boolean> {
  const c = await o.repo.commit({
    reportId: report.id,
    expectedVersion: report.version,
    state: report.state,
    by: m.from.id,
    status: "final",
    audit: { action: "final" },
  });
  return c.ok;
}

/** /word and /excel: the document, named as the PDF is. */
export async function officeReplies(
  o: ChatServiceOptions,
  m: Incoming,
  content: Report,
  format: "docx" | "xlsx",
  final: boolean,
): Promise<Outgoing[]> {
  const what = format === "docx" ? "Word 文档" : "Excel 附表";
  if (!o.renderOffice) return [{ text: `此处暂不能生成${what}；可用 /export 导出报告文件。` }];
  o.busy?.(m.chatId, "upload_document");
  try {
    const doc = await o.renderOffice(content, format, final);
    const mime = OFFICE_MIME[format];
    const text =
      format === "docx"
        ? `报告 Word 文档（可直接修改${final ? "" : "；带“草稿”水印，负责人发送 /word final 生成正式版"}）。`
        : "附件1-1、附件1-2 的 Excel 表（合计、控制率、执行率、得分为公式；“审核”表列出未解决的问题）。";
    return [
      {
        text,
        document: { name: doc.name, mime, content: doc.content, caption: final ? "正式版" : "草稿" },
      },
    ];
  } catch (e) {
    o.log?.(`${format} ${m.chatId}: ${(e as Error)?.stack ?? String(e)}`);
    return [{ text: `${what}暂时无法生成（已记录这个错误）。可先用 /pdf 或 /export；填写的内容不受影响。` }];
  }
}
