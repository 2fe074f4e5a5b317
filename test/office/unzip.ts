import { inflateRawSync } from "node:zlib";

/**
 * The parts of a zip file (a .docx or .xlsx), read with node:zlib alone: the central directory, then each
 * local header and its stored or deflated data. An independent route to the XML the writers produce.
 */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

/** Text of an XML fragment's w:t runs, entities decoded. */
export function wText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1] as string)
    .join("")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The tables of a document.xml as rows of cells: each cell's text (paragraphs joined by \n), span and merge. */
export function wTables(
  xml: string,
): { text: string; span: number; merge: "restart" | "continue" | null }[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] as string).matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] as string).matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => {
        const cell = c[1] as string;
        const merge = /<w:vMerge w:val="restart"\/>/.test(cell)
          ? "restart"
          : /<w:vMerge(?: w:val="continue")?\/>/.test(cell)
            ? "continue"
            : null;
        return {
          text: [...cell.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => wText(p[0])).join("\n"),
          span: Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(cell)?.[1] ?? 1),
          merge,
        };
      }),
    ),
  );
}
