// Migrations applied by our migrator to an empty database == schema.prisma (wasm diff is empty).
// PostgreSQL part runs when TEST_PG_URL is set (any database on a server where we may CREATE DATABASE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { diff, migrationsDir, EMPTY } from '../scripts/prisma-diff.mjs';
import { migrateSqlite, migratePg } from '../dist/db/migrate.js';

for (const p of ['sqlite', 'postgres']) {
  test(`${p}: migrations folder matches schema`, { skip: p === 'postgres' && !process.env.TEST_PG_URL }, async () => {
    const r = await diff(p, { from: 'migrations', to: 'schema', url: process.env.TEST_PG_URL });
    assert.equal(r.stdout.trim(), EMPTY, 'schema.prisma changed without a migration:\n' + r.stdout);
  });
}

test('sqlite: migrated empty database matches schema', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'drift-'));
  try {
    const file = join(dir, 'test.db');
    const db = new Database(file);
    assert.ok(migrateSqlite(db, migrationsDir('sqlite')).applied.length > 0);
    db.close();
    const r = await diff('sqlite', { from: 'db', to: 'schema', url: file });
    assert.equal(r.stdout.trim(), EMPTY, r.stdout);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('postgres: migrated empty database matches schema', { skip: !process.env.TEST_PG_URL }, async () => {
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
  await admin.connect();
  const name = `drift_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(process.env.TEST_PG_URL); u.pathname = '/' + name;
  try {
    const pool = new pg.Pool({ connectionString: u.toString() });
    assert.ok((await migratePg(pool, migrationsDir('postgres'))).applied.length > 0);
    await pool.end();
    const r = await diff('postgres', { from: 'db', to: 'schema', url: u.toString() });
    assert.equal(r.stdout.trim(), EMPTY, r.stdout);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
});
