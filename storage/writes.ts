import type { PrismaClient } from "../generated/sqlite/client.js";
import { GROUP_MARK, GroupOutcomeUnknown, type GroupThread } from "./groupThread.js";
import type { Delivery, StoredDelivery } from "./inbox.js";
import type { Commit, CommitResult, NewReport, StoredReport } from "./repository.js";
import {
  commitStatements,
  insertDeliveries,
  insertQuestions,
  insertReports,
  markHandled,
  type NewRow,
  type Question,
  type Stmt,
  timestamp,
  toPrisma,
} from "./statements.js";

export { SEQ_PER_VERSION, timestamp } from "./statements.js";

/**
 * Group commit for everything the bot writes while it works: what arrives (the inbox), the commits of
 * the chats' answers, which updates were handled and which questions were sent. Writes that arrive
 * while a transaction runs wait for the next one and go in together — on SQLite with synchronous=FULL
 * every transaction is a flush to disk (~1–3 ms here), so under load the chats answering at one moment
 * share one. On SQLite the transaction runs in a thread of its own (storage/groupThread.ts), on
 * PostgreSQL as Prisma's batch. If a group fails (a stale version, an update
 * applied before), the inbox and the marks are written alone and each commit alone, to tell each caller
 * exactly what happened. Marks and questions are best effort: losing them to a crash only means an
 * update is handled again (and its answer still counts once) or a reply's question is forgotten.
 */
type Client = PrismaClient;

/** At most this many commits in one group transaction. */
const MAX_GROUP = 64;
/** Marks and questions alone wait this long for a commit or an arrival to go with. */
const SIDE_WAIT_MS = 50;

/** What one turn of the writer takes: the items queued, the marks and questions waiting, its time. */
type Group = {
  commits: Extract<Pending, { kind: "commit" }>[];
  receives: Extract<Pending, { kind: "receive" }>[];
  creates: Extract<Pending, { kind: "create" }>[];
  marks: number[];
  marked: (() => void)[];
  questions: Question[];
  at: string;
};

type Pending =
  | { kind: "commit"; c: Commit; resolve: (r: CommitResult) => void; reject: (e: unknown) => void }
  | {
      kind: "create";
      row: NewRow;
      input: NewReport;
      resolve: (r: { created: boolean; report: StoredReport }) => void;
      reject: (e: unknown) => void;
    }
  | {
      kind: "receive";
      deliveries: Delivery[];
      resolve: (r: StoredDelivery[]) => void;
      reject: (e: unknown) => void;
    };

export class GroupWriter {
  private queue: Pending[] = [];
  private marks: number[] = [];
  private marked: (() => void)[] = [];
  private questions = new Map<string, Question>();
  /** the questions of the group being written (not visible to reads until it is committed) */
  private writing = new Map<string, Question>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;

  constructor(
    private readonly db: Client,
    /** runs a write with the repository's retries while the SQLite file is locked */
    private readonly write: <T>(op: () => Promise<T>) => Promise<T>,
    /** a commit alone, with its failure told apart (see PrismaRepository.commitOne) */
    private readonly commitOne: (c: Commit) => Promise<CommitResult>,
    /** a report created alone (one of the same chat, unit and year is found and returned instead) */
    private readonly createOne: (input: NewReport) => Promise<{ created: boolean; report: StoredReport }>,
    /** on SQLite: the group writer's own connection, in a thread of its own (storage/groupThread.ts) */
    private readonly sqlite: GroupThread | null = null,
  ) {}

  /** One transaction of raw statements: in SQLite's thread, or Prisma's batch on PostgreSQL. */
  private transact(stmts: Stmt[]): Promise<unknown[]> {
    return this.write(() =>
      this.sqlite ? this.sqlite.run(stmts) : this.db.$transaction(stmts.map((s) => toPrisma(this.db, s))),
    );
  }

  /** Writes everything waiting and ends SQLite's thread (on close). */
  async close(): Promise<void> {
    await this.drain();
    await this.sqlite?.close();
  }

  /**
   * Creates a report in the next group (a chat's first message is a new report: when many people start
   * at one moment they share a flush to disk as their answers do).
   */
  create(input: NewReport, id: string, createdAt: Date): Promise<{ created: boolean; report: StoredReport }> {
    const row: NewRow = {
      id,
      chatId: input.chatId,
      unit: input.unit,
      year: input.year,
      subject: input.subject ?? "",
      createdAt: timestamp(createdAt),
      ownerId: input.ownerId,
      ownerName: input.ownerName ?? "",
      state: JSON.stringify(input.state),
    };
    return new Promise((resolve, reject) => this.enqueue({ kind: "create", row, input, resolve, reject }));
  }

