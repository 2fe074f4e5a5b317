/**
 * HTTP calls of the messenger adapters, bounded like the Telegram ones (bot/telegram/retry.ts): each try
 * at most `timeoutMs`; 429 (waiting Retry-After up to 30 s), 5xx and dropped connections retried, at most
 * 4 tries in all; other answers never. Errors name the call, never its URL (a reply URL carries a session
 * token) and never a header.
 */
export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${what}: HTTP ${status}${body ? ` ${body.slice(0, 100).replace(/\s+/g, " ")}` : ""}`);
    this.name = "HttpError";
  }
}

export interface CallOptions {
  what: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: unknown;
  /** a multipart body (media uploads) */
  form?: FormData;
  timeoutMs?: number;
  attempts?: number;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One call, retried as above; the answer's bytes. */
export async function callRaw(url: string, o: CallOptions): Promise<Buffer> {
  const attempts = o.attempts ?? 4;
  for (let attempt = 1, pause = 500; ; attempt++, pause *= 2) {
    const last = attempt >= attempts;
    let res: Response;
    try {
      res = await fetch(url, {
        method: o.method ?? (o.body !== undefined || o.form ? "POST" : "GET"),
        headers: {
          ...(o.body !== undefined && { "content-type": "application/json; charset=utf-8" }),
          ...o.headers,
        },
        body: o.form ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined),
        signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
      });
    } catch (e) {
      if (last)
        throw new Error(
          `${o.what}: ${(e as Error)?.name === "TimeoutError" ? "timed out" : "connection failed"}`,
        );
      await wait(pause);
      continue;
    }
    const bytes = Buffer.from(await res.arrayBuffer().catch(() => new ArrayBuffer(0)));
    if (res.ok) return bytes;
    const retryAfter = Number(res.headers.get("retry-after") ?? "1");
    if (!last && res.status === 429 && retryAfter <= 30) await wait(Math.max(retryAfter, 0.5) * 1000);
    else if (!last && res.status >= 500) await wait(pause);
    else throw new HttpError(o.what, res.status, bytes.toString("utf8"));
  }
}

/** One call whose answer is JSON. */
export async function callJson<T>(url: string, o: CallOptions): Promise<T> {
  const bytes = await callRaw(url, o);
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch {
    throw new Error(`${o.what}: the answer is not JSON`);
  }
}
