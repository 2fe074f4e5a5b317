import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A fake Telegram Bot API server on 127.0.0.1 (node:http): the real bot runs against it through
 * TELEGRAM_API_ROOT. It serves getUpdates by long polling, keeps the chats' messages (so users can reply
 * to the bot's questions and press its buttons), parses multipart uploads, serves files for getFile,
 * records every call, and injects faults: 429 with retry_after, 5xx, dropped connections, slow answers.
 */
export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  is_bot?: false;
}
export interface FakeChat {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
  first_name?: string;
}
export interface FakeMessage {
  message_id: number;
  date: number;
  chat: FakeChat;
  from: { id: number; is_bot: boolean; first_name: string; username?: string };
  text?: string;
  caption?: string;
  document?: {
    file_id: string;
    file_unique_id: string;
    file_name: string;
    file_size: number;
    mime_type?: string;
  };
  reply_to_message?: FakeMessage;
  reply_markup?: unknown;
  entities?: unknown[];
  /** sent by the bot: its document's bytes */
  upload?: { filename: string; content: Buffer };
}
export interface Call {
  method: string;
  params: Record<string, unknown>;
  files: Record<string, { filename: string; content: Buffer }>;
  at: number;
}
export type Fault =
  | { kind: "429"; retryAfter: number }
  | { kind: "500" }
  | { kind: "drop" }
  | { kind: "slow"; ms: number };

export const BOT_USER = { id: 7000001, is_bot: true, first_name: "Zipin", username: "zipin_test_bot" };

type Update = { update_id: number } & Record<string, unknown>;

export class FakeTelegram extends EventEmitter {
  readonly calls: Call[] = [];
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private updates: Update[] = [];
  private nextUpdate = 1;
  private nextMessage = new Map<number, number>();
  private messages = new Map<string, FakeMessage>();
  /** every message of every chat in order, users' and the bot's */
  readonly log: FakeMessage[] = [];
  private files = new Map<string, { path: string; content: Buffer }>();
  private faults = new Map<string, Fault[]>();
  private waiters = new Set<() => void>();
  /** group administrators (user ids) */
  readonly admins = new Set<number>();
  /** faults at random on this share of calls (not getUpdates unless `onPolling`), from a seeded generator */
  random: { rate: number; seed: number; onPolling?: boolean; faults: Fault[] } | null = null;
  apiRoot = "";

  constructor(readonly token: string) {
    super();
    this.setMaxListeners(1000);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.apiRoot;
  }

