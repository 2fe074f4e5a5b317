import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Reply, Request, ThreadOptions } from "./groupWorker.js";
import type { Stmt } from "./statements.js";

/** The thread's script: beside this module once built (dist/storage/), or the built one when run from source. */
function workerUrl(): URL {
  const here = new URL("./groupWorker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL("../dist/storage/groupWorker.js", import.meta.url);
}

/** An error of the group's transaction as SQLite gave it (its message and code: "database is locked"…). */
class GroupError extends Error {
  override name = "SqliteError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type Pending = { resolve: (v: unknown[]) => void; reject: (e: unknown) => void };

/**
 * The group writer's transactions on SQLite, on a connection of their own in a thread of their own.
 * better-sqlite3 is synchronous: on the chats' thread each group's statements and its commit's flush to
 * disk (synchronous=FULL: ~3 ms here) stopped every chat meanwhile, a fifth of the bot's time under load.
 * Here the chats' thread sends the group (plain SQL and values, one message) and goes on with other chats
 * until the answer comes. WAL mode: the other connection reads while this one writes, and sees each
 * group once it is committed; a write lock held elsewhere is waited for here, off the chats' thread.
 */
export class GroupThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The connection is open (its thread started, the file opened); rejects with why it could not. */
  readonly ready: Promise<void>;

  constructor(private readonly options: ThreadOptions) {
    // started with the repository: the first people to write do not wait for a thread to start
    this.ready = new Promise<void>((resolve, reject) => {
      this.pending.set(0, { resolve: () => resolve(), reject });
    });
    this.start().ref();
  }

  run(stmts: Stmt[]): Promise<unknown[]> {
    return this.call({
      id: 0,
      stmts: stmts.map((s) => ({ sql: s.sql.sql, values: s.sql.values as unknown[], rows: s.rows })),
    });
  }

  /** Ends the thread and closes its connection (after the groups in hand). */
  async close(): Promise<void> {
    if (!this.worker) return;
    await this.call({ id: 0, close: true }).catch(() => {});
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private call(req: Request): Promise<unknown[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    if (this.pending.size === 0) worker.ref();
    return new Promise<unknown[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  }

  private start(): Worker {
    const worker = new Worker(workerUrl(), { workerData: this.options });
    worker.on("message", (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) worker.unref();
      if (r.ok) p.resolve(r.results);
      else p.reject(new GroupError(r.error.message, r.error.code));
    });
    // a thread that failed is replaced by the next group; the groups in hand are told (and applied alone)
    const fail = (e: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", () => fail(new Error("the database thread has ended")));
    // it keeps the process alive only while a group is in hand (an idle bot exits when asked to)
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
