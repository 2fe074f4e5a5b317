/**
 * docs/img/docx-page-1.png and docs/img/docx-selfevaluation.png: the sample's .docx as LibreOffice lays it
 * out (scripts/libreoffice.ts), page 1 and the 附件1-2 page, at 72 dpi like the PDF's pictures beside them in
 * the README. Every page is also written to a temporary folder, to look at.
 *
 *   node dist/scripts/office-images.js   (after npm run build; needs soffice and pdftoppm)
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleReport } from "../bench/sample.js";
import { renderReportDocx } from "../office/docx.js";
import { docxToPdf, pdfToPng } from "./libreoffice.js";

const IMG = fileURLToPath(new URL("../../docs/img/", import.meta.url));
const pdf = docxToPdf(await renderReportDocx(sampleReport()));
const count = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
const dir = mkdtempSync(join(tmpdir(), "zipin-docx-pages-"));
const pages = pdfToPng(
  pdf,
  Array.from({ length: count }, (_, i) => i + 1),
  dir,
  72,
);
// the 附件1-2 page: the first whose text (pdftotext, of poppler-utils like pdftoppm) starts with its label
const textOf = (n: number) =>
  spawnSync("pdftotext", ["-f", String(n), "-l", String(n), join(dir, "in.pdf"), "-"], { encoding: "utf8" })
    .stdout;
const selfPage = pages.findIndex((_, i) => /^\s*附件\s*1-2/.test(textOf(i + 1))) + 1;
if (selfPage === 0) throw new Error("no page starts with 附件1-2");
copyFileSync(pages[0] as string, join(IMG, "docx-page-1.png"));
copyFileSync(pages[selfPage - 1] as string, join(IMG, "docx-selfevaluation.png"));
process.stdout.write(`${count} pages in ${dir}; page 1 and page ${selfPage} copied to docs/img/\n`);
