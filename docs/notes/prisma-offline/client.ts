import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqliteClient, Prisma } from '../generated/sqlite/client.js';
import { PrismaClient as PgClient } from '../generated/postgres/client.js';

export { Prisma };
export type Db = SqliteClient | PgClient; // not assignable to each other: branch on the kind, share the model types

/** SQLite through better-sqlite3. The adapter has no pragma option: wrap connect() and run them on its one connection. */
export function sqliteClient(file: string, opts: { synchronous?: 'NORMAL' | 'FULL' } = {}) {
  const base = new PrismaBetterSqlite3({ url: file, timeout: 5000 }); // timeout = busy_timeout (ms)
  const pragmas = `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${opts.synchronous ?? 'NORMAL'}; PRAGMA foreign_keys = ON;`;
  const adapter: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => { const a = await base.connect(); await a.executeScript(pragmas); return a; },
    connectToShadowDb: () => base.connectToShadowDb(),
  };
  return new SqliteClient({ adapter });
}

export function pgClient(connectionString: string) {
  return new PgClient({ adapter: new PrismaPg({ connectionString }) });
}

export const isUniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
