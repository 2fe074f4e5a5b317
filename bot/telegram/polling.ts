import { type Bot, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import type { Intake } from "../intake.js";
import { OutageNotice } from "../outage.js";
import { deliveryOf } from "./updates.js";

/**
 * Long polling through the durable inbox. Telegram forgets every update below the `offset` of a
 * getUpdates call; here the offset passes an update as soon as it is stored in the inbox, so a slow
 * handler (an LLM call, a 429 wait) holds up nobody — neither its own chat's next poll nor other chats —
 * and a crash loses nothing: what was stored is handled after the restart, what was not is sent again
 * by Telegram.
 */
export interface PollingHandle {
  /** stops fetching, confirms what was stored, waits for the updates in hand (up to `drainMs`) */
  stop(drainMs?: number): Promise<void>;
  /** resolves when polling has ended (by stop() or an error it cannot recover from: a wrong token, another poller) */
  done: Promise<void>;
}

export function runPolling(
  bot: Bot,
  intake: Intake,
  opts: { allowedUpdates: readonly string[]; log?: (line: string) => void; timeoutSeconds?: number },
): PollingHandle {
  const abort = new AbortController();
  /** the first update id not stored yet */
  let offset = 0;
  const fetchOnce = async (): Promise<Update[]> => {
    let retryIn = 100;
    for (;;) {
      try {
        return await bot.api.getUpdates(
          {
            offset,
            limit: 100,
            timeout: opts.timeoutSeconds ?? 30,
            allowed_updates: [...opts.allowedUpdates] as never,
          },
          abort.signal as never,
        );
      } catch (e) {
        if (abort.signal.aborted) throw e;
        if (e instanceof GrammyError && (e.error_code === 401 || e.error_code === 409)) throw e; // token, another poller
        opts.log?.(`getUpdates 失败，${retryIn} 毫秒后重试：${(e as Error).message}`);
        await sleep(retryIn, abort.signal);
        retryIn = Math.min(retryIn * 2, 10_000);
      }
    }
  };
  const notice = new OutageNotice((chat, text) => bot.api.sendMessage(chat, text));
  const store = async (updates: Update[]): Promise<void> => {
    let retryIn = 100;
    const deliveries = updates.map(deliveryOf);
    for (;;) {
      try {
        await intake.receive(deliveries);
        notice.recovered();
        return;
      } catch (e) {
        // the database is down: nothing is confirmed to Telegram, the same updates are stored later
        notice.failed(deliveries.map((d) => d.chatId));
        opts.log?.(`无法保存收到的消息，${retryIn} 毫秒后重试：${(e as Error).message}`);
        await sleep(retryIn, abort.signal);
        retryIn = Math.min(retryIn * 2, 10_000);
      }
    }
  };
  const loop = async () => {
    await bot.init();
    while (!abort.signal.aborted) {
      const updates = await fetchOnce();
      if (updates.length === 0) continue;
      await store(updates);
      offset = (updates[updates.length - 1] as Update).update_id + 1;
    }
  };
  const done = loop().catch((e) => {
    if (!abort.signal.aborted) throw e;
  });
  return {
    done,
    stop: async (drainMs = 30_000) => {
      abort.abort();
      await done.catch(() => {});
      // confirm what was stored, so that a restart does not get it again
      if (offset > 0) await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => {});
      if (!(await intake.drain(drainMs)))
        opts.log?.(`停止时仍有 ${intake.pending} 条消息未处理完：下次启动时继续处理。`);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(new Error("aborted"));
      },
      { once: true },
    );
  });
}
