import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

/**
 * Applies the committed SQL migrations (prisma/<provider>/migrations) at start-up, without Prisma's
 * native schema engine, recording them in `_prisma_migrations` exactly as `prisma migrate deploy` does
 * (sha256 checksum, started/finished timestamps, applied_steps_count), so that a machine with the
 * engine agrees about what is applied. Each migration runs in one transaction: all of it or nothing.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  /** applied before, but the file changed since (prisma migrate would refuse; we report it) */
  modified: string[];
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type Row = { checksum: string; finished_at: unknown };

function alreadyApplied(m: Migration, rows: Row[], res: MigrateResult): boolean {
  if (rows.some((r) => r.finished_at == null)) {
    // prisma migrate deploy: P3009
    throw new Error(`migration ${m.name} failed earlier (row without finished_at); resolve it first`);
  }
  if (rows.length > 0 && rows[0]?.checksum !== m.checksum) res.modified.push(m.name);
  return rows.length > 0;
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;
const SELECT =
  "SELECT checksum, finished_at FROM _prisma_migrations WHERE migration_name = ? AND rolled_back_at IS NULL";
const INSERT = `INSERT INTO _prisma_migrations
  (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
  VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`;

/** SQLite: timestamps as integer Unix milliseconds, like the native engine writes them. */
export function migrateSqlite(db: BetterSqlite3.Database, dir: string): MigrateResult {
  const res: MigrateResult = { applied: [], modified: [] };
  db.exec(SQLITE_TABLE);
  // Prisma's table-redefining scripts say PRAGMA foreign_keys=OFF, a no-op inside a transaction; with
  // foreign keys on, their DROP TABLE would cascade-delete child rows. Off around the transaction, and
  // foreign_key_check before commit.
  const fk = db.pragma("foreign_keys", { simple: true });
  db.pragma("foreign_keys = OFF");
  try {
    for (const m of readMigrations(dir)) {
      db.exec("BEGIN IMMEDIATE");
      try {
        if (alreadyApplied(m, db.prepare(SELECT).all(m.name) as Row[], res)) {
          db.exec("COMMIT");
          continue;
        }
        const startedAt = Date.now();
        db.exec(m.sql);
        const bad = db.pragma("foreign_key_check") as unknown[];
        if (bad.length > 0)
          throw new Error(`migration ${m.name} violates foreign keys: ${JSON.stringify(bad.slice(0, 3))}`);
        db.prepare(INSERT).run(randomUUID(), m.checksum, Date.now(), m.name, startedAt);
        db.exec("COMMIT");
        res.applied.push(m.name);
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw e;
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${fk ? "ON" : "OFF"}`);
  }
  return res;
}

/** PostgreSQL: serialised across instances with the advisory lock key prisma migrate uses. */
export async function migratePg(pool: pg.Pool, dir: string): Promise<MigrateResult> {
  const res: MigrateResult = { applied: [], modified: [] };
  const client = await pool.connect();
  const numbered = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  try {
    for (const m of readMigrations(dir)) {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock(72707369)");
        await client.query(PG_TABLE);
        const { rows } = await client.query<Row>(numbered(SELECT), [m.name]);
        if (alreadyApplied(m, rows, res)) {
          await client.query("COMMIT");
          continue;
        }
        const startedAt = new Date();
        await client.query(m.sql); // no parameters: simple protocol, several statements allowed
        await client.query(numbered(INSERT), [randomUUID(), m.checksum, new Date(), m.name, startedAt]);
        await client.query("COMMIT");
        res.applied.push(m.name);
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
    }
  } finally {
    client.release();
  }
  return res;
}
