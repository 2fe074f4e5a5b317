import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { diff, EMPTY, migrationsDir } from "../../scripts/prisma-diff.mjs";
import { migratePg, migrateSqlite } from "../../storage/migrate.js";
import { openRepository } from "../../storage/prisma.js";

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
      "20261130043023_reports",
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
        "20261130043023_reports",
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

describe("a database made before several reports per chat", () => {
  it("SQLite: opens with its reports, answers and members kept; each report is its unit's 部门整体 report", async () => {
    // the database as main's schema made it: the first four migrations only, with a report in it
    const old = join(dir, "old-migrations");
    for (const name of readdirSync(migrationsDir("sqlite")).filter((n) => n < "20261130043023")) {
      cpSync(join(migrationsDir("sqlite"), name), join(old, name), { recursive: true });
    }
    const file = join(dir, "before-reports.db");
    const db = new Database(file);
    expect(migrateSqlite(db, old).applied).toHaveLength(4);
    db.prepare(
      `INSERT INTO "Report" (id, chatId, unit, year, status, version, state, ownerId, updatedAt)
       VALUES ('r1', 'g1', '衡阳县库区移民事务中心', 2020, 'final', 7, '{"n":7}', 'u1', 1700000000000)`,
    ).run();
    db.prepare(
      `INSERT INTO "Member" (reportId, userId, role, addedBy, name) VALUES ('r1', 'u1', 'owner', 'u1', '王会计')`,
    ).run();
    db.prepare(
      `INSERT INTO "Answer" (id, reportId, seq, field, value, previous, by) VALUES ('a1', 'r1', 7000, 'unit.year', '2020', NULL, 'u1')`,
    ).run();
    db.close();

    const repo = await openRepository(file);
    try {
      const [r] = await repo.findByChat("g1");
      expect([r?.id, r?.unit, r?.year, r?.subject, r?.status, r?.version, r?.state]).toEqual([
        "r1",
        "衡阳县库区移民事务中心",
        2020,
        "",
        "final",
        7,
        { n: 7 },
      ]);
      expect(await repo.members("r1")).toEqual([{ userId: "u1", role: "owner", name: "王会计" }]);
      expect((await repo.history("r1")).map((a) => [a.field, a.value])).toEqual([["unit.year", "2020"]]);
      expect(await repo.currentOf("g1")).toBeNull(); // nothing chosen yet: the chat works on its latest
      // a project table of the same unit and year may now be started beside it
      const p = await repo.create({
        chatId: "g1",
        unit: "衡阳县库区移民事务中心",
        year: 2020,
        subject: "移民后期扶持项目",
        ownerId: "u1",
        state: {},
      });
      expect(p.created).toBe(true);
    } finally {
      await repo.close();
    }
  });
});
