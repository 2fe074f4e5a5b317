import { writeFileSync } from "node:fs";
import { sampleReport } from "./sample.js";

/**
 * The PDF benchmark's measured process (run by pdf.bench.ts, one process per measurement so that its
 * peak RSS is the renderer's alone):
 *   node pdfWorker.js warm RUNS   → fonts loaded, then RUNS timed renders; prints JSON
 *   node pdfWorker.js cold OUT    → one render written to OUT, as `zipin pdf` would (the parent times the process)
 *   node pdfWorker.js html OUT    → the same content as HTML for Chromium
 */
const [mode, arg] = process.argv.slice(2);
const report = sampleReport();
const { renderReportPdf, reportBlocks, reportPages } = await import("../pdf/index.js");

if (mode === "cold") {
  writeFileSync(arg as string, await renderReportPdf(report));
} else if (mode === "html") {
  const { reportHtml } = await import("./pdfHtml.js");
  writeFileSync(arg as string, reportHtml(reportBlocks(report), "草稿"));
} else {
  const runs = Number(arg ?? 30);
  const date = new Date("2021-05-20T00:00:00Z");
  let pdf = await renderReportPdf(report, { creationDate: date });
  for (let i = 0; i < 5; i++) pdf = await renderReportPdf(report, { creationDate: date });
  const samples: number[] = [];
  const layoutOnly: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    pdf = await renderReportPdf(report, { creationDate: date });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    reportPages(report);
    layoutOnly.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  process.stdout.write(
    JSON.stringify({
      samples,
      layoutOnly,
      bytes: pdf.length,
      pages: reportPages(report).length,
      maxRssKiB: process.resourceUsage().maxRSS,
    }),
  );
}
