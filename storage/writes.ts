import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "../generated/sqlite/client.js";
import type { Delivery, StoredDelivery } from "./inbox.js";
import type { Commit, CommitResult } from "./repository.js";

/**
 * Group commit for everything the bot writes while it works: what arrives (the inbox), the commits of
 * the chats' answers, which updates were handled and which questions were sent. Writes that arrive
 * while a transaction runs wait for the next one and go in together — on SQLite with synchronous=FULL
 * every transaction is a flush to disk (~1 ms here) on top of Prisma's own cost (~1.3 ms), so under
 * load the chats answering at one moment share one. If a group fails (a stale version, an update
 * applied before), the inbox and the marks are written alone and each commit alone, to tell each caller
 * exactly what happened. Marks and questions are best effort: losing them to a crash only means an
 * update is handled again (and its answer still counts once) or a reply's question is forgotten.
 */
type Client = PrismaClient;

/** Answer.seq = version × this + place in the commit (a commit holds fewer answers than this). */
export const SEQ_PER_VERSION = 1000;
/** At most this many commits in one group transaction. */
const MAX_GROUP = 64;
/** Marks and questions alone wait this long for a commit or an arrival to go with. */
const SIDE_WAIT_MS = 50;

type Pending =
  | { kind: "commit"; c: Commit; resolve: (r: CommitResult) => void; reject: (e: unknown) => void }
  | {
      kind: "receive";
      deliveries: Delivery[];
      resolve: (r: StoredDelivery[]) => void;
      reject: (e: unknown) => void;
    };
type Question = { chatId: string; messageId: string; awaiting: string };

/** A timestamp as Prisma writes it (ISO 8601 with an explicit offset), for raw statements on both databases. */
export function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export class GroupWriter {
  private queue: Pending[] = [];
  private marks: number[] = [];
  private marked: (() => void)[] = [];
  private questions = new Map<string, Question>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Client,
    /** runs a write with the repository's retries while the SQLite file is locked */
    private readonly write: <T>(op: () => Promise<T>) => Promise<T>,
    /** a commit alone, with its failure told apart (see PrismaRepository.commitOne) */
    private readonly commitOne: (c: Commit) => Promise<CommitResult>,
  ) {}

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
    return this.questions.get(`${chatId}\u0000${messageId}`)?.awaiting;
  }

  /** Writes everything waiting (on close). */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing || this.queue.length > 0 || this.marks.length > 0 || this.questions.size > 0) {
      await (this.flushing ?? this.start());
    }
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    if (!this.flushing) void this.start();
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
    while (this.queue.length > 0 || this.marks.length > 0 || this.questions.size > 0) {
      const batch = this.queue.splice(0, MAX_GROUP);
      const commits = batch.filter((p) => p.kind === "commit");
      const receives = batch.filter((p) => p.kind === "receive");
      const marks = this.marks.splice(0);
      const marked = this.marked.splice(0);
      const questions = [...this.questions.values()];
      this.questions.clear();
      const together =
        commits.length > 0 && new Set(commits.map((p) => p.c.reportId)).size === commits.length;
      const side = () => [
        ...receives.map((r) => this.insertOp(r.deliveries)),
        ...(marks.length > 0 ? [this.markOp(marks)] : []),
      ];
      const asked = () => (questions.length > 0 ? [this.questionOp(questions)] : []);
      let done = false;
      if (together) {
        try {
          const results = await this.write(() =>
            this.db.$transaction([
              ...side(),
              ...asked(),
              ...groupOps(
                this.db,
                commits.map((p) => p.c),
              ),
            ]),
          );
          this.settleReceives(receives, results);
          for (const p of commits) p.resolve({ ok: true, version: p.c.expectedVersion + 1 });
          for (const f of marked) f();
          done = true;
        } catch {
          // some commit of the group cannot apply: the rest alone, below
        }
      }
      if (done) continue;
      if (receives.length + marks.length > 0) {
        try {
          this.settleReceives(receives, await this.write(() => this.db.$transaction(side())));
        } catch (e) {
          for (const r of receives) r.reject(e);
        }
      }
      if (questions.length > 0) {
        // best effort: only which question those messages asked is forgotten
        await this.write(() => this.db.$transaction(asked())).catch(() => {});
      }
      for (const f of marked) f();
      for (const p of commits) {
        try {
          p.resolve(await this.commitOne(p.c));
        } catch (e) {
          p.reject(e);
        }
      }
    }
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

  /** One INSERT for a batch of deliveries, the same SQL on SQLite and PostgreSQL. */
  private insertOp(deliveries: Delivery[]) {
    const at = timestamp(new Date());
    const values = Prisma.join(
      deliveries.map((d) => Prisma.sql`(${d.source}, ${d.key}, ${d.chatId}, ${d.payload}, ${at})`),
    );
    return this.db.$queryRaw<{ id: number | bigint; source: string; key: string }[]>(
      Prisma.sql`INSERT INTO "InboxUpdate" ("source", "key", "chatId", "payload", "receivedAt") VALUES ${values}
        ON CONFLICT ("source", "key") DO NOTHING RETURNING "id", "source", "key"`,
    );
  }

  private markOp(ids: number[]) {
    return this.db.inboxUpdate.updateMany({ where: { id: { in: ids } }, data: { doneAt: new Date() } });
  }

  private questionOp(rows: Question[]) {
    // typed (a raw statement costs Prisma about three times as much); a message id is remembered once
    return this.db.sentQuestion.createMany({ data: rows });
  }
}

