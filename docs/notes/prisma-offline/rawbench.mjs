import Database from 'better-sqlite3'; import pg from 'pg'; import { randomUUID } from 'node:crypto';
import { migrateSqlite, migratePg } from '/tmp/prisma-ci/dist/db/migrate.js';
const N = 500, med = (t) => t.sort((a, b) => a - b)[t.length >> 1].toFixed(3);
for (const sync of ['NORMAL', 'FULL']) {
  const db = new Database(`/tmp/lab-b/raw-${sync}.db`); migrateSqlite(db, '/tmp/prisma-ci/prisma/sqlite/migrations');
  db.pragma('journal_mode = WAL'); db.pragma(`synchronous = ${sync}`);
  const id = randomUUID(); db.prepare(`insert into Report(id,chatId,unit,year,updatedAt) values (?,?,?,?,?)`).run(id, 'c', 'u', 1, new Date().toISOString());
  const up = db.prepare('update Report set version = version + 1 where id = ? and version = ?');
  const ins = db.prepare('insert into Answer(id,reportId,field,value,by,at) values (?,?,?,?,?,?)');
  const tx = db.transaction((v) => { if (up.run(id, v).changes !== 1) throw new Error('conflict'); ins.run(randomUUID(), id, 'f', 'v', 'u', new Date().toISOString()); });
  const t = []; for (let i = 0; i < N; i++) { const s = process.hrtime.bigint(); tx(i); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
  console.log(`raw better-sqlite3 WAL ${sync}: median ${med(t)} ms`);
}
const pool = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:54329/bench' });
const c = await pool.connect(); const id = randomUUID();
await c.query(`insert into "Report"(id,"chatId",unit,year,"updatedAt") values ($1,'raw','u',1,now())`, [id]);
const t = []; for (let i = 0; i < N; i++) { const s = process.hrtime.bigint();
  await c.query('BEGIN'); const r = await c.query('update "Report" set version = version + 1 where id = $1 and version = $2', [id, i]);
  if (r.rowCount !== 1) throw new Error('conflict');
  await c.query(`insert into "Answer"(id,"reportId",field,value,by) values ($1,$2,'f','v','u')`, [randomUUID(), id]); await c.query('COMMIT');
  t.push(Number(process.hrtime.bigint() - s) / 1e6); }
console.log(`raw pg: median ${med(t)} ms`); c.release(); await pool.end();
