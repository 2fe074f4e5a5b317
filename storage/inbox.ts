/**
 * The durable inbox: every update a messenger delivers is stored here before the messenger is told it
 * arrived (the long poll's offset confirmed, the webhook answered 200, the stream message acked), and
 * is handled from here — after a crash too. A redelivered update (same source and key) is stored once.
 */
export interface Delivery {
  /** the messenger: telegram, dingtalk, wecom */
  source: string;
  /** the messenger's id of the update or message */
  key: string;
  /** updates of one chat are handled in order; chats in parallel */
  chatId: string;
  /** the update as the messenger sent it (JSON text) */
  payload: string;
}

export interface StoredDelivery extends Delivery {
  /** the order of arrival */
  id: number;
}

export interface Inbox {
  /** Stores the deliveries not seen before; returns those (in arrival order). */
  receive(deliveries: Delivery[]): Promise<StoredDelivery[]>;
  /** Marks deliveries handled. */
  handled(ids: number[]): Promise<void>;
  /** Deliveries stored and not handled yet (what was in hand when the process stopped), oldest first. */
  unhandled(limit: number): Promise<StoredDelivery[]>;
  /** Forgets deliveries handled before `before`; how many. */
  prune(before: Date): Promise<number>;
}

/** The inbox in memory: for tests that need no database. */
export class MemoryInbox implements Inbox {
  private rows: (StoredDelivery & { done: Date | null })[] = [];
  private next = 1;

  async receive(deliveries: Delivery[]): Promise<StoredDelivery[]> {
    const fresh: StoredDelivery[] = [];
    for (const d of deliveries) {
      if (this.rows.some((r) => r.source === d.source && r.key === d.key)) continue;
      const row = { ...d, id: this.next++, done: null };
      this.rows.push(row);
      fresh.push({ id: row.id, source: d.source, key: d.key, chatId: d.chatId, payload: d.payload });
    }
    return fresh;
  }

  async handled(ids: number[]): Promise<void> {
    const now = new Date();
    for (const r of this.rows) if (ids.includes(r.id)) r.done = now;
  }

  async unhandled(limit: number): Promise<StoredDelivery[]> {
    return this.rows
      .filter((r) => r.done === null)
      .slice(0, limit)
      .map(({ done: _done, ...d }) => d);
  }

  async prune(before: Date): Promise<number> {
    const n = this.rows.length;
    this.rows = this.rows.filter((r) => r.done === null || r.done >= before);
    return n - this.rows.length;
  }
}
