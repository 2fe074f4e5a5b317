import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the fake server does with one request. */
export type Behaviour =
  | { kind: "content"; content: string; delayMs?: number }
  | { kind: "status"; status: number; message?: string; headers?: Record<string, string> }
  | { kind: "rejectJsonSchema" }
  | { kind: "tool"; name: string; args: string; delayMs?: number }
  | { kind: "drop" }
  /** the status line and headers, then nothing (the first `partial` characters of the body, if given) */
  | { kind: "stall"; status?: number; partial?: string }
  /** a good completion whose body comes `bytes` at a time every `everyMs` */
  | { kind: "drip"; content: string; bytes: number; everyMs: number }
  /** any status, content type and body, sent as they are (a proxy's HTML page, a huge error, …) */
  | {
      kind: "raw";
      status: number;
      contentType: string;
      body: string | Buffer;
      headers?: Record<string, string>;
    };

/**
 * A proxy's 502 page as nginx-style gateways send it: HTML, padded with the usual comment lines to
 * `size` characters (the one seen in the field had 5,854).
 */
export function htmlBadGatewayPage(size = 5854): string {
  const head =
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>502 Bad Gateway</title>\n' +
    "<style>body{font-family:sans-serif;margin:4em}h1{color:#c00}</style></head>\n" +
    "<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n";
  const tail = "</body>\n</html>\n";
  const pad = "<!-- a padding to disable MSIE and Chrome friendly error page -->\n";
  let middle = "";
  while (head.length + middle.length + pad.length + tail.length <= size) middle += pad;
  return `${head}${middle}${" ".repeat(size - head.length - middle.length - tail.length)}${tail}`;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  // biome-ignore lint/suspicious/noExplicitAny: the request body is whatever the client sent
  body: any;
}

/**
 * A fake OpenAI-compatible server on 127.0.0.1: a real HTTP peer for the openai SDK. Each request takes
 * the next scripted behaviour; every request is recorded. An unscripted request gets a 500 that says so.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  private queue: Behaviour[] = [];
  private server: Server;
  private sockets = new Set<Socket>();
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  /** Forgets what is still scripted. */
  clear(): this {
    this.queue = [];
    return this;
  }

  script(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** What every request gets once the script is used up (benchmarks: as many as come). */
  otherwise: Behaviour | null = null;

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Waits until the client has gone (or the server closes), writing nothing more. */
  private gone(res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      if (res.destroyed) return resolve();
      res.once("close", () => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text ? JSON.parse(text) : null;
    this.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
    const b = this.queue.shift() ?? this.otherwise ?? undefined;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    const completion = (message: object, finish: string) => ({
      id: `chatcmpl-${this.requests.length}`,
      object: "chat.completion",
      created: 1_764_000_000,
      model: body?.model ?? "fake",
      choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
    if (!b)
      return send(500, { error: { message: "fake server: no scripted answer left", type: "server_error" } });
    switch (b.kind) {
      case "content":
        if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
        if (res.destroyed) return;
        return send(200, completion({ role: "assistant", content: b.content, refusal: null }, "stop"));
      case "status":
        return send(
          b.status,
          { error: { message: b.message ?? `status ${b.status}`, type: "error" } },
          b.headers,
        );
      case "rejectJsonSchema":
        if (body?.response_format?.type === "json_schema") {
          return send(400, {
            error: {
              message: "response_format type json_schema is not supported by this model",
              type: "invalid_request_error",
            },
          });
        }
        return send(500, {
          error: { message: "fake server: rejectJsonSchema got no json_schema", type: "server_error" },
        });
      case "tool":
        if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
        if (res.destroyed) return;
        return send(
          200,
          completion(
            {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: [{ id: "call_1", type: "function", function: { name: b.name, arguments: b.args } }],
            },
            "tool_calls",
          ),
        );
      case "drop":
        req.socket.destroy();
        return;
      case "stall":
        res.writeHead(b.status ?? 200, { "content-type": "application/json" });
        if (b.partial) res.write(b.partial);
        else res.flushHeaders();
        return this.gone(res);
      case "drip": {
        const all = Buffer.from(
          JSON.stringify(completion({ role: "assistant", content: b.content, refusal: null }, "stop")),
        );
        res.writeHead(200, { "content-type": "application/json", "content-length": String(all.length) });
        for (let at = 0; at < all.length && !res.destroyed; at += b.bytes) {
          res.write(all.subarray(at, at + b.bytes));
          await new Promise((r) => setTimeout(r, b.everyMs));
        }
        if (!res.destroyed) res.end();
        return;
      }
      case "raw":
        res.writeHead(b.status, { "content-type": b.contentType, ...b.headers });
        res.end(b.body);
        return;
    }
  }
}
