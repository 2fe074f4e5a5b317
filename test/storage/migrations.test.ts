import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { diff, EMPTY, migrationsDir } from "../../scripts/prisma-diff.mjs";
import { migratePg, migrateSqlite } from "../../storage/migrate.js";

// Prisma's own schema engine (as WebAssembly) compares the committed migrations with schema.prisma:
// a model changed without a migration fails here.
const dir = mkdtempSync(join(tmpdir(), "zipin-drift-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pgUrl = inject("pgUrl");

describe("migrations match the schema exactly", () => {
  it("SQLite: migrations folder → schema is empty, and so is a migrated database → schema", async () => {
    expect((await diff("sqlite", { from: "migrations", to: "schema" })).stdout.trim()).toBe(EMPTY);
    const file = join(dir, "drift.db");
    const db = new Database(file);
    expect(migrateSqlite(db, migrationsDir("sqlite")).applied).toEqual([
      "20261126183744_init",
      "20261127005728_member_name",
      "20261129230542_inbox",
      "20261130004712_group_contact",
    ]);
    expect(migrateSqlite(db, migrationsDir("sqlite")).applied).toEqual([]); // a second start applies nothing
    db.close();
    expect((await diff("sqlite", { from: "db", to: "schema", url: file })).stdout.trim()).toBe(EMPTY);
  });

  (pgUrl ? it : it.skip)("PostgreSQL: the same, on a fresh database", async () => {
    const url = pgUrl as string;
    expect((await diff("postgres", { from: "migrations", to: "schema", url })).stdout.trim()).toBe(EMPTY);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `zipin_drift_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    try {
      const pool = new pg.Pool({ connectionString: u.toString() });
      const [first, second] = await Promise.all([
        migratePg(pool, migrationsDir("postgres")),
        migratePg(pool, migrationsDir("postgres")),
      ]);
      expect([...first.applied, ...second.applied]).toEqual([
        "20261126183744_init",
        "20261127005732_member_name",
        "20261129230542_inbox",
        "20261130004713_group_contact",
      ]); // two instances at once: applied once
      await pool.end();
      expect((await diff("postgres", { from: "db", to: "schema", url: u.toString() })).stdout.trim()).toBe(
        EMPTY,
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
