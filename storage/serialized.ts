import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

/**
 * One SQLite connection, one thing at a time. Prisma's SQLite adapter runs a transaction's statements
 * one by one, awaiting each, and holds its lock only against other transactions: a query outside any
 * transaction — every single write, and a batch of one statement, which Prisma runs without a
 * transaction — goes straight to the connection, and when a transaction is open there it becomes part
 * of that transaction (and is undone with it, after its caller was told it was saved; it also reads what
 * that transaction has not committed yet). Here every query and every transaction of the adapter takes
 * one lock in turn.
 */
export function serialized(a: SqlDriverAdapter): SqlDriverAdapter {
  let tail: Promise<void> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    let release: () => void = () => {};
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const before = tail;
    tail = before.then(() => mine);
    await before;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
  const locked =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await acquire();
      try {
        return await f(...args);
      } finally {
        release();
      }
    };
  const queryRaw = locked(a.queryRaw.bind(a));
  const executeRaw = locked(a.executeRaw.bind(a));
  const executeScript = locked(a.executeScript.bind(a));
  const begin = a.startTransaction.bind(a);
  const startTransaction = async (isolation?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) => {
    const release = await acquire();
    try {
      const tx = await begin(isolation);
      // the lock is the transaction's until it ends, either way
      const end = (f: () => Promise<void>) => () => f().finally(release);
      tx.commit = end(tx.commit.bind(tx));
      tx.rollback = end(tx.rollback.bind(tx));
      return tx;
    } catch (e) {
      release();
      throw e;
    }
  };
  // in place: Prisma reads the adapter's own fields (provider, adapterName) as they are
  Object.assign(a, { queryRaw, executeRaw, executeScript, startTransaction });
  return a;
}
