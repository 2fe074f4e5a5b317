#!/usr/bin/env node
// Offline `prisma migrate diff` through @prisma/schema-engine-wasm (no native schema engine needed).
//
//   node scripts/prisma-diff.mjs <sqlite|postgres> [--from F] [--to T] [--exit-code] [--write <name>]
//
//   F, T:  empty            nothing (default --from)
//          schema           prisma/<p>/schema.prisma (default --to)
//          migrations       prisma/<p>/migrations replayed on a scratch DB (SQLite :memory:;
//                           PG: a temporary database on the DATABASE_URL server, dropped afterwards)
//          db               the live database at DATABASE_URL (SQLite: a file path)
//          <file.prisma>    another schema file, e.g. `git show HEAD:prisma/sqlite/schema.prisma > /tmp/old.prisma`
//   --write <name>  write prisma/<p>/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql and migration_lock.toml
//                   (default --from becomes `migrations`; nothing is written when the diff is empty)
//   --exit-code     exit 2 when the diff is not empty
// Needs no database for empty/schema/<file> on either provider.
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);
const NO_FILTER = { externalTables: [], externalEnums: [] };
export const EMPTY = '-- This is an empty migration.';
let started = false;

// Node 20 cannot `import` a .wasm module (schema_engine.js does that), so instantiate it by hand.
async function initWasm() {
  if (started) return;
  const wasmPath = require.resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  started = true;
}

export const providerOf = (p) => (p === 'postgres' ? 'postgresql' : 'sqlite');
export const schemaPath = (p, root = process.cwd()) => resolve(root, 'prisma', p, 'schema.prisma');
export const migrationsDir = (p, root = process.cwd()) => resolve(root, 'prisma', p, 'migrations');

/** No database. SchemaEngine.new on postgres still runs one version query: answer it. */
function offlineAdapterFactory(p) {
  const provider = p === 'postgres' ? 'postgres' : 'sqlite';
  const fail = async (what) => { throw new Error(`offline adapter: no database for ${what}; set DATABASE_URL`); };
  const adapter = {
    provider, adapterName: 'offline',
    queryRaw: async (q) => {
      if (provider === 'postgres' && q.sql.includes('server_version_num'))
        return { columnNames: ['exists', 'version', 'numeric_version'], columnTypes: [5, 7, 0], rows: [[true, 'PostgreSQL 17', 170000]] };
      return fail(q.sql);
    },
    executeRaw: (q) => fail(q.sql), executeScript: () => fail('script'), startTransaction: () => fail('transaction'),
    dispose: async () => {},
  };
  return { provider, adapterName: 'offline', connect: async () => adapter, connectToShadowDb: async () => adapter };
}

/** Real adapter on `url`, with two 7.10 workarounds; `dispose()` closes what the engine opened. */
async function liveAdapterFactory(p, url) {
  let f;
  if (p === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    f = new PrismaBetterSqlite3({ url });
  } else {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const { default: pg } = await import('pg');
    // adapter-pg rejects columns of the internal type "char" (OID 18) that the schema describer reads from
    // pg_catalog ("Column type 'char' could not be deserialized from the database"): present them as text.
    if (!pg.Pool.prototype.query.charAsText) {
      const query = pg.Pool.prototype.query;
      pg.Pool.prototype.query = async function (...args) {
        const res = await query.apply(this, args);
        for (const fd of res?.fields ?? []) if (fd.dataTypeID === 18) fd.dataTypeID = 25;
        return res;
      };
      pg.Pool.prototype.query.charAsText = true;
    }
    f = new PrismaPg({ connectionString: url });
  }
  const opened = [];
  // The engine runs each migration.sql through executeRaw; better-sqlite3 prepares that as ONE statement
  // ("The supplied SQL string contains more than one statement"): route parameterless ones to executeScript.
  const wrap = (a) => {
    opened.push(a);
    const raw = a.executeRaw.bind(a);
    a.executeRaw = (q) => (q.args.length ? raw(q) : a.executeScript(q.sql).then(() => 0));
    return a;
  };
  return {
    provider: f.provider, adapterName: f.adapterName,
    connect: async () => wrap(await f.connect()),
    connectToShadowDb: async () => wrap(await f.connectToShadowDb()),
    dispose: () => Promise.allSettled(opened.map((a) => a.dispose())),
  };
}

