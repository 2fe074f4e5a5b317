import type { ImportedFile } from "../../core/imported.js";
import { recognise } from "../recognise/index.js";
import { type Sniffed, sniff } from "../sniff.js";

/**
 * A file's bytes → what it says about a report, in this thread (the importer runs it in a worker):
 * refused by its bytes before anything is parsed, else parsed (mammoth, exceljs) and recognised.
 */
export async function readOffice(
  bytes: Uint8Array,
): Promise<
  | { ok: true; file: ImportedFile }
  | { ok: false; reason: Exclude<Sniffed, { ok: true }>["reason"] | "unreadable" }
> {
  const s = sniff(bytes);
  if (!s.ok) return s;
  try {
    // each reader loads its library on first use (a worker reading a .docx never loads exceljs)
    const doc =
      s.format === "docx"
        ? await (await import("./docx.js")).readDocx(bytes)
        : await (await import("./xlsx.js")).readXlsx(bytes);
    return { ok: true, file: recognise(doc) };
  } catch {
    return { ok: false, reason: "unreadable" };
  }
}
