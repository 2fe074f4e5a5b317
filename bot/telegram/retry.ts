import { HttpError, type Transformer } from "grammy";

/**
 * Retries of Bot API calls, bounded (instead of @grammyjs/auto-retry, which retries a failed
 * connection without limit — up to an hour apart — and so could hold a chat's handler for ever):
 * - 429 Too Many Requests: waits `retry_after` when it is at most `maxRetryAfter` seconds;
 * - 5xx, a dropped connection, a timeout: waits 0.5 s, 1 s, 2 s …;
 * - any other error (400 Bad Request, 403 blocked, a request that cannot be built): never retried;
 * at most `attempts` tries in all. What still fails goes up to the caller: the reply is dropped and
 * logged, the chat goes on.
 */
export function boundedRetry(o: { attempts?: number; maxRetryAfter?: number } = {}): Transformer {
  const attempts = o.attempts ?? 4;
  const maxRetryAfter = o.maxRetryAfter ?? 30;
  return async (prev, method, payload, signal) => {
    for (let attempt = 1, pause = 500; ; attempt++, pause *= 2) {
      const last = attempt >= attempts;
      let res: Awaited<ReturnType<typeof prev>>;
      try {
        res = await prev(method, payload, signal);
      } catch (e) {
        if (last || signal?.aborted || !(e instanceof HttpError) || !isTransient(e.error)) throw e;
        await wait(pause, signal);
        continue;
      }
      if (res.ok || last) return res;
      const after = res.parameters?.retry_after;
      if (res.error_code === 429 && typeof after === "number" && after <= maxRetryAfter) {
        await wait(after * 1000, signal);
      } else if (res.error_code >= 500) {
        await wait(pause, signal);
      } else return res;
    }
  };
}

/** A failure of the network (connection refused or reset, DNS, a timeout), not of the request itself. */
function isTransient(e: unknown): boolean {
  const err = e as { type?: string; code?: string; message?: string } | undefined;
  if (err?.type === "system") return true; // node-fetch: the connection failed
  if (err?.type === "request-timeout") return true;
  return /timed out|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(
    `${err?.code ?? ""} ${err?.message ?? ""}`,
  );
}

/** What the Bot API client passes as a signal (its own AbortSignal shim's shape). */
interface Signal {
  aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
}

function wait(ms: number, signal?: Signal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(new Error("aborted while waiting to retry"));
      },
      { once: true },
    );
  });
}