async function tempPgDatabase(url) {
  if (!url) throw new Error('postgres: set DATABASE_URL (any database on a server where you may CREATE DATABASE)');
  const { default: pg } = await import('pg');
  const name = `prisma_diff_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = '/' + name;
  return { url: u.toString(), drop: async () => { await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); await admin.end(); } };
}

export async function loadMigrations(dir) {
  const dirs = existsSync(dir) ? (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(dirs.map(async (name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: await readFile(join(dir, name, 'migration.sql'), 'utf8') } },
    }))),
  };
}

/**
 * @param {'sqlite'|'postgres'} p
 * @param {{from?: string, to?: string, url?: string, root?: string, exitCode?: boolean}} [o]
 * @returns {Promise<{exitCode: number, stdout: string, empty: boolean}>}
 */
export async function diff(p, { from = 'empty', to = 'schema', url = process.env.DATABASE_URL, root = process.cwd(), exitCode = false } = {}) {
  await initWasm();
  const sp = schemaPath(p, root);
  const schema = await readFile(sp, 'utf8');
  const migrations = await loadMigrations(migrationsDir(p, root));
  // no migrations yet: the engine refuses a folder without migration_lock.toml, and it means "empty" anyway
  if (!migrations.migrationDirectories.length) [from, to] = [from, to].map((t) => (t === 'migrations' ? 'empty' : t));
  const target = async (t) => {
    if (t === 'empty') return { tag: 'empty' };
    if (t === 'schema') return { tag: 'schemaDatamodel', files: [{ path: sp, content: schema }] };
    if (t === 'migrations') return { tag: 'migrations', ...migrations };
    if (t === 'db') return { tag: 'schemaDatasource', files: [{ path: sp, content: schema }], configDir: root };
    return { tag: 'schemaDatamodel', files: [{ path: resolve(t), content: await readFile(t, 'utf8') }] };
  };

  let factory;
  let dropTemp = async () => {};
  if ([from, to].includes('db')) {
    if (!url) throw new Error('set DATABASE_URL for --from/--to db');
    factory = await liveAdapterFactory(p, url);
  } else if ([from, to].includes('migrations')) {
    if (p === 'sqlite') factory = await liveAdapterFactory(p, ':memory:');
    else {
      // engine 7.10 + adapter-pg replays the migrations on the MAIN connection (not a shadow database),
      // so point it at a throw-away database
      const tmp = await tempPgDatabase(url);
      dropTemp = tmp.drop;
      factory = await liveAdapterFactory(p, tmp.url);
    }
  } else factory = offlineAdapterFactory(p);

  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await bg.SchemaEngine.new({ datamodels: [[sp, schema]] }, () => {}, bound);
  try {
    const res = await engine.diff({ from: await target(from), to: await target(to), script: true, exitCode, filters: NO_FILTER });
    const stdout = res.stdout ?? '';
    return { exitCode: res.exitCode, stdout, empty: stdout.trim() === EMPTY || stdout.trim() === '' };
  } catch (e) {
    // "External error id#N" = a JS exception inside the adapter; the binder keeps it in its registry
    const js = bound.errorRegistry.registeredErrors.filter(Boolean).map((r) => r.error?.stack ?? String(r.error));
    if (js.length) e.message += '\nadapter errors:\n' + js.join('\n');
    throw e;
  } finally {
    engine.free();
    await factory.dispose?.();
    await dropTemp();
  }
}

export async function writeMigration(p, name, sql, root = process.cwd()) {
  const dir = migrationsDir(p, root);
  const mdir = join(dir, `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${name}`);
  await mkdir(mdir, { recursive: true });
  await writeFile(join(mdir, 'migration.sql'), sql);
  await writeFile(join(dir, 'migration_lock.toml'),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${providerOf(p)}"\n`);
  return mdir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [p, ...rest] = process.argv.slice(2);
  if (p !== 'sqlite' && p !== 'postgres') {
    console.error('usage: prisma-diff.mjs <sqlite|postgres> [--from F] [--to T] [--exit-code] [--write name]');
    process.exit(1);
  }
  const opt = (k) => { const i = rest.indexOf(k); return i < 0 ? undefined : rest[i + 1]; };
  const name = opt('--write');
  const res = await diff(p, { from: opt('--from') ?? (name ? 'migrations' : 'empty'), to: opt('--to') ?? 'schema', exitCode: rest.includes('--exit-code') });
  if (!name) process.stdout.write(res.stdout.endsWith('\n') ? res.stdout : res.stdout + '\n');
  else if (res.empty) console.error('no schema changes; nothing written');
  else console.log('wrote', await writeMigration(p, name, res.stdout));
  process.exit(res.exitCode);
}
