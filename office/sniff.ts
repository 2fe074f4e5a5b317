/**
 * What a file is, from its bytes, before anything parses it: a Word or Excel file of today's format (a zip
 * package), an encrypted one or an old .doc/.xls (an OLE compound file), or something else — and whether a
 * package is small enough to open (its size, its number of parts and their unpacked size, read from the
 * zip's central directory without unpacking anything: a 100 KB zip bomb is refused as surely as a 20 MB
 * workbook). Pure.
 */

export const IMPORT_LIMITS = {
  /** the file as sent */
  bytes: 10 * 1024 * 1024,
  /** all parts unpacked */
  unpacked: 120 * 1024 * 1024,
  /** parts of the package */
  entries: 4000,
};

export type Sniffed =
  | { ok: true; format: "docx" | "xlsx" }
  | {
      ok: false;
      reason:
        | "empty"
        | "tooLarge"
        | "unpackedTooLarge"
        | "encrypted"
        | "legacy"
        | "otherOffice"
        | "notOffice";
    };

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const utf16 = (s: string) => Buffer.from(s, "utf16le");

export function sniff(bytes: Uint8Array, limits = IMPORT_LIMITS): Sniffed {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > limits.bytes) return { ok: false, reason: "tooLarge" };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (CFB.every((b, i) => buf[i] === b)) {
    // an OLE compound file: an encrypted .docx/.xlsx keeps its package in the stream "EncryptedPackage"
    return { ok: false, reason: buf.includes(utf16("EncryptedPackage")) ? "encrypted" : "legacy" };
  }
  if (!(buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04))
    return { ok: false, reason: "notOffice" };
  const parts = centralDirectory(buf);
  if (parts === null) return { ok: false, reason: "notOffice" };
  if (parts.length > limits.entries) return { ok: false, reason: "unpackedTooLarge" };
  const unpacked = parts.reduce((a, p) => a + p.size, 0);
  if (unpacked > limits.unpacked || parts.some((p) => p.size < 0))
    return { ok: false, reason: "unpackedTooLarge" };
  const names = new Set(parts.map((p) => p.name));
  if (names.has("word/document.xml")) return { ok: true, format: "docx" };
  if (names.has("xl/workbook.xml")) return { ok: true, format: "xlsx" };
  if ([...names].some((n) => /^(ppt|visio)\//.test(n) || n === "content.xml"))
    return { ok: false, reason: "otherOffice" };
  return { ok: false, reason: "notOffice" };
}

/** The parts of a zip file as its central directory lists them (size −1: a ZIP64 size); null if unreadable. */
export function centralDirectory(buf: Buffer): { name: string; size: number }[] | null {
  const from = Math.max(0, buf.length - 65_557);
  let end = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out: { name: string; size: number }[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    out.push({
      name: buf.toString("utf8", at + 46, at + 46 + nameLength),
      size: size === 0xffffffff ? -1 : size,
    });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

/** Why a file cannot be imported, in the words the chat and the command show. */
export function refusalText(
  name: string,
  reason: Exclude<Sniffed, { ok: true }>["reason"],
  limits = IMPORT_LIMITS,
): string {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  switch (reason) {
    case "empty":
      return `“${name}”是空文件。请发送上年的自评报告（.docx）或决算、自评表（.xlsx）。`;
    case "tooLarge":
      return `“${name}”太大；可导入的 Word、Excel 文件不超过 ${mb(limits.bytes)}。可以只保留报告和附表再发送。`;
    case "unpackedTooLarge":
      return `“${name}”内容太多（解压后超过 ${mb(limits.unpacked)}），无法导入。请只保留报告和附表（例如另存为只含附件1-1、附件1-2 的工作簿）再发送。`;
    case "encrypted":
      return `“${name}”设置了打开密码，无法读取。请在 Word 或 Excel 中取消密码（文件 › 信息 › 保护）后再发送。`;
    case "legacy":
      return `“${name}”是旧版格式（.doc 或 .xls）。请在 Word 或 Excel 中“另存为” .docx 或 .xlsx 后再发送。`;
    case "otherOffice":
      return `“${name}”不是 Word 文档或 Excel 工作簿（例如演示文稿或其他格式）。请发送 .docx 或 .xlsx 文件。`;
    case "notOffice":
      return `“${name}”不是 Word 文档（.docx）或 Excel 工作簿（.xlsx），无法导入。例如：上年的“自评报告.docx”或“决算表.xlsx”。`;
  }
}
