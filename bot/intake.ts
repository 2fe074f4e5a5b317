import type { Delivery, Inbox, StoredDelivery } from "../storage/inbox.js";

/**
 * Every messenger's updates go through here: stored in the durable inbox first (only then does the
 * adapter tell the messenger they arrived), then handled from it — the updates of one chat in order,
 * different chats in parallel, at most `maxChats` chats at a time. A slow or failing chat delays only
 * itself; an update stored but not handled when the process stopped is handled after the restart
 * (`resume`). Handling is at least once; the commit's update key makes an answer count once.
 */
export interface IntakeOptions {
  inbox: Inbox;
  /** handles one update; a throw is logged, the update counts as handled (it is not retried forever) */
  handle: (d: StoredDelivery) => Promise<void>;
  /** chats handled at the same time (default 64) */
  maxChats?: number;
  log?: (line: string) => void;
  /** called when an update has been handled (tests and benchmarks) */
  onHandled?: (d: StoredDelivery) => void;
}

/** Handled updates are marked in batches: a mark lost to a crash only means the update is handled again. */
const MARK_EVERY_MS = 20;
/** Handled updates are kept this long, so that a late redelivery is recognised, then pruned. */
const KEEP_HANDLED_MS = 24 * 3600_000;

export class Intake {
  private readonly queues = new Map<string, StoredDelivery[]>();
  private readonly running = new Set<string>();
  /** chats with work, waiting for a free slot, in the order they got it */
  private readonly waiting: string[] = [];
  private readonly maxChats: number;
  private inHand = 0;
  private marks: number[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  private marking: Promise<void> = Promise.resolve();
  private idle: (() => void)[] = [];
  private lastPrune = 0;

  constructor(private readonly o: IntakeOptions) {
    this.maxChats = o.maxChats ?? 64;
  }

  /**
   * Stores updates (those seen before are dropped) and schedules them. Resolves once they are stored:
   * the adapter may then acknowledge them to the messenger. Rejects when they could not be stored.
   */
  async receive(deliveries: Delivery[]): Promise<void> {
    const fresh = await this.o.inbox.receive(deliveries);
    for (const d of fresh) this.enqueue(d);
  }

  /** Schedules what was stored and not handled before the last stop (after a crash, say). */
  async resume(): Promise<number> {
    const pending = await this.o.inbox.unhandled(100_000);
    for (const d of pending) this.enqueue(d);
    return pending.length;
  }

  /** Waits until nothing is in hand or queued, or `ms` have passed; then the marks are written. */
  async drain(ms = 30_000): Promise<boolean> {
    const done = this.inHand === 0 && this.queued() === 0;
    const settled = done
      ? true
      : await new Promise<boolean>((resolve) => {
          const t = setTimeout(() => resolve(false), ms);
          this.idle.push(() => {
            clearTimeout(t);
            resolve(true);
          });
        });
    await this.flushMarks();
    return settled;
  }

  /** Updates waiting or in hand. */
  get pending(): number {
    return this.inHand + this.queued();
  }

  private queued(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private enqueue(d: StoredDelivery): void {
    const q = this.queues.get(d.chatId);
    if (q) q.push(d);
    else this.queues.set(d.chatId, [d]);
    if (!this.running.has(d.chatId) && !this.waiting.includes(d.chatId)) this.waiting.push(d.chatId);
    this.pump();
  }

  /** Starts chats with work while there are free slots. */
  private pump(): void {
    while (this.running.size < this.maxChats && this.waiting.length > 0) {
      const chat = this.waiting.shift() as string;
      this.running.add(chat);
      void this.runChat(chat);
    }
  }

  private async runChat(chat: string): Promise<void> {
    for (;;) {
      const q = this.queues.get(chat);
      const d = q?.shift();
      if (!d) break;
      this.inHand++;
      try {
        await this.o.handle(d);
      } catch (e) {
        this.o.log?.(
          `处理消息 ${d.source}:${d.key} 时出错：${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message}`,
        );
      } finally {
        this.inHand--;
        this.mark(d.id);
        this.o.onHandled?.(d);
      }
    }
    this.queues.delete(chat);
    this.running.delete(chat);
    this.pump();
    if (this.inHand === 0 && this.queued() === 0) for (const f of this.idle.splice(0)) f();
  }

  private mark(id: number): void {
    this.marks.push(id);
    this.markTimer ??= setTimeout(() => {
      this.markTimer = null;
      void this.flushMarks();
    }, MARK_EVERY_MS);
  }

  /** Writes the handled marks gathered so far (one statement), and prunes old ones now and then. */
  private flushMarks(): Promise<void> {
    if (this.markTimer) {
      clearTimeout(this.markTimer);
      this.markTimer = null;
    }
    const ids = this.marks.splice(0);
    this.marking = this.marking.then(async () => {
      try {
        if (ids.length > 0) await this.o.inbox.handled(ids);
        if (Date.now() - this.lastPrune > 3600_000) {
          this.lastPrune = Date.now();
          await this.o.inbox.prune(new Date(Date.now() - KEEP_HANDLED_MS));
        }
      } catch (e) {
        // not marked: those updates are handled again after a restart, and their answers count once
        this.o.log?.(`无法记录已处理的消息（${ids.length} 条）：${(e as Error)?.message}`);
      }
    });
    return this.marking;
  }
}
