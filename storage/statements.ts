import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "../generated/sqlite/client.js";
import type { Delivery } from "./inbox.js";
import type { Commit } from "./repository.js";

/**
 * The statements of the group writer (storage/writes.ts), as SQL that SQLite and PostgreSQL both read.
 * They are raw on purpose: Prisma runs a transaction made only of raw statements as they are, while one
 * typed statement in it makes Prisma compile the whole batch to a query plan first — most of the cost of
 * a group, and a new plan for every group of a new shape. A commit whose report moved on (another
 * version) must not apply: its version guard writes NULL into a NOT NULL column, which fails the
 * transaction, and the writer then applies each commit alone to tell the callers which one it was.
 */
type Client = PrismaClient;

/** Answer.seq = version × this + place in the commit (a commit holds fewer answers than this). */
export const SEQ_PER_VERSION = 1000;
/** Rows in one INSERT: keeps the bound values under SQLite's limit (32766) for any commit. */
const ROWS_PER_INSERT = 500;

export type Question = { chatId: string; messageId: string; awaiting: string };
/** A report to create, with its owner as its first member (see `insertReports`). */
export type NewRow = {
  id: string;
  chatId: string;
  unit: string;
  year: number;
  subject: string;
  ownerId: string;
  ownerName: string;
  state: string;
  /** when it was started (see PrismaRepository.create: strictly increasing) */
  createdAt: string;
};
/**
 * A statement of a group: its SQL with its values, and whether it returns rows (RETURNING). Run by
 * Prisma (`toPrisma`) in one batch transaction, or on SQLite in the group writer's thread (storage/groupThread.ts).
 */
export type Stmt = { sql: Prisma.Sql; rows: boolean };

/** The statement as Prisma runs it in a batch transaction. */
export function toPrisma(db: Client, s: Stmt): Prisma.PrismaPromise<unknown> {
  return s.rows ? db.$queryRaw(s.sql) : db.$executeRaw(s.sql);
}

/** A timestamp as Prisma writes it (ISO 8601 with an explicit offset), for raw statements on both databases. */
export function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** One INSERT for a batch of deliveries; returns the rows stored (those not seen before). */
export function insertDeliveries(deliveries: Delivery[], at: string): Stmt {
  const values = Prisma.join(
    deliveries.map((d) => Prisma.sql`(${d.source}, ${d.key}, ${d.chatId}, ${d.payload}, ${at})`),
  );
  return {
    rows: true,
    sql: Prisma.sql`INSERT INTO "InboxUpdate" ("source", "key", "chatId", "payload", "receivedAt") VALUES ${values}
      ON CONFLICT ("source", "key") DO NOTHING RETURNING "id", "source", "key"`,
  };
}

const exec = (sql: Prisma.Sql): Stmt => ({ sql, rows: false });

export function markHandled(ids: number[], at: string): Stmt {
  return exec(Prisma.sql`UPDATE "InboxUpdate" SET "doneAt" = ${at} WHERE "id" IN (${Prisma.join(ids)})`);
}

/** Which question each message asked; a message id is remembered once (a repeat changes nothing). */
export function insertQuestions(rows: Question[], at: string): Stmt[] {
  return chunks(rows).map((part) => {
    const values = Prisma.join(
      part.map((q) => Prisma.sql`(${q.chatId}, ${q.messageId}, ${q.awaiting}, ${at})`),
    );
    return exec(Prisma.sql`INSERT INTO "SentQuestion" ("chatId", "messageId", "awaiting", "at") VALUES ${values}
      ON CONFLICT ("chatId", "messageId") DO NOTHING`);
  });
}

/**
 * New reports and their owners, for the group transaction. A report of the same chat, unit and year
 * created meanwhile makes the insert fail (the writer then creates each alone, where the existing one
 * is found and returned).
 */
