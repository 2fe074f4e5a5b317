import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Reply, Request, ThreadOptions } from "./groupWorker.js";
import { type Stmt, timestamp } from "./statements.js";

/**
 * The source of the mark each group leaves in the inbox table: a row already handled (never handed out),
 * written first in the group's transaction in place of the group before's. Its key is the group's own;
 * its id is below every delivery the group stored and above every one stored before (ids only grow).
 */
export const GROUP_MARK = "zipin:group";

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

type Pending = { resolve: (v: unknown[]) => void; reject: (e: unknown) => void; mark: string };

/**
 * The thread ended while a group was in its hands: whether that group was committed is not known (it may
 * have ended between COMMIT and its answer). The group writer reads back what it finds instead of
 * writing the group again (storage/writes.ts).
 */
export class GroupOutcomeUnknown extends Error {
  override name = "GroupOutcomeUnknown";
  constructor(
    message: string,
    /** the key of the group's mark (GROUP_MARK): found in the inbox table if and only if it was committed */
    readonly mark: string,
  ) {
    super(message);
  }
}

/** One thread and the groups in its hands (a thread's end concerns its own groups only). */
type Running = { worker: Worker; pending: Map<number, Pending> };

/**
 * The group writer's transactions on SQLite, on a connection of their own in a thread of their own.
 * better-sqlite3 is synchronous: on the chats' thread each group's statements and its commit's flush to
 * disk (synchronous=FULL: ~3 ms here) stopped every chat meanwhile, a fifth of the bot's time under load.
 * Here the chats' thread sends the group (plain SQL and values, one message) and goes on with other chats
 * until the answer comes. WAL mode: the other connection reads while this one writes, and sees each
 * group once it is committed. A write lock held elsewhere: a short wait there, then the repository's
 * retries (storage/prisma.ts).
 */
export class GroupThread {
  private running: Running | null = null;
  private nextId = 1;
  private closed = false;
  /** The connection is open (its thread started, the file opened); rejects with why it could not. */
  readonly ready: Promise<void>;

  constructor(private readonly options: ThreadOptions) {
    // started with the repository: the first people to write do not wait for a thread to start
    const first = this.start();
    this.ready = new Promise<void>((resolve, reject) => {
      first.pending.set(0, { resolve: () => resolve(), reject, mark: "" });
    });
    first.worker.ref();
  }

  /** The group's results, one per statement; rejects with GroupOutcomeUnknown if the thread ends meanwhile. */
  async run(stmts: Stmt[]): Promise<unknown[]> {
    const mark = randomUUID();
    const at = timestamp(new Date());
    const marked = [
      // the mark of the group before is not needed any more (it was read back, if at all, before this one)
      { sql: `DELETE FROM "InboxUpdate" WHERE "source" = ?`, values: [GROUP_MARK], rows: false },
      {
        sql: `INSERT INTO "InboxUpdate" ("source", "key", "chatId", "payload", "receivedAt", "doneAt") VALUES (?, ?, '', '', ?, ?)`,
        values: [GROUP_MARK, mark, at, at],
        rows: false,
      },
      ...stmts.map((s) => ({ sql: s.sql.sql, values: s.sql.values as unknown[], rows: s.rows })),
    ];
    return (await this.call({ id: 0, stmts: marked }, mark)).slice(2);
  }

  /** Ends the thread and closes its connection (after the groups in hand). */
  async close(): Promise<void> {
    const r = this.running;
    if (!r) return;
    await this.call({ id: 0, close: true }, "").catch(() => {});
    if (this.running === r) this.running = null;
    this.closed = true;
    await r.worker.terminate();
  }

  private call(req: Request, mark: string): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error("the database thread is closed"));
    const r = this.running ?? this.start();
    const id = this.nextId++;
    if (r.pending.size === 0) r.worker.ref();
    return new Promise<unknown[]>((resolve, reject) => {
      r.pending.set(id, { resolve, reject, mark });
      r.worker.postMessage({ ...req, id });
    });
  }

  private start(): Running {
    const worker = new Worker(workerUrl(), { workerData: this.options });
    const r: Running = { worker, pending: new Map() };
    worker.on("message", (m: Reply) => {
      const p = r.pending.get(m.id);
      r.pending.delete(m.id);
      if (r.pending.size === 0) worker.unref();
      if (!p) return;
      if (m.ok) p.resolve(m.results);
      else p.reject(new GroupError(m.error.message, m.error.code));
    });
    // a thread that ended is replaced by the next group; its groups in hand are told their outcome is unknown
    let ended = false;
    const end = (e: unknown) => {
      if (ended) return;
      ended = true;
      if (this.running === r) this.running = null;
      const why = e instanceof Error ? e.message : String(e);
      for (const [id, p] of r.pending)
        p.reject(id === 0 ? e : new GroupOutcomeUnknown(`the database thread has ended (${why})`, p.mark));
      r.pending.clear();
    };
    worker.on("error", end);
    worker.on("exit", (code) => end(new Error(`exit ${code}`)));
    // it keeps the process alive only while a group is in hand (an idle bot exits when asked to)
    worker.unref();
    this.running = r;
    return r;
  }
}
