import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Intake } from "../intake.js";
import type { OutageNotice } from "../outage.js";
import { deliveryOf, isUpdate } from "./updates.js";

/**
 * Webhook mode: Telegram POSTs each update; it is answered 200 only once it is stored in the inbox, so
 * a crash after that loses nothing (it is handled after the restart) and a crash before it makes
 * Telegram send it again. A request without the secret gets 401; a body that is not an update, 400;
 * a database that cannot store it, 503 (Telegram retries). No request can crash the server.
 */
const MAX_BODY = 1024 * 1024;

export interface WebhookServer {
  port: number;
  /** stops taking requests; requests being stored finish */
  close(): Promise<void>;
}

export async function startWebhookServer(o: {
  port: number;
  secret: string;
  intake: Intake;
  /** says "received, will be handled" to a chat whose update could not be stored (see outage.ts) */
  notice?: OutageNotice;
  log?: (line: string) => void;
}): Promise<WebhookServer> {
  const server: Server = createServer((req, res) => {
    receive(req, res, o).catch((e) => {
      o.log?.(`webhook 请求出错：${(e as Error)?.message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on("clientError", (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(o.port, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections(); // kept-alive sockets would hold close() open; busy ones finish
      await closed;
    },
  };
}

async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  o: { secret: string; intake: Intake; notice?: OutageNotice; log?: (line: string) => void },
): Promise<void> {
  if (req.method !== "POST") return void res.writeHead(405).end();
  if (req.headers["x-telegram-bot-api-secret-token"] !== o.secret) return void res.writeHead(401).end();
  const body = await readBody(req);
  if (body === null) return void res.writeHead(413).end();
  let update: unknown;
  try {
    update = JSON.parse(body);
  } catch {
    return void res.writeHead(400).end();
  }
  if (!isUpdate(update)) return void res.writeHead(400).end();
  const delivery = deliveryOf(update);
  try {
    await o.intake.receive([delivery]);
    o.notice?.recovered();
  } catch (e) {
    o.notice?.failed([delivery.chatId]);
    o.log?.(`无法保存收到的消息（Telegram 会重发）：${(e as Error)?.message}`);
    return void res.writeHead(503).end();
  }
  res.writeHead(200, { "content-type": "application/json" }).end("{}");
}

/** The request body as text; null when it is over the limit; rejects when the client went away. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else parts.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("request aborted")));
  });
}
