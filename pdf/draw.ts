import PDFDocument from "pdfkit";
import type { Faces } from "./fonts.js";
import { PAGE, type Page } from "./page.js";

export interface DrawOptions {
  title: string;
  author: string;
  subject: string;
  creationDate: Date;
  /** "草稿" across every page until the report is final */
  watermark: string | null;
}

/**
 * Draws laid-out pages with pdfkit and collects the file. Page margins are 0: every position was
 * computed by layout, so pdfkit never breaks a line or adds a page by itself.
 */
export function drawPdf(pages: Page[], faces: Faces, o: DrawOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    compress: true,
    lang: "zh-CN",
    displayTitle: true,
    info: {
      Title: o.title,
      Author: o.author,
      Subject: o.subject,
      Creator: "Zipin 自评助手",
      CreationDate: o.creationDate,
      ModDate: o.creationDate,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  // the parsed fontkit objects (pdfkit accepts any object with `layout`), one per file (the bold serif is
  // the serif's glyphs, filled and stroked); subsets are embedded per document
  for (const name of ["serif", "sans"] as const)
    doc.registerFont(name, faces[name].pdfFont as unknown as string);
  let face = "";
  let size = 0;
  let color = "";
  for (const page of pages) {
    doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    if (o.watermark) {
      watermark(doc, o.watermark);
      face = "";
      size = 0;
      color = "";
    }
    for (const op of page.ops) {
      if (op.t === "text") {
        const f = faces[op.face];
        if (f.file !== face) {
          face = f.file;
          doc.font(face);
        }
        if (op.size !== size) {
          size = op.size;
          doc.fontSize(size);
        }
        if ((op.color ?? "#000") !== color) {
          color = op.color ?? "#000";
          doc.fillColor(color);
        }
        const options = { lineBreak: false, baseline: "alphabetic", characterSpacing: op.spacing } as const;
        if (f.embolden > 0) {
          // fill, then stroke the outline in the same colour (text rendering mode 2); q/Q keeps the mode,
          // stroke colour and line width to this text
          doc.save();
          doc
            .strokeColor(color)
            .lineWidth(f.embolden * size)
            .lineJoin("round");
          doc.text(op.text, op.x, op.y, { ...options, fill: true, stroke: true });
          doc.restore();
        } else doc.text(op.text, op.x, op.y, options);
      } else if (op.t === "rect") {
        color = "";
        doc.rect(op.x, op.y, op.w, op.h);
        if (op.fill && op.stroke) doc.lineWidth(op.lw ?? 0.6).fillAndStroke(op.fill, op.stroke);
        else if (op.fill) doc.fill(op.fill);
        else doc.lineWidth(op.lw ?? 0.6).stroke(op.stroke ?? "#000");
      } else {
        doc
          .moveTo(op.x1, op.y1)
          .lineTo(op.x2, op.y2)
          .lineWidth(op.lw)
          .stroke(op.color ?? "#000");
      }
    }
  }
  doc.end();
  return done;
}

/** A large light diagonal word behind the page's content. */
function watermark(doc: PDFKit.PDFDocument, text: string): void {
  const size = 120;
  doc.save();
  doc.fillColor("#000", 0.08);
  doc.font("sans").fontSize(size);
  doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
  const w = doc.widthOfString(text);
  doc.text(text, PAGE.width / 2 - w / 2, PAGE.height / 2 + size * 0.35, {
    lineBreak: false,
    baseline: "alphabetic",
  });
  doc.restore();
}
