import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { Prisma, PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import type { Inbox } from "./inbox.js";
import { DEFAULT_SQLITE_FILE, isPostgresUrl } from "./url.js";

export { describeOpenError, StorageUnavailable } from "./errors.js";
export { DEFAULT_SQLITE_FILE, isPostgresUrl } from "./url.js";

import { BUSY_DEADLINE_MS, BUSY_TIMEOUT_MS, isBusy, StorageUnavailable } from "./errors.js";
import { GroupThread } from "./groupThread.js";
import { migratePg, migrateSqlite } from "./migrate.js";
import { PrismaInbox } from "./prismaInbox.js";
import type {
  AnswerRecord,
  AuditRecord,
  Commit,
  CommitResult,
  DraftRecord,
  GroupContact,
  NewReport,
  ReportRepository,
  ReportStatus,
  Role,
  StoredReport,
} from "./repository.js";
import { serialized } from "./serialized.js";
import { commitOps } from "./statements.js";
import { GroupWriter } from "./writes.js";

/** The project folder (holds prisma/): found upwards from this module, from the sources (tests) as from dist/. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "prisma", "sqlite", "migrations"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("prisma/sqlite/migrations not found above the storage module");
    dir = up;
  }
  return dir;
}
const ROOT = projectRoot();

type Client = SqliteClient; // the PostgreSQL client has the same model API; its class is not assignable

export { SEQ_PER_VERSION } from "./writes.js";

function toStored(r: {
  id: string;
  chatId: string;
  unit: string;
  year: number;
  subject: string;
  status: string;
  version: number;
  state: string;
  ownerId: string;
  createdAt: Date;
  updatedAt: Date;
}): StoredReport {
  return { ...r, status: r.status as ReportStatus, state: JSON.parse(r.state) };
}

const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/** The repository on Prisma ORM 7 with a driver adapter (SQLite or PostgreSQL). */
export class PrismaRepository implements ReportRepository {
  readonly inbox: Inbox;

  constructor(
    private readonly db: Client,
    private readonly onClose: () => Promise<void> = async () => {},
    /** throws when the database file is gone (SQLite); nothing to check on PostgreSQL */
    private readonly guard: () => void = () => {},
    /** SQLite: the group writer's connection, in a thread of its own (storage/groupThread.ts) */
    sqlite: GroupThread | null = null,
  ) {
    this.writer = new GroupWriter(
      db,
      (op) => this.write(op),
      (c) => this.commitOne(c),
      (input) => this.createOne(input),
      sqlite,
    );
    this.inbox = new PrismaInbox(db, this.writer, (op) => this.write(op));
  }

  private readonly writer: GroupWriter;
  private lastCreated = 0;

  /**
   * A write, retried while another connection holds the SQLite file's lock. The driver's own wait is
   * synchronous (it would freeze every chat), so it is kept to a few milliseconds and the retries wait
   * asynchronously, for up to 5 s in all; then the error goes up (the user is told it was not saved).
   */
  private async write<T>(op: () => Promise<T>): Promise<T> {
    this.guard();
    const deadline = Date.now() + BUSY_DEADLINE_MS;
    for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
      try {
        return await op();
      } catch (e) {
        if (!isBusy(e) || Date.now() + pause > deadline) throw e;
        if (process.env.ZIPIN_DEBUG_BUSY) process.stderr.write(`busy ${pause}\n`);
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  /** A new report goes in the next group transaction; an existing chat/unit/year is returned instead. */
  async create(input: NewReport) {
    const existing = await this.findIdentity(input);
    if (existing) return { created: false, report: toStored(existing) };
    this.guard();
    return this.writer.create(input, randomUUID(), this.nextCreatedAt());
  }

  /** Reports are listed in the order they were started: two started within a millisecond stay in order. */
  private nextCreatedAt(): Date {
    const createdAt = new Date(Math.max(Date.now(), this.lastCreated + 1));
    this.lastCreated = createdAt.getTime();
    return createdAt;
  }

  private findIdentity(input: NewReport) {
    return this.db.report.findUnique({
      where: {
        chatId_unit_year_subject: {
          chatId: input.chatId,
          unit: input.unit,
          year: input.year,
          subject: input.subject ?? "",
        },
      },
    });
  }

  /** A report created alone: the fallback of a group that failed (e.g. the same report created meanwhile). */
  private async createOne(input: NewReport) {
    const find = () => this.findIdentity(input);
    const existing = await find();
    if (existing) return { created: false, report: toStored(existing) };
    const createdAt = this.nextCreatedAt();
    try {
      const report = await this.write(() =>
        this.db.report.create({
          data: {
            id: randomUUID(),
            createdAt,
            chatId: input.chatId,
            unit: input.unit,
            year: input.year,
            subject: input.subject ?? "",
            ownerId: input.ownerId,
            state: JSON.stringify(input.state),
            members: {
              create: {
                userId: input.ownerId,
                role: "owner",
                addedBy: input.ownerId,
                name: input.ownerName ?? "",
              },
            },
          },
        }),
      );
      return { created: true, report: toStored(report) };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const raced = await find(); // created by someone else at the same moment
      if (!raced) throw e;
      return { created: false, report: toStored(raced) };
    }
  }

  async get(id: string) {
    const r = await this.db.report.findUnique({ where: { id } });
    return r ? toStored(r) : null;
  }

  async findByChat(chatId: string) {
    const rows = await this.db.report.findMany({ where: { chatId }, orderBy: { updatedAt: "desc" } });
    return rows.map(toStored);
  }

  async currentOf(chatId: string) {
    const row = await this.db.chatCurrent.findUnique({ where: { chatId }, select: { reportId: true } });
    return row?.reportId ?? null;
  }

  async setCurrent(chatId: string, reportId: string) {
    await this.write(() =>
      this.db.chatCurrent.upsert({
        where: { chatId },
        create: { chatId, reportId },
        update: { reportId, at: new Date() },
      }),
    );
  }

  /**
   * Commits go through the group writer (storage/writes.ts): those that arrive while a transaction runs
   * share the next one. One that cannot apply (a stale version, a unit and year another report of the
   * chat has) fails its group, and the writer applies each commit alone to tell which and why.
   */
  async commit(c: Commit): Promise<CommitResult> {
    return this.writer.commit(c);
  }

  private async commitOne(c: Commit): Promise<CommitResult> {
    // One batch transaction (no interactive transaction: that costs ~4 ms a commit on SQLite, the batch
    // a fraction of it). Its statements fail, and so roll it all back, exactly when the commit must not
    // apply: the update key already applied (unique), or the version moved (no row to update).
    const next = c.expectedVersion + 1;
    if (c.identity) {
      const self = await this.db.report.findUnique({
        where: { id: c.reportId },
        select: { chatId: true, subject: true },
      });
      const other =
        self &&
        (await this.db.report.findFirst({
          where: {
            chatId: self.chatId,
            unit: c.identity.unit,
            year: c.identity.year,
            subject: c.identity.subject ?? self.subject,
            id: { not: c.reportId },
          },
          select: { id: true },
        }));
      if (other) return { ok: false, reason: "taken", version: await this.versionOf(c.reportId) };
    }
    const db = this.db;
    try {
      await this.write(() => db.$transaction(commitOps(db, c)));
      return { ok: true, version: next };
    } catch (e) {
      const code = e instanceof Prisma.PrismaClientKnownRequestError ? e.code : undefined;
      const version = await this.versionOf(c.reportId);
      if (code === "P2002" && c.updateKey !== undefined) {
        const seen = await db.appliedUpdate.findUnique({
          where: { reportId_key: { reportId: c.reportId, key: c.updateKey } },
        });
        if (seen) return { ok: false, reason: "duplicate", version };
        if (c.identity) return { ok: false, reason: "taken", version }; // another report took it meanwhile
      }
      if (code === "P2002" && c.identity) return { ok: false, reason: "taken", version };
      if (code === "P2025") {
        return version === null
          ? { ok: false, reason: "missing", version: null }
          : { ok: false, reason: "conflict", version };
      }
      throw e;
    }
  }

  private async versionOf(id: string): Promise<number | null> {
    return (await this.db.report.findUnique({ where: { id }, select: { version: true } }))?.version ?? null;
  }

  async history(reportId: string, field?: string): Promise<AnswerRecord[]> {
    const rows = await this.db.answer.findMany({
      where: { reportId, ...(field !== undefined && { field }) },
      orderBy: { seq: "asc" },
    });
    return rows.map((a) => ({
      seq: a.seq,
      field: a.field,
      value: a.value,
      previous: a.previous,
      by: a.by,
      at: a.at,
    }));
  }

  async setMember(reportId: string, userId: string, role: Role, addedBy: string, name?: string) {
    await this.write(() =>
      this.db.member.upsert({
        where: { reportId_userId: { reportId, userId } },
        create: { reportId, userId, role, addedBy, name: name ?? "" },
        update: { role, addedBy, ...(name !== undefined && { name }) },
      }),
    );
  }

  async renameMember(reportId: string, userId: string, name: string) {
    await this.write(() => this.db.member.updateMany({ where: { reportId, userId }, data: { name } }));
  }

  async removeMember(reportId: string, userId: string) {
    await this.write(() => this.db.member.deleteMany({ where: { reportId, userId } }));
  }

  /**
   * Questions sent are written with the next group of writes (or within 50 ms): a crash in that window
   * forgets which question those few messages asked, and a reply to one of them is then taken as an
   * answer to the current question — as before this was stored at all.
   */
  async rememberQuestion(chatId: string, messageId: string, awaiting: string, durable = false) {
    if (!durable) {
      this.writer.question({ chatId, messageId, awaiting });
      return;
    }
    await this.write(() =>
      this.db.sentQuestion.upsert({
        where: { chatId_messageId: { chatId, messageId } },
        create: { chatId, messageId, awaiting },
        update: { awaiting, at: new Date() },
      }),
    );
  }

  async applied(reportId: string, key: string) {
    const seen = await this.db.appliedUpdate.findUnique({ where: { reportId_key: { reportId, key } } });
    return seen !== null;
  }

  async questionOf(chatId: string, messageId: string) {
    const pending = this.writer.pendingQuestion(chatId, messageId);
    if (pending !== undefined) return pending;
    const q = await this.db.sentQuestion.findUnique({ where: { chatId_messageId: { chatId, messageId } } });
    return q?.awaiting ?? null;
  }

  async members(reportId: string) {
    const rows = await this.db.member.findMany({ where: { reportId }, orderBy: { userId: "asc" } });
    return rows.map((m) => ({ userId: m.userId, role: m.role as Role, name: m.name }));
  }

  async saveDraft(reportId: string, d: Omit<DraftRecord, "id" | "at">): Promise<DraftRecord> {
    const row = await this.write(() => this.db.draft.create({ data: { id: randomUUID(), reportId, ...d } }));
    return { ...d, id: row.id, at: row.at };
  }

  async drafts(reportId: string): Promise<DraftRecord[]> {
    const rows = await this.db.draft.findMany({ where: { reportId }, orderBy: { at: "asc" } });
    return rows.map((r) => ({
      id: r.id,
      section: r.section as DraftRecord["section"],
      text: r.text,
      source: r.source as DraftRecord["source"],
      model: r.model,
      templateVersion: r.templateVersion,
      status: r.status as DraftRecord["status"],
      at: r.at,
    }));
  }

  async auditLog(reportId: string): Promise<AuditRecord[]> {
    const rows = await this.db.auditLog.findMany({ where: { reportId }, orderBy: { at: "asc" } });
    return rows.map((r) => ({ actor: r.actor, action: r.action, detail: r.detail, at: r.at }));
  }

  async sawInGroup(userId: string, chatId: string, name: string) {
    const seenAt = new Date();
    await this.write(() =>
      this.db.groupContact.upsert({
        where: { userId_chatId: { userId, chatId } },
        create: { userId, chatId, name, seenAt },
        update: { name, seenAt },
      }),
    );
  }

  async contacts(userId: string): Promise<GroupContact[]> {
    return this.db.groupContact.findMany({ where: { userId }, orderBy: { seenAt: "desc" } });
  }

  async groupContacts(chatId: string): Promise<GroupContact[]> {
    return this.db.groupContact.findMany({ where: { chatId }, orderBy: { seenAt: "desc" } });
  }

  async choose(userId: string, chatId: string) {
    const db = this.db;
    await this.write(() =>
      db.$transaction([
        db.groupContact.updateMany({ where: { userId }, data: { chosen: false } }),
        db.groupContact.upsert({
          where: { userId_chatId: { userId, chatId } },
          create: { userId, chatId, chosen: true, seenAt: new Date(0) },
          update: { chosen: true },
        }),
      ]),
    );
  }

  async memberReports(userId: string) {
    const rows = await this.db.report.findMany({
      where: { members: { some: { userId } } },
      orderBy: { updatedAt: "desc" },
    });
    return rows.map(toStored);
  }

  async close() {
    // commits in hand are applied first, and the questions sent
    await this.writer.close();
    await this.db.$disconnect();
    await this.onClose();
  }
}

/**
 * Opens the repository: PostgreSQL when `databaseUrl` is a postgres URL, else the SQLite file it names
 * (`file:` prefix optional; default data/zipin.db). Pending migrations are applied first.
 */
export async function openRepository(databaseUrl?: string): Promise<PrismaRepository> {
  if (isPostgresUrl(databaseUrl)) {
    // PostgreSQL's driver and client are loaded only for PostgreSQL (the SQLite bot is lighter without)
    const [{ default: pg }, { PrismaPg }, { PrismaClient: PgClient }] = await Promise.all([
      import("pg"),
      import("@prisma/adapter-pg"),
      import("../generated/postgres/client.js"),
    ]);
    const pool = new pg.Pool({ connectionString: databaseUrl });
    try {
      await migratePg(pool, resolve(ROOT, "prisma/postgres/migrations"));
    } finally {
      await pool.end();
    }
    const client = new PgClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    return new PrismaRepository(client as unknown as Client);
  }
  const file = resolve((databaseUrl ?? DEFAULT_SQLITE_FILE).replace(/^file:/, ""));
  mkdirSync(dirname(file), { recursive: true });
  const direct = new Database(file);
  try {
    direct.pragma("journal_mode = WAL"); // stored in the file: every later connection is WAL too
    migrateSqlite(direct, resolve(ROOT, "prisma/sqlite/migrations"));
  } finally {
    direct.close();
  }
  const base = new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  // the adapter has no pragma option: set them on its connection. synchronous=FULL: a commit that
  // returned survives a power loss too (NORMAL in WAL mode may lose the last commits on power loss).
  const pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
  const adapter: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => {
      const a = serialized(await base.connect());
      await a.executeScript(pragmas);
      return a;
    },
    connectToShadowDb: () => base.connectToShadowDb(),
  };
  // the file the bot opened: deleted or replaced under it, a commit would go to a file nobody reads again
  const opened = statSync(file);
  const guard = () => {
    let now: ReturnType<typeof statSync> | undefined;
    try {
      now = statSync(file);
    } catch {
      now = undefined;
    }
    if (!now || now.ino !== opened.ino || now.dev !== opened.dev)
      throw new StorageUnavailable(`the database file ${file} was deleted or replaced`);
  };
  const thread = new GroupThread({ file, busyTimeoutMs: BUSY_TIMEOUT_MS });
  await thread.ready;
  return new PrismaRepository(new SqliteClient({ adapter }), async () => {}, guard, thread);
}
