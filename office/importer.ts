import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ImportedFile } from "../core/imported.js";
import { IMPORT_LIMITS, refusalText, sniff } from "./sniff.js";

/**
 * Reading a Word or Excel file that a user sent, without stalling the other chats: the bytes are checked
 * first (kind, size, unpacked size: office/sniff.ts), then parsed in a worker thread with a memory cap and
 * a time limit, one file at a time per process (a few more wait their turn; past that the user is asked
 * to send it again later). What comes back is what office/recognise found, for the user to confirm.
 */
export type ImportResult = { ok: true; file: ImportedFile } | { ok: false; message: string };

export interface ImportOptions {
  /** how long one file may be parsed (default 20 s) */
  timeoutMs?: number;
  /** the worker's heap (default 384 MB) */
  heapMb?: number;
}

const MAX_WAITING = 4;
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** The worker's script: beside this module once built (dist/office/), or the built one when run from source. */
function workerUrl(): URL {
  const here = new URL("./importWorker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL("../dist/office/importWorker.js", import.meta.url);
}

export async function importOfficeFile(
  name: string,
  bytes: Uint8Array,
  o: ImportOptions = {},
): Promise<ImportResult> {
  const s = sniff(bytes);
  if (!s.ok) return { ok: false, message: refusalText(name, s.reason) };
  if (waiting >= MAX_WAITING) return { ok: false, message: "正在读取其他文件，请过一两分钟再发送。" };
  waiting++;
  const run = queue.then(() => inWorker(name, bytes, o));
  queue = run.catch(() => undefined);
  try {
    return await run;
  } finally {
    waiting--;
  }
}

function inWorker(name: string, bytes: Uint8Array, o: ImportOptions): Promise<ImportResult> {
  const timeoutMs = o.timeoutMs ?? 20_000;
  return new Promise((resolve) => {
    const worker = new Worker(workerUrl(), {
      workerData: bytes,
      resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 384 },
    });
    let done = false;
    const finish = (r: ImportResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => {
      finish({
        ok: false,
        message: `“${name}”内容太多，${Math.round(timeoutMs / 1000)} 秒内没有读完。请只保留报告和附表后再发送。`,
      });
    }, timeoutMs);
    worker.on("message", (r: { ok: true; file: ImportedFile } | { ok: false; reason: string }) => {
      if (r.ok) finish(r);
      else if (r.reason === "unreadable") finish({ ok: false, message: unreadable(name) });
      else finish({ ok: false, message: refusalText(name, r.reason as Parameters<typeof refusalText>[1]) });
    });
    worker.on("error", (e: Error & { code?: string }) => {
      finish({
        ok: false,
        message:
          e.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? `“${name}”内容太多，读取时超出了内存限制。请只保留报告和附表后再发送。`
            : unreadable(name),
      });
    });
    worker.on("exit", () => finish({ ok: false, message: unreadable(name) }));
  });
}

const unreadable = (name: string) =>
  `“${name}”无法读取（文件可能已损坏）。请在 Word 或 Excel 中打开后重新保存为 .docx 或 .xlsx 再发送。`;

export { IMPORT_LIMITS };
