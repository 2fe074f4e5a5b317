/**
 * While the database cannot store what arrives, the messenger keeps the messages (they are not
 * acknowledged) and they are handled, in order, once it can. The people waiting are told so, once per
 * chat and outage, so that nobody sends an answer twice (a second copy would answer the next question).
 */
export const OUTAGE_NOTICE = "数据库暂时不可用：你的消息已经收到，恢复后会按顺序自动处理，不用重发。";

export class OutageNotice {
  private told = new Set<string>();

  constructor(private readonly send: (chatId: string, text: string) => Promise<unknown>) {}

  /** Storing failed for these chats: tell each once (sending is best effort). */
  failed(chatIds: string[]): void {
    for (const chat of new Set(chatIds)) {
      if (chat === "" || this.told.has(chat)) continue;
      this.told.add(chat);
      this.send(chat, OUTAGE_NOTICE).catch(() => {});
    }
  }

  /** Storing works again: a next outage is told again. */
  recovered(): void {
    this.told.clear();
  }
}