  commit(c: Commit): Promise<CommitResult> {
    return new Promise((resolve, reject) => this.enqueue({ kind: "commit", c, resolve, reject }));
  }

  /** Stores deliveries not seen before; resolves with those (they are on disk then). */
  receive(deliveries: Delivery[]): Promise<StoredDelivery[]> {
    if (deliveries.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => this.enqueue({ kind: "receive", deliveries, resolve, reject }));
  }

  /** Marks deliveries handled; resolves once written (or given up: the marks are best effort). */
  handled(ids: number[]): Promise<void> {
    this.marks.push(...ids);
    const written = new Promise<void>((resolve) => this.marked.push(resolve));
    this.later();
    return written;
  }

  question(q: Question): void {
    this.questions.set(`${q.chatId}\u0000${q.messageId}`, q);
    this.later();
  }

  /** A question sent and not written yet. */
  pendingQuestion(chatId: string, messageId: string): string | undefined {
    const key = `${chatId}\u0000${messageId}`;
    return (this.questions.get(key) ?? this.writing.get(key))?.awaiting;
  }

  /** Writes everything waiting (on close). */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    this.timer = null;
    this.soon = null;
    while (this.flushing || this.queue.length > 0 || this.marks.length > 0 || this.questions.size > 0) {
      await (this.flushing ?? this.start());
    }
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    if (this.flushing || this.soon) return;
    // the writes of this turn of the event loop go together: the chats answered by the updates of one
    // read from the network share a transaction (and its flush to disk) instead of queueing for one each
    this.soon = setImmediate(() => {
      this.soon = null;
      if (!this.flushing) void this.start();
    });
  }

  private later(): void {
    if (this.flushing || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.flushing) void this.start();
    }, SIDE_WAIT_MS);
  }

  private start(): Promise<void> {
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      // what arrived after the last look at the queue (while this promise settled) is not left behind
      if (this.queue.length > 0) void this.start();
      else if (this.marks.length > 0 || this.questions.size > 0) this.later();
    });
    return this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      await this.flushGroups();
    } finally {
      this.writing = new Map();
    }
  }

  private async flushGroups(): Promise<void> {
    while (this.queue.length > 0 || this.marks.length > 0 || this.questions.size > 0) {
      const batch = this.queue.splice(0, MAX_GROUP);
      const g: Group = {
        commits: batch.filter((p) => p.kind === "commit"),
        receives: batch.filter((p) => p.kind === "receive"),
        creates: batch.filter((p) => p.kind === "create"),
        marks: this.marks.splice(0),
        marked: this.marked.splice(0),
        questions: [...this.questions.values()],
        at: timestamp(new Date()),
      };
      this.writing = this.questions;
      this.questions = new Map();
      const together =
        g.commits.length + g.creates.length > 0 &&
        new Set(g.commits.map((p) => p.c.reportId)).size === g.commits.length &&
        new Set(
          g.creates.map((p) => `${p.row.chatId}\u0000${p.row.unit}\u0000${p.row.year}\u0000${p.row.subject}`),
        ).size === g.creates.length;
      if (!together || !(await this.together(g))) await this.alone(g);
    }
  }

  /** The arrivals and the marks: the first statements of a group. */
  private side(g: Group): Stmt[] {
    return [
      ...g.receives.map((r) => insertDeliveries(r.deliveries, g.at)),
      ...(g.marks.length > 0 ? [markHandled(g.marks, g.at)] : []),
    ];
  }

  /** Everything of the group in one transaction; false when some commit of it cannot apply (then alone). */
  private async together(g: Group): Promise<boolean> {
    const { commits, receives, creates, at } = g;
    try {
      const made =
        creates.length > 0
          ? insertReports(
              creates.map((p) => p.row),
              at,
            )
          : [];
      const head = [
        ...this.side(g),
        ...(g.questions.length > 0 ? insertQuestions(g.questions, at) : []),
        ...made,
      ];
      const { updates, rest } = commitStatements(
        commits.map((p) => p.c),
        at,
      );
      const results = await this.transact([...head, ...updates, ...rest]).catch(async (e: unknown) => {
        // SQLite's thread ended with the group in hand: what it committed (all or nothing) is read back
        const mark = e instanceof GroupOutcomeUnknown ? await this.markOf(e) : null;
        if (mark === null) throw e;
        const present = await this.db.report.findMany({
          where: { id: { in: commits.map((p) => p.c.reportId) } },
          select: { id: true },
        });
        const found = new Set(present.map((r) => r.id));
        return [
          ...(await this.storedSince(receives, mark)),
          ...Array(head.length - receives.length).fill(0),
          // a report gone before the group ran was not updated (no row for its version guard to guard)
          ...commits.map((p) => (found.has(p.c.reportId) ? 1 : 0)),
        ];
      });
      this.settleReceives(receives, results);
      commits.forEach((p, i) => {
        // no row: the report was deleted meanwhile (its version guard had nothing to guard)
        const count = Number(results[head.length + i]);
        p.resolve(
          count === 1
            ? { ok: true, version: p.c.expectedVersion + 1 }
            : { ok: false, reason: "missing", version: null },
        );
      });
      for (const p of creates) p.resolve({ created: true, report: stored(p.row, at) });
      for (const f of g.marked) f();
      return true;
    } catch {
      return false;
    }
  }

  /** The arrivals and marks in one transaction, the questions in another, then each create and commit alone. */
  private async alone(g: Group): Promise<void> {
    const { receives, at } = g;
    if (receives.length + g.marks.length > 0) {
      try {
        const results = await this.transact(this.side(g)).catch(async (e: unknown) => {
          if (!(e instanceof GroupOutcomeUnknown)) throw e;
          // written by the thread before it ended (its mark tells), or not at all: then written now
          const mark = await this.markOf(e);
          return mark === null ? await this.transact(this.side(g)) : await this.storedSince(receives, mark);
        });
        this.settleReceives(receives, results);
      } catch (e) {
        for (const r of receives) r.reject(e);
      }
    }
    if (g.questions.length > 0) {
      // best effort: only which question those messages asked is forgotten
      await this.transact(insertQuestions(g.questions, at)).catch(() => {});
    }
    for (const f of g.marked) f();
    for (const p of g.creates) {
      try {
        p.resolve(await this.createOne(p.input));
      } catch (e) {
        p.reject(e);
      }
    }
    for (const p of g.commits) {
      try {
        p.resolve(await this.commitOne(p.c));
      } catch (e) {
        p.reject(e);
      }
    }
  }

  /**
   * A group whose outcome is unknown was committed if and only if its mark is in the inbox table (the
   * thread writes it first in the group's transaction: storage/groupThread.ts); the mark's id, or null.
   */
  private async markOf(e: GroupOutcomeUnknown): Promise<number | null> {
    const row = await this.db.inboxUpdate.findUnique({
      where: { source_key: { source: GROUP_MARK, key: e.mark } },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  /**
   * What each receive of a committed group stored, as its INSERT … RETURNING would have told: the rows of
   * its deliveries written after the group's mark (ids grow), each to the first receive that carried it.
   */
  private async storedSince(
    receives: Extract<Pending, { kind: "receive" }>[],
    mark: number,
  ): Promise<unknown[]> {
    const wanted = receives.flatMap((r) => r.deliveries.map((d) => ({ source: d.source, key: d.key })));
    const rows =
      wanted.length === 0
        ? []
        : await this.db.inboxUpdate.findMany({
            where: { OR: wanted, id: { gt: mark } },
            select: { id: true, source: true, key: true },
          });
    const left = new Map(rows.map((r) => [`${r.source}\u0000${r.key}`, r]));
    return receives.map((r) =>
      r.deliveries.flatMap((d) => {
        const k = `${d.source}\u0000${d.key}`;
        const row = left.get(k);
        left.delete(k);
        return row ? [row] : [];
      }),
    );
  }

  private settleReceives(receives: Extract<Pending, { kind: "receive" }>[], results: unknown[]): void {
    receives.forEach((r, i) => {
      const rows = results[i] as { id: number | bigint; source: string; key: string }[];
      const ids = new Map(rows.map((x) => [`${x.source}\u0000${x.key}`, Number(x.id)]));
      r.resolve(
        r.deliveries.flatMap((d) => {
          const id = ids.get(`${d.source}\u0000${d.key}`);
          return id === undefined ? [] : [{ ...d, id }];
        }),
      );
    });
  }
}

/** The report as stored by the group's insert (a fresh copy of its state, as a read would give). */
function stored(row: NewRow, at: string): StoredReport {
  return {
    id: row.id,
    chatId: row.chatId,
    unit: row.unit,
    year: row.year,
    subject: row.subject,
    status: "draft",
    version: 0,
    state: JSON.parse(row.state),
    ownerId: row.ownerId,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(at),
  };
}
