import { setTimeout as sleep } from "node:timers/promises";
import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import { z } from "zod";

/** How to reach an OpenAI-compatible server (OpenAI, DeepSeek, Qwen on DashScope, Ollama, vLLM). */
export interface LlmConfig {
  baseURL?: string | undefined;
  apiKey: string;
  model: string;
  /**
   * One deadline per request, default 60 000 ms: connecting, the answer's headers and its whole body,
   * and the retries with their waits, all inside it.
   */
  timeoutMs: number;
  /** retries on 429, 5xx and dropped connections, while the deadline leaves time (Retry-After honoured) */
  maxRetries: number;
}

/** The most read of any answer, error or not (a draft is a few KB): a bigger one is cut off. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How much of an error's first line a user sees. */
const FIRST_LINE_CHARS = 100;

/** A failure already put in words a user may read: no body, no key. */
export class LlmFailure extends Error {}

const TIMED_OUT = "请求超时";

/** fetch whose bodies end in an error past MAX_BODY_BYTES, so no server can fill the memory. */
const boundedFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const res = await fetch(url, init);
  if (!res.body || [101, 204, 205, 304].includes(res.status)) return res;
  let seen = 0;
  const limit = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, out) {
      seen += chunk.byteLength;
      if (seen > MAX_BODY_BYTES) {
        out.error(new LlmFailure(`返回的内容过大（超过 ${MAX_BODY_BYTES / 1024 / 1024} MB）`));
      } else out.enqueue(chunk);
    },
  });
  return new Response(res.body.pipeThrough(limit), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
};

/** What a chat completion must have for the callers to read it. */
const CompletionShape = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({ type: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) }),
            )
            .nullish(),
        }),
      }),
    )
    .min(1),
});

/** Reads one answer's body (bounded by the fetch) as a chat completion, or says what it is instead. */
async function completionOf(response: Response): Promise<ChatCompletion> {
  const status = `HTTP ${response.status}`;
  const media = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    if (e instanceof LlmFailure) throw new LlmFailure(`${status}：${e.message}`);
    throw e;
  }
  if (media === "text/html" || media === "application/xhtml+xml") {
    throw new LlmFailure(`${status}：返回的是网页，不是大模型的回答`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    if (media.includes("json")) throw new LlmFailure(`${status}：返回的内容不是有效的 JSON`);
    const kind = /^[\w.+-]{1,40}\/[\w.+-]{1,60}$/.test(media) ? media : "未注明类型";
    throw new LlmFailure(`${status}：返回的内容（${kind}）不是大模型的回答`);
  }
  if (!CompletionShape.safeParse(data).success)
    throw new LlmFailure(`${status}：返回的 JSON 不是大模型的回答`);
  return data as ChatCompletion;
}

/** Settles with `p`, or rejects as soon as `signal` aborts, whatever `p` is still waiting for. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LlmFailure(TIMED_OUT));
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** How long to wait before retrying after `e`, or null when `e` is not worth a retry (a 4xx but 429). */
function retryDelay(e: unknown, retry: number): number | null {
  if (e instanceof OpenAI.APIConnectionError) return backoff(retry);
  if (!(e instanceof OpenAI.APIError) || e.status === undefined) return null;
  if (e.status !== 429 && e.status < 500) return null;
  const ms = Number.parseFloat(e.headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = e.headers?.get("retry-after")?.trim();
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return backoff(retry);
}

/** The SDK's backoff: 0.5 s doubling to at most 8 s, less up to a quarter of jitter. */
function backoff(retry: number): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);
}

/**
 * One chat completion under one deadline (`timeoutMs`): connecting, the headers, the whole body, and
 * the retries with their waits. The SDK's own retries are off: its waits cannot be cut short and it
 * honours any Retry-After (an hour, if a server says so). Here a retry happens only while the deadline
 * leaves time for its wait; a timeout is not retried, since the deadline is spent by then. The answer
 * must be a chat completion; anything else fails with a short description (`LlmFailure`).
 */
export async function chatCompletion(
  llm: LlmConfig,
  body: ChatCompletionCreateParamsNonStreaming,
): Promise<ChatCompletion> {
  const client = new OpenAI({
    apiKey: llm.apiKey,
    baseURL: llm.baseURL,
    timeout: llm.timeoutMs,
    maxRetries: 0,
    fetch: boundedFetch,
  });
  const ends = Date.now() + llm.timeoutMs;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), llm.timeoutMs);
  const signal = deadline.signal;
  try {
    for (let retry = 0; ; retry++) {
      try {
        const attempt = client.chat.completions.create(body, { signal }).asResponse().then(completionOf);
        return await untilAborted(attempt, signal);
      } catch (e) {
        if (signal.aborted) throw new LlmFailure(TIMED_OUT);
        const wait = retry < llm.maxRetries ? retryDelay(e, retry) : null;
        if (wait === null || Date.now() + wait >= ends) throw e;
        await sleep(wait, undefined, { signal }).catch(() => {
          throw new LlmFailure(TIMED_OUT);
        });
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The first non-empty line of a text, without control characters, cut to `max` characters. */
export function firstLine(text: string, max = FIRST_LINE_CHARS): string {
  const line =
    text
      .split(/\r\n|[\n\r\u2028\u2029]/)
      .map((l) => l.replace(/[\p{Cc}\p{Cf}]/gu, "").trim())
      .find((l) => l.length > 0) ?? "";
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : line;
}

/** Markup: a web page, or part of one, is never shown. */
const MARKUP = /^<|<\/?(?:!doctype|html|head|body|title|h1|div|center|p|br|hr)\b/i;

/** An error response as a user may read it: the status, and the first line of its message unless markup. */
function statusLine(e: InstanceType<typeof OpenAI.APIError>, apiKey: string): string {
  const status = `HTTP ${e.status}`;
  const message = e.message.startsWith(`${e.status} `) ? e.message.slice(`${e.status} `.length) : e.message;
  if (message === "status code (no body)") return status;
  const line = firstLine(redact(message, apiKey));
  return line && !MARKUP.test(line) ? `${status}：${line}` : status;
}

function redact(text: string, apiKey: string): string {
  return apiKey ? text.split(apiKey).join("***") : text;
}

/**
 * A failed request in a few words a user may read and a log may keep: the status and the first line of
 * the server's message (never a body, never markup, at most 100 characters), and never the API key.
 */
export function describeError(e: unknown, apiKey: string): string {
  if (e instanceof LlmFailure) return redact(e.message, apiKey);
  if (e instanceof OpenAI.APIConnectionTimeoutError) return TIMED_OUT;
  if (e instanceof OpenAI.APIConnectionError) return "无法连接";
  if (e instanceof OpenAI.APIError && e.status !== undefined) return statusLine(e, apiKey);
  return firstLine(redact(e instanceof Error ? e.message : String(e), apiKey)) || "未知错误";
}