/** The statements of one commit: the update applied (once), the report's new state, answers, audit. */
export function commitOps(db: Client, c: Commit): Prisma.PrismaPromise<unknown>[] {
  const answers = answerRows(c);
  return [
    ...(c.updateKey !== undefined
      ? [
          db.appliedUpdate.create({
            data: { reportId: c.reportId, key: c.updateKey, version: c.expectedVersion + 1 },
          }),
        ]
      : []),
    reportUpdate(db, c),
    ...(answers.length > 0 ? [db.answer.createMany({ data: answers })] : []),
    ...(c.audit ? [db.auditLog.create({ data: auditRow(c) })] : []),
  ];
}

/** The statements of several commits (of different reports), applied in one transaction. */
function groupOps(db: Client, cs: Commit[]): Prisma.PrismaPromise<unknown>[] {
  const keyed = cs.filter((c) => c.updateKey !== undefined);
  const answers = cs.flatMap(answerRows);
  const audits = cs.flatMap((c) => (c.audit ? [auditRow(c)] : []));
  return [
    ...(keyed.length > 0
      ? [
          db.appliedUpdate.createMany({
            data: keyed.map((c) => ({
              reportId: c.reportId,
              key: c.updateKey as string,
              version: c.expectedVersion + 1,
            })),
          }),
        ]
      : []),
    ...cs.map((c) => reportUpdate(db, c)),
    ...(answers.length > 0 ? [db.answer.createMany({ data: answers })] : []),
    ...(audits.length > 0 ? [db.auditLog.createMany({ data: audits })] : []),
  ];
}

function reportUpdate(db: Client, c: Commit) {
  return db.report.update({
    where: { id: c.reportId, version: c.expectedVersion },
    data: {
      version: c.expectedVersion + 1,
      state: JSON.stringify(c.state),
      ...(c.status && { status: c.status }),
      ...(c.identity && { unit: c.identity.unit, year: c.identity.year }),
    },
    select: { version: true },
  });
}

function answerRows(c: Commit) {
  const next = c.expectedVersion + 1;
  // seq: the version that accepted the answer, then its place in the commit: ordered as committed
  return (c.answers ?? []).map((a, i) => ({
    id: randomUUID(),
    reportId: c.reportId,
    seq: next * SEQ_PER_VERSION + i,
    field: a.field,
    value: a.value,
    previous: a.previous,
    by: c.by,
  }));
}

function auditRow(c: Commit) {
  return {
    id: randomUUID(),
    reportId: c.reportId,
    actor: c.by,
    action: c.audit?.action ?? "",
    detail: c.audit?.detail ?? "",
  };
}
