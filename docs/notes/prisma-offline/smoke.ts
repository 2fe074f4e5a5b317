// usage: node dist/smoke.js sqlite <file> [NORMAL|FULL] | node dist/smoke.js postgres <url>
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrateSqlite, migratePg } from './db/migrate.js';
import { sqliteClient, pgClient, isUniqueViolation, Prisma } from './db/client.js';

const [kind, target, sync] = process.argv.slice(2) as [string, string, 'NORMAL' | 'FULL' | undefined];
const N = Number(process.env.N ?? 500);

if (kind === 'sqlite') {
  const db = new Database(target);
  console.log('migrate', migrateSqlite(db, 'prisma/sqlite/migrations'), 'again', migrateSqlite(db, 'prisma/sqlite/migrations'));
  db.close();
} else {
  const pool = new pg.Pool({ connectionString: target });
  console.log('migrate', await migratePg(pool, 'prisma/postgres/migrations'), 'again', await migratePg(pool, 'prisma/postgres/migrations'));
  await pool.end();
}

// Both clients have the same model API; TS cannot unify the two classes, so narrow to one type for shared code.
const prisma = (kind === 'sqlite' ? sqliteClient(target, { synchronous: sync }) : pgClient(target)) as ReturnType<typeof pgClient>;

if (kind === 'sqlite')
  console.log('pragmas', await prisma.$queryRawUnsafe('PRAGMA journal_mode'), await prisma.$queryRawUnsafe('PRAGMA synchronous'), await prisma.$queryRawUnsafe('PRAGMA foreign_keys'));

const id = randomUUID();
const r = await prisma.report.create({ data: { id, chatId: 'c1', unit: 'u1', year: 2025, state: JSON.stringify({ a: 1 }) } });
console.log('created', r.id === id, r.version, r.createdAt instanceof Date, typeof r.state);

try {
  await prisma.report.create({ data: { id: randomUUID(), chatId: 'c1', unit: 'u1', year: 2025 } });
  console.log('NO unique violation?!');
} catch (e) {
  const k = e as Prisma.PrismaClientKnownRequestError;
  console.log('unique violation', isUniqueViolation(e), k.code, JSON.stringify(k.meta));
}

const ok = await prisma.report.updateMany({ where: { id, version: 0 }, data: { version: { increment: 1 }, status: 'open' } });
const stale = await prisma.report.updateMany({ where: { id, version: 0 }, data: { version: { increment: 1 }, status: 'x' } });
console.log('optimistic', ok.count, stale.count);

// one small write: bump version if unchanged + insert answer + audit, all or nothing
async function answer(field: string, value: string, expected: number) {
  return prisma.$transaction(async (tx) => {
    const u = await tx.report.updateMany({ where: { id, version: expected }, data: { version: { increment: 1 } } });
    if (u.count !== 1) throw new Error('conflict');
    await tx.answer.create({ data: { id: randomUUID(), reportId: id, field, value, by: 'u' } });
    return expected + 1;
  });
}
let v = await answer('f', 'v1', 1);
try { await answer('f', 'lost', 1); } catch (e) { console.log('conflict rolled back:', (e as Error).message); }
console.log('answers', await prisma.answer.count({ where: { reportId: id } }), 'version', (await prisma.report.findUniqueOrThrow({ where: { id } })).version);
// batch form (one round trip of statements, no conditional logic)
await prisma.$transaction([
  prisma.answer.create({ data: { id: randomUUID(), reportId: id, field: 'g', value: 'b', by: 'u' } }),
  prisma.auditLog.create({ data: { id: randomUUID(), reportId: id, actor: 'u', action: 'answer' } }),
]);

// benchmark: N committed small writes
const times: number[] = [];
for (let i = 0; i < N; i++) {
  const t = process.hrtime.bigint();
  v = await answer('f', String(i), v);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(3);
console.log(`bench ${kind}${sync ? ' ' + sync : ''}: n=${N} median=${q(0.5)}ms p90=${q(0.9)}ms p99=${q(0.99)}ms`);
await prisma.$disconnect();
