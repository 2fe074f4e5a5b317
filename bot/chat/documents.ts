import type { Report } from "../../core/report.js";
import { parseReportFile } from "../../core/reportFile.js";
import { IMPORT_LIMITS, sniff } from "../../office/sniff.js";
import type { StoredReport } from "../../storage/repository.js";
import { type EngineState, type Input, type StepResult, step } from "../conversation/index.js";
import { isOfficeFile, OFFICE_MIME } from "../office.js";
import type { ChatPdf } from "../pdf.js";
import { otherYear } from "../reportList.js";
import type { Incoming, Outgoing } from "./messages.js";
import type { ChatServiceOptions } from "./options.js";

/**
 * What the chat service does with files: the documents a chat asks for (/pdf, /word, /excel) rendered and
 * named, and a file received (a report file, a Word or Excel file) imported.
 */

const MAX_FILE = 2 * 1024 * 1024;

/** The PDF of a report (marked final when asked and nothing changed meanwhile), as messages. */
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
/**
 * A report file sent in the chat: checked (name, size, content) and turned into the step's import; what
 * to say when it cannot be. `apply` commits the step's result. A messenger that learns the file's name
 * only when it downloads it (企业微信) gives an empty name: the content decides then.
 */
export async function importReplies(
  o: ChatServiceOptions,
  s: EngineState,
  m: Incoming,
  apply: (r: StepResult) => Promise<Outgoing[] | "retry">,
): Promise<Outgoing[] | "retry"> {
  const doc = m.document as NonNullable<Incoming["document"]>;
  if (isOfficeFile(doc.name)) return officeImportReplies(o, s, m, doc.name, apply);
  if (doc.name === "" && doc.readBytes) {
    // the name comes with the download: a Word or Excel package is known by its bytes
    const found = sniff(await doc.readBytes().catch(() => new Uint8Array()));
    if (found.ok) return officeImportReplies(o, s, m, `收到的文件.${found.format}`, apply);
  }
  if (doc.name !== "" && !/\.json$/i.test(doc.name)) {
    return [
      {
        text: `只能导入报告文件（.json，例如 /export 导出的 hengyang-2020.json）、上年的报告（.docx）或决算、自评表（.xlsx），收到的是“${doc.name}”。`,
      },
    ];
  }
  const read = await reportFileOf(o, m);
  if (Array.isArray(read)) return read;
  const other = otherYear(s, read);
  if (other) {
    // a file cannot carry a caption on 钉钉 and 企业微信: there a new report starts from one of the list
    const how = m.mentionsOnly
      ? "要以上年的报告为起点新建一份，请在群里 @我 发送“沿用 编号”（原报告不变）。"
      : `要以它为起点新建${read.unit.year + 1}年度的报告，请再发送这个文件，说明写 /seed（原报告不变）。`;
    return [{ text: other.seedable ? `${other.text}；${how}` : `${other.text}。` }];
  }
  const input: Input = {
    kind: "import",
    draft: read as unknown as Record<string, unknown>,
    asWritten: true,
    note: `已导入“${doc.name || "报告文件"}”。`,
  };
  return apply(step(s, input));
}

/** A report file (.json) sent: the report in it, or what to say (too large, not read, not a report file). */
export async function reportFileOf(o: ChatServiceOptions, m: Incoming): Promise<Report | Outgoing[]> {
  const doc = m.document as NonNullable<Incoming["document"]>;
  if (doc.size > MAX_FILE)
    return [{ text: `文件太大（${Math.ceil(doc.size / 1024)} KB）；报告文件不超过 2 MB。` }];
  let text: string;
  try {
    text = await doc.read();
  } catch (e) {
    o.log?.(`file ${m.chatId}: ${(e as Error)?.message}`);
    return [{ text: `没能取到文件“${doc.name || "文件"}”（下载失败或超时），请再发送一次。` }];
  }
  if (Buffer.byteLength(text) > MAX_FILE)
    return [{ text: `文件太大（${Math.ceil(Buffer.byteLength(text) / 1024)} KB）；报告文件不超过 2 MB。` }];
  const parsed = parseReportFile(text);
  if (!parsed.ok) {
    const shown = parsed.issues.slice(0, 8).map((i) => `  ${i.path}：${i.message}`);
    const more = parsed.issues.length > 8 ? [`  ……另有 ${parsed.issues.length - 8} 处`] : [];
    return [{ text: ["不能导入：", ...shown, ...more].join("\n") }];
  }
  return parsed.report;
}

/** A Word or Excel file: read off the chats' thread, then shown to confirm (nothing is filled yet). */
async function officeImportReplies(
  o: ChatServiceOptions,
  s: EngineState,
  m: Incoming,
  name: string,
  apply: (r: StepResult) => Promise<Outgoing[] | "retry">,
): Promise<Outgoing[] | "retry"> {
  const doc = m.document as NonNullable<Incoming["document"]>;
  if (!o.readOffice || !doc.readBytes)
    return [{ text: "此处暂不能导入 Word、Excel 文件；可发送报告文件（.json）。" }];
  if (doc.size > IMPORT_LIMITS.bytes)
    return [
      {
        text: `“${name}”太大（${Math.ceil(doc.size / 1024 / 1024)} MB）；可导入的 Word、Excel 文件不超过 ${IMPORT_LIMITS.bytes / 1024 / 1024} MB。`,
      },
    ];
  o.busy?.(m.chatId, "typing");
  let bytes: Uint8Array;
  try {
    bytes = await doc.readBytes();
  } catch (e) {
    o.log?.(`file ${m.chatId}: ${(e as Error)?.message}`);
    return [{ text: `没能取到文件“${name}”（下载失败或超时），请再发送一次。` }];
  }
  const read = await o.readOffice(name, bytes);
  if (!read.ok) return [{ text: read.message }];
  return apply(step(s, { kind: "office", file: name, found: read.file }));
}
