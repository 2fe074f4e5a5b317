import type { Delivery } from "../../storage/inbox.js";
import type { Intake } from "../intake.js";
import type { OutageNotice } from "../outage.js";

/**
 * Stores what arrived before it is acknowledged to the messenger, retrying while the database cannot
 * (the people waiting are told once, `notice`), for up to `withinMs` — less than the time after which the
 * messenger sends an un-acknowledged message again. Rejects when it could not be stored by then.
 */
export async function storeWithRetry(
  intake: Intake,
  deliveries: Delivery[],
  notice: OutageNotice,
  log: (line: string) => void,
  name: string,
  withinMs = 45_000,
): Promise<void> {
  const until = Date.now() + withinMs;
  for (let retryIn = 100; ; retryIn = Math.min(retryIn * 2, 5000)) {
    try {
      await intake.receive(deliveries);
      notice.recovered();
      return;
    } catch (e) {
      notice.failed(deliveries.map((d) => d.chatId));
      if (Date.now() + retryIn > until) throw e;
      log(`${name}：无法保存收到的消息，${retryIn} 毫秒后重试：${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, retryIn));
    }
  }
}
