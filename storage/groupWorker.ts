import { parentPort, workerData } from "node:worker_threads";
import Database, { type Statement } from "better-sqlite3";

/**
 * The group writer's connection (storage/groupThread.ts): runs each group it is sent in one transaction
 * and answers with the results, or with the error that rolled it back.
 */
export type Plain = { sql: string; values: unknown[]; rows: boolean };
export type Request = { id: number; stmts: Plain[] } | { id: number; close: true };
export type Reply =
  | { id: number; ok: true; results: unknown[] }
  | { id: number; ok: false; error: { message: string; code?: string } };
export type ThreadOptions = { file: string; busyTimeoutMs: number };

/** Distinct statements kept prepared (a group's INSERTs differ by their number of rows). */
const MAX_PREPARED = 400;

const port = parentPort;
if (port) {
  const { file, busyTimeoutMs } = workerData as ThreadOptions;
  // a lock held elsewhere: a short wait here, then the repository waits and tries again (storage/prisma.ts)
  // the file exists (the repository opened it first): if it went meanwhile, no new empty one is made
  const db = new Database(file, { timeout: busyTimeoutMs, fileMustExist: true });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  const prepared = new Map<string, Statement>();
  const statement = (sql: string) => {
    let st = prepared.get(sql);
    if (!st) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      st = db.prepare(sql);
      prepared.set(sql, st);
    }
    return st;
  };
  const group = db.transaction((stmts: Plain[]) =>
    stmts.map((s) =>
      s.rows ? statement(s.sql).all(...s.values) : statement(s.sql).run(...s.values).changes,
    ),
  ).immediate;
  // ready: the connection is open (id 0)
  port.postMessage({ id: 0, ok: true, results: [] } satisfies Reply);
  port.on("message", (m: Request) => {
    if (typeof m !== "object" || m === null) return;
    if ("close" in m) {
      db.close();
      port.postMessage({ id: m.id, ok: true, results: [] } satisfies Reply);
      return;
    }
    try {
      port.postMessage({ id: m.id, ok: true, results: group(m.stmts) } satisfies Reply);
    } catch (e) {
      const err = e as { message?: string; code?: string };
      port.postMessage({
        id: m.id,
        ok: false,
        error: { message: err.message ?? String(e), ...(err.code && { code: err.code }) },
      } satisfies Reply);
    }
  });
}
