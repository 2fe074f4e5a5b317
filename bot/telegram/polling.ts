import { createConcurrentSink, createRunner, createSource, type RunnerHandle } from "@grammyjs/runner";
import { type Bot, GrammyError } from "grammy";
import type { Update } from "grammy/types";

/**
 * Long polling that never loses an update to a crash.
 *
 * Telegram forgets every update below the `offset` of a getUpdates call. grammY's runner asks for the
 * next batch (confirming the previous one) while that batch is still being handled, so a kill -9 at
 * that moment loses those updates for good. Here the offset only passes an update once it has been
 * handled: after a crash Telegram sends again what was in hand, and the commit's update key makes an
 * answer handled twice count once. Updates are still handled concurrently (chats in parallel, each
 * chat in order, by the bot's middleware); while some are in hand, getUpdates returns them again with
 * any new ones, so only the new ones are passed on, and when there are none the next call waits for a
 * handler to finish or a pause (5 ms; after a second with nothing new, doubling up to 200 ms). Webhook mode has
 * no such trade-off: Telegram sends an update again until its request is answered.
 */
const MIN_PAUSE_MS = 5;
const MAX_PAUSE_MS = 200;
/** empty polls at the short pause before backing off (about a second) */
const CALM_POLLS = 200;

export interface PollingHandle {
  /** stops fetching, waits for the updates in hand, confirms them to Telegram */
  stop(): Promise<void>;
  /** resolves when polling has stopped (by stop() or an unrecoverable error) */
  task(): Promise<void> | undefined;
}

export function runPolling(
  bot: Bot,
  opts: { allowedUpdates: readonly string[]; log?: (line: string) => void; maxConcurrency?: number },
): PollingHandle {
  const inHand = new Set<number>();
  /** the first update id not fetched yet */
  let next = 0;
  let wake: (() => void) | null = null;
  /** polls in a row that brought nothing new */
  let empty = 0;
  const idle: (() => void)[] = [];
  const settle = () => {
    wake?.();
    if (inHand.size === 0) for (const f of idle.splice(0)) f();
  };

  const fetchOnce = async (signal: AbortSignal, limit: number): Promise<Update[]> => {
    const offset = inHand.size > 0 ? Math.min(...inHand) : next;
    let retryIn = 100;
    for (;;) {
      try {
        return await bot.api.getUpdates(
          {
            offset,
            limit: Math.max(1, Math.min(limit + inHand.size, 100)),
            timeout: 30,
            allowed_updates: [...opts.allowedUpdates] as never,
          },
          signal as never,
        );
      } catch (e) {
        if (signal.aborted) throw e;
        if (e instanceof GrammyError && (e.error_code === 401 || e.error_code === 409)) throw e; // token, another poller
        opts.log?.(`getUpdates 失败，${retryIn} 毫秒后重试：${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, retryIn));
        retryIn = Math.min(retryIn * 2, 10_000);
      }
    }
  };

  const source = createSource<Update>({
    supply: async (batchSize, signal) => {
      await bot.init();
      for (;;) {
        const updates = await fetchOnce(signal as AbortSignal, batchSize);
        const fresh = updates.filter((u) => u.update_id >= next);
        if (fresh.length > 0) {
          empty = 0;
          for (const u of fresh) inHand.add(u.update_id);
          next = (fresh[fresh.length - 1] as Update).update_id + 1;
          return fresh;
        }
        if (updates.length === 0) return []; // the long poll ended empty
        // only updates in hand came back: wait until one is handled
        // (short while updates keep coming, longer while a slow one is in hand and nothing else comes)
        empty++;
        const wait =
          empty <= CALM_POLLS
            ? MIN_PAUSE_MS
            : Math.min(MIN_PAUSE_MS * 2 ** (empty - CALM_POLLS), MAX_PAUSE_MS);
        await new Promise<void>((r) => {
          const t = setTimeout(r, wait);
          wake = () => {
            clearTimeout(t);
            wake = null;
            r();
          };
        });
      }
    },
  });
  const sink = createConcurrentSink<Update>(
    {
      consume: async (u) => {
        try {
          await bot.handleUpdate(u);
        } finally {
          inHand.delete(u.update_id);
          settle();
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error as never);
      } catch (e) {
        opts.log?.(`错误处理失败：${(e as Error).message}`);
      }
    },
    { concurrency: opts.maxConcurrency ?? 500 },
  );
  const runner: RunnerHandle = createRunner(source, sink);
  runner.start();
  return {
    task: () => runner.task(),
    stop: async () => {
      await runner.stop();
      if (inHand.size > 0) await new Promise<void>((r) => idle.push(r));
      // confirm what was handled, so that a restart does not get it again
      if (next > 0) await bot.api.getUpdates({ offset: next, limit: 1, timeout: 0 }).catch(() => {});
    },
  };
}
