import { Prisma, type PrismaClient } from "../generated/sqlite/client.js";
import type { Delivery, Inbox, StoredDelivery } from "./inbox.js";

/**
 * The inbox on Prisma (SQLite or PostgreSQL): a batch of deliveries is stored in one statement
 * (INSERT … ON CONFLICT DO NOTHING RETURNING, the same SQL on both), so storing what one long poll
 * brought costs one round trip whatever its size.
 */
export class PrismaInbox implements Inbox {
  constructor(
    private readonly db: PrismaClient,
    /** runs a write, retrying while another connection holds the SQLite file (see prisma.ts) */
    private readonly write: <T>(op: () => Promise<T>) => Promise<T>,
  ) {}

  async receive(deliveries: Delivery[]): Promise<StoredDelivery[]> {
    if (deliveries.length === 0) return [];
    const at = timestamp(new Date());
    const values = Prisma.join(
      deliveries.map((d) => Prisma.sql`(${d.source}, ${d.key}, ${d.chatId}, ${d.payload}, ${at})`),
    );
    const rows = await this.write(() =>
      this.db.$queryRaw<{ id: number | bigint; source: string; key: string }[]>(
        Prisma.sql`INSERT INTO "InboxUpdate" ("source", "key", "chatId", "payload", "receivedAt") VALUES ${values}
          ON CONFLICT ("source", "key") DO NOTHING RETURNING "id", "source", "key"`,
      ),
    );
    const ids = new Map(rows.map((r) => [`${r.source}\u0000${r.key}`, Number(r.id)]));
    return deliveries.flatMap((d) => {
      const id = ids.get(`${d.source}\u0000${d.key}`);
      return id === undefined ? [] : [{ ...d, id }];
    });
  }

  async handled(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.write(() =>
      this.db.inboxUpdate.updateMany({ where: { id: { in: ids } }, data: { doneAt: new Date() } }),
    );
  }

  async unhandled(limit: number): Promise<StoredDelivery[]> {
    const rows = await this.db.inboxUpdate.findMany({
      where: { doneAt: null },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      key: r.key,
      chatId: r.chatId,
      payload: r.payload,
    }));
  }

  async prune(before: Date): Promise<number> {
    const r = await this.write(() => this.db.inboxUpdate.deleteMany({ where: { doneAt: { lt: before } } }));
    return r.count;
  }
}

/** A timestamp as Prisma writes it (ISO 8601 with an explicit offset), for raw statements on both databases. */
export function timestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
