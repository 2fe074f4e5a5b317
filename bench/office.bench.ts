import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { renderReportDocx } from "../office/docx.js";
import { importOfficeFile } from "../office/importer.js";
import { readOffice } from "../office/read/index.js";
import { renderReportXlsx } from "../office/xlsx.js";
import type { BenchRow } from "./core.bench.js";
import { sampleReport } from "./sample.js";
import { summarize } from "./stats.js";

/**
 * Word and Excel: writing the sample's .docx and .xlsx (warm: the same process, after warm-up), reading
 * them back (parse and recognise, in process), a hand-made file through the importer's worker (as a chat
 * does it), and a large workbook read in the worker while the event loop's delay is measured on the main
 * thread (what the other chats would wait).
 */
async function time(fn: () => Promise<unknown>, runs: number, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

const row = (name: string, samples: number[], target?: string, note?: string): BenchRow => {
  const s = summarize(samples);
  return {
    name,
    unit: "ms",
    median: s.median,
    p99: s.p99,
    n: s.n,
    ...(target && { target }),
    ...(note && { note }),
  };
};

/** A workbook of `rows` lines of figures under a 决算 header, about 100 bytes a line packed. */
async function bigWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("明细");
  ws.addRow(["科目编码", "科目名称", "决算数", "预算数", "上年决算数", "备注"]);
  for (let i = 0; i < rows; i++)
    ws.addRow([`3${String(i).padStart(6, "0")}`, `支出明细${i}`, i * 1.25, i * 1.5, i * 0.75, `第${i}行`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The worst lateness of a 5 ms timer while `fn` runs. */
async function worstDelay<T>(fn: () => Promise<T>): Promise<{ worst: number; result: T }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  const result = await fn();
  clearInterval(timer);
  return { worst, result };
}

export async function officeBench(runs = 40): Promise<BenchRow[]> {
  const report = sampleReport();
  const docx = await renderReportDocx(report);
  const xlsx = await renderReportXlsx(report);
  const handmade = readFileSync(
    fileURLToPath(new URL("../../test/office/fixtures/handmade-2020.docx", import.meta.url)),
  );
  const rows: BenchRow[] = [
    row(
      "office: write the sample's .docx (warm)",
      await time(() => renderReportDocx(report), runs),
      "≤ 100 ms",
      `${Math.round(docx.length / 1024)} KB`,
    ),
    row(
      "office: write the sample's .xlsx (warm)",
      await time(() => renderReportXlsx(report), runs),
      "≤ 100 ms",
      `${Math.round(xlsx.length / 1024)} KB`,
    ),
    row("office: read back the sample's .docx (parse + recognise)", await time(() => readOffice(docx), runs)),
    row("office: read back the sample's .xlsx (parse + recognise)", await time(() => readOffice(xlsx), runs)),
    row(
      "office: import a hand-made .docx through the worker",
      await time(() => importOfficeFile("handmade-2020.docx", handmade), Math.min(runs, 20), 2),
      undefined,
      "what a chat waits for: a worker started, the file parsed and recognised, the worker ended",
    ),
  ];
  const big = await bigWorkbook(60_000);
  const lags: number[] = [];
  const idle: number[] = [];
  const took: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const during = await worstDelay(() => importOfficeFile("big.xlsx", big, { timeoutMs: 120_000 }));
    const ms = performance.now() - t0;
    took.push(ms);
    lags.push(during.worst);
    if (!during.result.ok) throw new Error(`big workbook: ${during.result.message}`);
    // the same wait with nothing to do: what the shared machine itself costs a 5 ms timer
    idle.push((await worstDelay(() => new Promise((r) => setTimeout(r, ms)))).worst);
  }
  rows.push(
    row(
      `office: import a ${(big.length / 1024 / 1024).toFixed(1)} MB workbook (60000 rows) in the worker`,
      took,
    ),
    row(
      "office: main-thread event-loop delay while that workbook is read",
      lags,
      undefined,
      `the worst lateness of a 5 ms timer on the chats' thread during the import; the same wait idle: median ${summarize(idle).median.toFixed(1)} ms`,
    ),
  );
  const tooBig = Buffer.alloc(20 * 1024 * 1024, 1);
  rows.push(
    row(
      "office: a 20 MB file refused (size, before parsing)",
      await time(() => importOfficeFile("20MB.xlsx", tooBig), runs),
    ),
  );
  return rows;
}
