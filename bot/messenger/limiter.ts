/**
 * What a bot sends, per chat: one message after another, in order, and at most `perMinute` a minute in a
 * chat (group robots of 钉钉 and 企业微信 are limited to about 20 a minute): a message over the limit waits
 * its turn, it is never dropped. Chats do not wait for each other.
 */
export class ChatLimiter {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly sent = new Map<string, number[]>();

  constructor(
    /** messages a minute in a chat, by whether it is a group */
    private readonly perMinute: (chatId: string) => number,
    private readonly windowMs = 60_000,
  ) {}

  /** Runs `send` after what this chat sent before it, once the chat's window has room. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(chatId) ?? Promise.resolve();
    const next = prev.then(
      () => this.turn(chatId, send),
      () => this.turn(chatId, send),
    );
    this.tails.set(chatId, next);
    const clear = () => {
      if (this.tails.get(chatId) === next) this.tails.delete(chatId);
    };
    next.then(clear, clear);
    return next;
  }

  private async turn<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    const limit = this.perMinute(chatId);
    if (Number.isFinite(limit)) {
      const times = (this.sent.get(chatId) ?? []).filter((t) => Date.now() - t < this.windowMs);
      if (times.length >= limit) {
        const wait = (times[times.length - limit] as number) + this.windowMs - Date.now();
        await new Promise((r) => setTimeout(r, Math.max(0, wait)));
      }
      times.push(Date.now());
      this.sent.set(chatId, times.slice(-limit));
    }
    return send();
  }

  /** Waits until everything queued so far is sent (or failed). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}
