import type { Database, Statement } from "better-sqlite3";
import type { Stmt } from "./statements.js";

/** SQLite's words for a lock held elsewhere, so that the repository's retries apply (storage/errors.ts). */
class ConnectionInUse extends Error {
  override name = "ConnectionInUse";
  constructor() {
    super("database is locked (SQLITE_BUSY): Prisma has the connection");
  }
}

/** Distinct statements kept prepared (a group's INSERTs differ by their number of rows). */
const MAX_PREPARED = 400;

/**
 * The group writer's transaction on SQLite, run directly on the connection Prisma's adapter opened:
 * the statements are raw SQL already, and Prisma's path for them (a batch transaction: each statement
 * through its query engine, prepared anew, awaited one by one) cost more than SQLite's work. Here they
 * are prepared once, and the whole group runs synchronously between BEGIN IMMEDIATE and COMMIT: nothing
 * else can run on the connection meanwhile, and a failing statement rolls the group back, as Prisma's
 * transaction did. It runs only while Prisma is not using the connection (its transactions await their
 * statements one by one: a group run in between would become part of one of them).
 */
export class DirectSqlite {
  private readonly prepared = new Map<string, Statement>();
  private readonly tx: (stmts: Stmt[]) => unknown[];

  constructor(
    private readonly db: Database,
    /** Prisma is using the connection (a query or a transaction in hand: storage/serialized.ts) */
    private readonly busy: () => boolean,
  ) {
    this.tx = db.transaction((stmts: Stmt[]) =>
      stmts.map((s) => {
        const st = this.statement(s.sql.sql);
        const values = s.sql.values as unknown[];
        return s.rows ? st.all(...values) : st.run(...values).changes;
      }),
    ).immediate;
  }

  /**
   * The group's results (rows for a statement that returns rows, else the rows changed). While Prisma
   * has the connection it throws as a lock held by another connection does ("database is locked"): the
   * repository's writes wait and try again.
   */
  run(stmts: Stmt[]): unknown[] {
    if (this.busy() || this.db.inTransaction) throw new ConnectionInUse();
    return this.tx(stmts);
  }

  private statement(sql: string): Statement {
    let st = this.prepared.get(sql);
    if (!st) {
      if (this.prepared.size >= MAX_PREPARED) this.prepared.clear();
      st = this.db.prepare(sql);
      this.prepared.set(sql, st);
    }
    return st;
  }
}
