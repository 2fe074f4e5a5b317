import type { PrismaClient } from "../generated/sqlite/client.js";
import { GROUP_MARK } from "./groupThread.js";
import type { Delivery, Inbox, StoredDelivery } from "./inbox.js";
import type { GroupWriter } from "./writes.js";

/**
 * The inbox on Prisma (SQLite or PostgreSQL): deliveries are stored by the group writer, in one
 * INSERT … ON CONFLICT DO NOTHING RETURNING a batch, together with whatever else is being written at
 * that moment (storage/writes.ts); handled marks go with the next group.
 */
export class PrismaInbox implements Inbox {
  constructor(
    private readonly db: PrismaClient,
    private readonly writer: GroupWriter,
    /** runs a write, retrying while another connection holds the SQLite file (see prisma.ts) */
    private readonly write: <T>(op: () => Promise<T>) => Promise<T>,
  ) {}

  receive(deliveries: Delivery[]): Promise<StoredDelivery[]> {
    return this.writer.receive(deliveries);
  }

  handled(ids: number[]): Promise<void> {
    return this.writer.handled(ids);
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
    // the group writer's mark (storage/groupThread.ts) is not a delivery: it stays, one row, replaced by each group
    const r = await this.write(() =>
      this.db.inboxUpdate.deleteMany({ where: { doneAt: { lt: before }, source: { not: GROUP_MARK } } }),
    );
    return r.count;
  }
}