export function insertReports(rows: NewRow[], at: string): Stmt[] {
  return chunks(rows).flatMap((part) => [
    exec(
      Prisma.sql`INSERT INTO "Report" ("id", "chatId", "unit", "year", "subject", "status", "version", "state", "ownerId", "createdAt", "updatedAt") VALUES ${Prisma.join(
        part.map(
          (r) =>
            Prisma.sql`(${r.id}, ${r.chatId}, ${r.unit}, ${r.year}, ${r.subject}, 'draft', 0, ${r.state}, ${r.ownerId}, ${r.createdAt}, ${at})`,
        ),
      )}`,
    ),
    exec(
      Prisma.sql`INSERT INTO "Member" ("reportId", "userId", "role", "addedBy", "name", "at") VALUES ${Prisma.join(
        part.map((r) => Prisma.sql`(${r.id}, ${r.ownerId}, 'owner', ${r.ownerId}, ${r.ownerName}, ${at})`),
      )}`,
    ),
  ]);
}

/**
 * The statements of several commits (of different reports), for one transaction: the updates applied
 * (once: the key is unique), each report's new state behind its version guard, the answers, the audit.
 * The report updates are returned apart: each counts 0 rows when its report is gone.
 */
export function commitStatements(cs: Commit[], at: string): { updates: Stmt[]; rest: Stmt[] } {
  const applied = cs.flatMap((c) =>
    c.updateKey === undefined
      ? []
      : [Prisma.sql`(${c.reportId}, ${c.updateKey}, ${c.expectedVersion + 1}, ${at})`],
  );
  const answers = cs.flatMap((c) =>
    answerRows(c).map(
      (a) =>
        Prisma.sql`(${a.id}, ${a.reportId}, ${a.seq}, ${a.field}, ${a.value}, ${a.previous}, ${a.by}, ${at})`,
    ),
  );
  const audits = cs.flatMap((c) =>
    c.audit
      ? [
          Prisma.sql`(${randomUUID()}, ${c.reportId}, ${c.by}, ${c.audit.action}, ${c.audit.detail ?? ""}, ${at})`,
        ]
      : [],
  );
  return {
    updates: cs.map((c) => reportUpdate(c, at)),
    rest: [
      ...chunks(applied).map((v) =>
        exec(
          Prisma.sql`INSERT INTO "AppliedUpdate" ("reportId", "key", "version", "at") VALUES ${Prisma.join(v)}`,
        ),
      ),
      ...chunks(answers).map((v) =>
        exec(
          Prisma.sql`INSERT INTO "Answer" ("id", "reportId", "seq", "field", "value", "previous", "by", "at") VALUES ${Prisma.join(v)}`,
        ),
      ),
      ...chunks(audits).map((v) =>
        exec(
          Prisma.sql`INSERT INTO "AuditLog" ("id", "reportId", "actor", "action", "detail", "at") VALUES ${Prisma.join(v)}`,
        ),
      ),
    ],
  };
}

function reportUpdate(c: Commit, at: string): Stmt {
  const status = c.status ? Prisma.sql`, "status" = ${c.status}` : Prisma.empty;
  // the unit and year answered: another report of the chat with those fails the group (then alone: "taken")
  const subject =
    c.identity?.subject !== undefined ? Prisma.sql`, "subject" = ${c.identity.subject}` : Prisma.empty;
  const identity = c.identity
    ? Prisma.sql`, "unit" = ${c.identity.unit}, "year" = ${c.identity.year}${subject}`
    : Prisma.empty;
  return exec(Prisma.sql`UPDATE "Report"
    SET "version" = CASE WHEN "version" = ${c.expectedVersion} THEN "version" + 1 ELSE NULL END,
        "state" = ${JSON.stringify(c.state)}, "updatedAt" = ${at}${status}${identity}
    WHERE "id" = ${c.reportId}`);
}

/** The typed statements of one commit alone (its failure codes tell what happened: see PrismaRepository). */
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
    db.report.update({
      where: { id: c.reportId, version: c.expectedVersion },
      data: {
        version: c.expectedVersion + 1,
        state: JSON.stringify(c.state),
        ...(c.status && { status: c.status }),
        ...(c.identity && {
          unit: c.identity.unit,
          year: c.identity.year,
          ...(c.identity.subject !== undefined && { subject: c.identity.subject }),
        }),
      },
      select: { version: true },
    }),
    ...(answers.length > 0 ? [db.answer.createMany({ data: answers })] : []),
    ...(c.audit
      ? [
          db.auditLog.create({
            data: {
              id: randomUUID(),
              reportId: c.reportId,
              actor: c.by,
              action: c.audit.action,
              detail: c.audit.detail ?? "",
            },
          }),
        ]
      : []),
  ];
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
