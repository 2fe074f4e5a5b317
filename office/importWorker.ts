import { parentPort, workerData } from "node:worker_threads";
import { readOffice } from "./read/index.js";

/** The importer's worker: parses one file off the chats' thread (office/importer.ts starts and bounds it). */
const bytes = workerData as Uint8Array;
readOffice(bytes).then(
  (r) => parentPort?.postMessage(r),
  () => parentPort?.postMessage({ ok: false, reason: "unreadable" }),
);