  async close(): Promise<void> {
    this.webhook = null;
    for (const w of this.waiters) w();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The next `times` calls of `method` fail this way. */
  fail(method: string, fault: Fault, times = 1): void {
    const q = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.faults.set(method, q);
  }

  /** No more scripted faults. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Calls of `method` for one chat fail this way, `times` times (as Telegram's flood limit of a group does). */
  failFor(method: string, chatId: number, fault: Fault, times = 1): void {
    this.fail(`${method}@${chatId}`, fault, times);
  }

  /** Files whose download (…/file/bot<token>/…) answers 404, by file path: a storage outage at Telegram. */
  readonly brokenFiles = new Set<string>();

  /** The path a file sent by a user is served at (see `brokenFiles`). */
  filePath(m: FakeMessage): string {
    return this.files.get(m.document?.file_id ?? "")?.path ?? "";
  }

  // --- what users do ---------------------------------------------------------------------------

  private newMessage(chat: FakeChat, from: FakeMessage["from"], fields: Partial<FakeMessage>): FakeMessage {
    const id = (this.nextMessage.get(chat.id) ?? 0) + 1;
    this.nextMessage.set(chat.id, id);
    const m: FakeMessage = { message_id: id, date: Math.floor(Date.now() / 1000), chat, from, ...fields };
    this.messages.set(`${chat.id}:${id}`, m);
    this.log.push(m);
    if (from.id === BOT_USER.id) {
      const waiting = this.botWaiters.get(chat.id);
      if (waiting) {
        this.botWaiters.delete(chat.id);
        waiting(m);
      }
    }
    return m;
  }

  private botWaiters = new Map<number, (m: FakeMessage) => void>();

  /** The bot's next message in a chat (call before the user's message that it answers); for load tests. */
  nextBotMessage(chat: FakeChat): Promise<FakeMessage> {
    return new Promise((resolve) => this.botWaiters.set(chat.id, resolve));
  }

  /** the update that brought a user's message */
  readonly updateOf = new WeakMap<FakeMessage, number>();

  private push(u: Omit<Update, "update_id">): number {
    const update_id = this.nextUpdate++;
    this.updates.push({ update_id, ...u } as Update);
    for (const w of this.waiters) w();
    if (this.webhook) void this.deliver();
    return update_id;
  }

  /** Updates not yet taken by the bot (not confirmed by an offset, not answered 200 by its webhook). */
  pendingUpdates(): { update_id: number }[] {
    return [...this.updates];
  }

  /** set by setWebhook: updates are then POSTed there, as Telegram does, instead of served to getUpdates */
  webhook: { url: string; secret: string } | null = null;
  /** where the webhook is really reached (the bot's port on 127.0.0.1), when its public URL is not */
  webhookTarget: string | null = null;
  private delivering = false;

  /**
   * Telegram's webhook delivery: the oldest update first, POSTed until the bot answers 2xx (retried after
   * a pause when it refuses or cannot be reached: restarting, killed); then the next one.
   */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook && this.updates.length > 0) {
        const u = this.updates[0] as Update;
        // the public address of a test bot is not on this machine: wait until the test says where it is
        const target =
          this.webhookTarget ?? (this.webhook.url.startsWith("http://127.0.0.1") ? this.webhook.url : null);
        let ok = false;
        if (target === null) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        try {
          const res = await fetch(target, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-telegram-bot-api-secret-token": this.webhook.secret,
            },
            body: JSON.stringify(u),
            signal: AbortSignal.timeout(60_000),
          });
          ok = res.ok;
          await res.arrayBuffer();
        } catch {}
        if (ok) this.updates.shift();
        else await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      this.delivering = false;
    }
  }

  message(chat: FakeChat, id: number): FakeMessage | undefined {
    return this.messages.get(`${chat.id}:${id}`);
  }

  /** A user writes in a chat (optionally as a reply to a message there); returns the message. */
  say(chat: FakeChat, user: FakeUser, text: string, replyTo?: number): FakeMessage {
    const cmd = /^\/[A-Za-z]+(@\w+)?/.exec(text);
    const m = this.newMessage(
      chat,
      { ...user, is_bot: false },
      {
        text,
        ...(cmd && { entities: [{ type: "bot_command", offset: 0, length: cmd[0].length }] }),
        ...(replyTo !== undefined && { reply_to_message: this.message(chat, replyTo) }),
      },
    );
    this.updateOf.set(m, this.push({ message: m }));
    return m;
  }

  /** Any other update (edited messages, photos, channel posts...), as Telegram would send it. */
  raw(update: Record<string, unknown>): number {
    return this.push(update);
  }

  /** A user sends a file. */
  sendFile(chat: FakeChat, user: FakeUser, name: string, content: Buffer, caption?: string): FakeMessage {
    const id = `f${this.files.size + 1}`;
    this.files.set(id, { path: `documents/${id}.bin`, content });
    const m = this.newMessage(
      chat,
      { ...user, is_bot: false },
      {
        document: { file_id: id, file_unique_id: `u${id}`, file_name: name, file_size: content.length },
        ...(caption && { caption }),
      },
    );
    this.updateOf.set(m, this.push({ message: m }));
    return m;
  }

  /** A user presses a button of a bot message. */
  press(chat: FakeChat, user: FakeUser, messageId: number, data: string): number {
    const message = this.message(chat, messageId);
    return this.push({
      callback_query: {
        id: `cb${this.nextUpdate}`,
        from: { ...user, is_bot: false },
        chat_instance: "ci",
        data,
        ...(message && { message }),
      },
    });
  }

  /** The bot's messages in a chat (texts and documents), in order. */
  botMessages(chat: FakeChat): FakeMessage[] {
    return this.log.filter((m) => m.chat.id === chat.id && m.from.id === BOT_USER.id);
  }

  /** Resolves when `test` holds (checked after every call the bot makes), or rejects after `ms`. */
  until<T>(test: () => T | undefined | false, ms = 15_000, what = "condition"): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = test();
        if (v !== undefined && v !== false) {
          clearTimeout(timer);
          this.off("call", check);
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.off("call", check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      if (!check()) this.on("call", check);
    });
  }

  /** Waits for the bot's reply to a user's message (the first bot message after it in its chat). */
  async replyTo(m: FakeMessage, ms = 15_000): Promise<FakeMessage[]> {
    const at = this.log.indexOf(m);
    return this.until(
      () => {
        const after = this.log
          .slice(at + 1)
          .filter((x) => x.chat.id === m.chat.id && x.from.id === BOT_USER.id);
        return after.length > 0 ? after : undefined;
      },
      ms,
      `a reply to “${m.text ?? m.document?.file_name}”`,
    );
  }

  /** A readable transcript of a chat. */
  transcript(chat: FakeChat): string {
    return this.log
      .filter((m) => m.chat.id === chat.id)
      .map((m) => {
        const who = m.from.id === BOT_USER.id ? "Zipin" : `${m.from.first_name}`;
        const body = m.text ?? m.caption ?? "";
        const file = m.document ? `［文件：${m.document.file_name}，${m.document.file_size} 字节］` : "";
        const buttons = (
          m.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined
        )?.inline_keyboard
          ?.flat()
          .map((b) => `［${b.text}］`)
          .join(" ");
        const re = m.reply_to_message ? ` ↩${m.reply_to_message.message_id}` : "";
        return `#${m.message_id} ${who}${re}: ${body}${file}${buttons ? `\n    ${buttons}` : ""}`;
      })
      .join("\n");
  }

  // --- the Bot API -----------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const f = [...this.files.values()].find((x) => x.path === file[2]);
      if (file[1] !== this.token || !f || this.brokenFiles.has(file[2] as string)) res.writeHead(404).end();
      else res.writeHead(200, { "content-type": "application/octet-stream" }).end(f.content);
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const body = await readBody(req);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    if (m[1] !== this.token) {
      json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const method = m[2] as string;
    const { params, files } = parseParams(req.headers["content-type"] ?? "", body, url);
    const call: Call = { method, params, files, at: Date.now() };
    const chatFaults = this.faults.get(`${method}@${params.chat_id}`);
    const fault = chatFaults && chatFaults.length > 0 ? chatFaults.shift() : this.nextFault(method);
    if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.ms));
    else if (fault) {
      this.calls.push({ ...call, method: `${method}!${fault.kind}` });
      this.emit("call", { ...call, method: `${method}!${fault.kind}` });
      if (fault.kind === "drop") req.socket.destroy();
      else if (fault.kind === "429") {
        json(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${fault.retryAfter}`,
          parameters: { retry_after: fault.retryAfter },
        });
      } else json(res, 502, { ok: false, error_code: 502, description: "Bad Gateway" });
      return;
    }
    if (method === "getUpdates") {
      await this.getUpdates(params, req, res);
      return;
    }
    this.calls.push(call);
    const result = this.answer(method, params, files);
    if (result === undefined)
      json(res, 404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    else if (result instanceof Error)
      json(res, 400, { ok: false, error_code: 400, description: result.message });
    else json(res, 200, { ok: true, result });
    this.emit("call", call);
  }

  private nextFault(method: string): Fault | undefined {
    const q = this.faults.get(method);
    if (q && q.length > 0) return q.shift();
    const r = this.random;
    if (!r || (method === "getUpdates" && !r.onPolling)) return undefined;
    // mulberry32: repeatable for a seed
    r.seed = (r.seed + 0x6d2b79f5) | 0;
    let t = r.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const x = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return x < r.rate ? r.faults[Math.floor((x / r.rate) * r.faults.length)] : undefined;
  }

  private async getUpdates(params: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) {
    const offset = Number(params.offset ?? 0);
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    const limit = Number(params.limit ?? 100);
    const timeout = Number(params.timeout ?? 0);
    const ready = () => this.updates.slice(0, limit);
    let got = ready();
    if (got.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiters.delete(done);
          clearTimeout(timer);
          req.socket.off("close", done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1000);
        this.waiters.add(done);
        req.socket.once("close", done); // the bot stopped polling
      });
      got = ready();
    }
    this.calls.push({ method: "getUpdates", params, files: {}, at: Date.now() });
    if (!res.destroyed) json(res, 200, { ok: true, result: got });
  }

  private answer(
    method: string,
    p: Record<string, unknown>,
    files: Record<string, { filename: string; content: Buffer }>,
  ): unknown {
    const chatOf = (id: unknown): FakeChat => {
      const n = Number(id);
      return this.log.find((m) => m.chat.id === n)?.chat ?? { id: n, type: n < 0 ? "supergroup" : "private" };
    };
    switch (method) {
      case "getMe":
        return BOT_USER;
      case "setMyCommands":
      case "setWebhook":
        this.webhook = { url: String(p.url), secret: String(p.secret_token ?? "") };
        void this.deliver();
        return true;
      case "deleteWebhook":
        this.webhook = null;
        return true;
      case "sendChatAction":
      case "answerCallbackQuery":
      case "editMessageReplyMarkup":
        return true;
      case "getChatMember": {
        const id = Number(p.user_id);
        return {
          status: this.admins.has(id) ? "administrator" : "member",
          user: { id, is_bot: false, first_name: "?" },
        };
      }
      case "getFile": {
        const f = this.files.get(String(p.file_id));
        if (!f) return new Error("Bad Request: invalid file_id");
        return {
          file_id: p.file_id,
          file_unique_id: `u${p.file_id}`,
          file_size: f.content.length,
          file_path: f.path,
        };
      }
      case "sendMessage":
      case "sendDocument": {
        const chat = chatOf(p.chat_id);
        const rp = p.reply_parameters as { message_id?: number } | undefined;
        const text = p.text === undefined ? undefined : String(p.text);
        if (method === "sendMessage" && (!text || text.length > 4096))
          return new Error("Bad Request: message text is empty or too long");
        const upload = method === "sendDocument" ? uploadOf(p, files) : undefined;
        if (method === "sendDocument" && !upload)
          return new Error("Bad Request: there is no document in the request");
        const m = this.newMessage(chat, BOT_USER, {
          ...(text !== undefined && { text }),
          ...(p.caption !== undefined && { caption: String(p.caption) }),
          ...(p.reply_markup !== undefined && { reply_markup: p.reply_markup }),
          ...(rp?.message_id !== undefined && { reply_to_message: this.message(chat, rp.message_id) }),
          ...(upload && {
            upload,
            document: {
              file_id: `d${this.log.length}`,
              file_unique_id: `ud${this.log.length}`,
              file_name: upload.filename,
              file_size: upload.content.length,
            },
          }),
        });
        const { upload: _u, ...shown } = m;
        return shown;
      }
      default:
        return undefined;
    }
  }
}

function uploadOf(
  p: Record<string, unknown>,
  files: Record<string, { filename: string; content: Buffer }>,
): { filename: string; content: Buffer } | undefined {
  const ref = String(p.document ?? "");
  const attach = /^attach:\/\/(.+)$/.exec(ref);
  return attach ? files[attach[1] as string] : files.document;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json", "content-length": data.length }).end(data);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", () => resolve(Buffer.concat(parts)));
  });
}

/** JSON, urlencoded, query string or multipart/form-data (grammY's filenames are raw UTF-8, maybe unquoted). */
export function parseParams(
  type: string,
  body: Buffer,
  url: URL,
): { params: Record<string, unknown>; files: Record<string, { filename: string; content: Buffer }> } {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: Record<string, { filename: string; content: Buffer }> = {};
  if (type.startsWith("application/json") && body.length > 0)
    Object.assign(params, JSON.parse(body.toString("utf8")));
  else if (type.startsWith("application/x-www-form-urlencoded"))
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    const b = Buffer.from(`--${boundary?.[1] ?? boundary?.[2]}`);
    let at = body.indexOf(b);
    while (at >= 0) {
      const start = at + b.length;
      if (body.subarray(start, start + 2).toString() === "--") break;
      const next = body.indexOf(b, start);
      if (next < 0) break;
      const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF
      const split = part.indexOf("\r\n\r\n");
      const head = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/.exec(head)?.[1] ?? "";
      const filename = /filename="([^"]*)"|filename=([^;\r\n]+)/.exec(head);
      if (filename)
        files[name] = { filename: (filename[1] ?? filename[2] ?? "").trim(), content: Buffer.from(content) };
      else {
        const v = content.toString("utf8");
        try {
          params[name] = /^[[{]/.test(v) ? JSON.parse(v) : v;
        } catch {
          params[name] = v;
        }
      }
      at = next;
    }
  }
  return { params, files };
}
