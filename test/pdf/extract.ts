import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** One piece of text as pdfjs-dist reads it back from the file: where it is (PDF points, origin bottom left). */
export interface TextItem {
  str: string;
  x: number;
  /** the baseline */
  y: number;
  width: number;
  size: number;
  /** false for rotated text (the watermark) */
  upright: boolean;
}

export interface ExtractedPdf {
  pages: { items: TextItem[]; width: number; height: number }[];
  /** every page's text joined, whitespace removed (pdfjs puts spaces where justified runs meet) */
  pageText: string[];
  info: Record<string, unknown>;
}

/** Reads a PDF the way a reader program does (pdfjs-dist), independently of how it was written. */
export async function extractPdf(bytes: Buffer): Promise<ExtractedPdf> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: ExtractedPdf["pages"] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const it of content.items) {
      if (!("str" in it) || it.str.trim() === "") continue;
      const [a, b, , , e, f] = it.transform as number[];
      items.push({
        str: it.str,
        x: e as number,
        y: f as number,
        width: it.width,
        size: Math.hypot(a as number, b as number),
        upright: Math.abs(b as number) < 1e-6,
      });
    }
    pages.push({ items, width, height });
  }
  const info = ((await doc.getMetadata()).info ?? {}) as Record<string, unknown>;
  await doc.destroy();
  return {
    pages,
    pageText: pages.map((p) =>
      p.items
        .filter((i) => i.upright)
        .map((i) => i.str)
        .join("")
        .replace(/\s+/g, ""),
    ),
    info,
  };
}
