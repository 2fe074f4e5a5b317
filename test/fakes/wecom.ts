import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A fake 企业微信 智能机器人 long connection on 127.0.0.1 (ws): `aibot_subscribe` checked against the bot's
 * id and secret and acked, heartbeats acked, messages and events pushed as `aibot_msg_callback` /
 * `aibot_event_callback`, every client frame acked `{headers:{req_id}, errcode}`, stream and card replies,
 * active messages, chunked media uploads; a second connection of the same bot gets the first one a
 * `disconnected_event` and closes it. Files users send are served over HTTP, AES-256-CBC encrypted with
 * the message's aeskey, the name in Content-Disposition. Field names from the SDK's types and README.
 */
export interface WcChat {
  /** chatid of a group; for a private chat, the user's id */
  id: string;
  group: boolean;
}
export interface WcMessage {
  n: number;
  chat: string;
  /** a userid, or "bot" */
  from: string;
  text?: string;
  file?: { name: string; content: Buffer };
  card?: { task_id: string; buttons: { text: string; key: string }[] };
  /** the frame that carried a user's message */
  reqId?: string;
}

export const BOT = "bot";

export class FakeWeCom extends EventEmitter {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  readonly connections: WebSocket[] = [];
  readonly log: WcMessage[] = [];
  /** client frames by cmd */
  readonly frames: { cmd: string; body: unknown }[] = [];
  private reqChats = new Map<string, string>();
  private uploads = new Map<string, { name: string; chunks: Buffer[] }>();
  private media = new Map<string, { name: string; content: Buffer }>();
  private files = new Map<string, { name: string; encrypted: Buffer }>();
  private nextMsg = 1;
  url = "";
  /** heartbeat acks are not sent (a half-open connection) */
  silent = false;
  /** stream replies are refused with this errcode (e.g. 846608: the message's reply expired) */
  refuseStream: number | null = null;
  /** the bot's replies and messages are shown (and acked) only after this long */
  slowReplyMs = 0;

  constructor(
    readonly botId: string,
    readonly secret: string,
  ) {
    super();
    this.setMaxListeners(1000);
  }

  async start(): Promise<string> {
    this.http = createServer((req, res) => {
      const f = this.files.get(new URL(req.url ?? "/", "http://x").pathname.slice(7));
      if (!f) return void res.writeHead(404).end();
      // a file sent without its name (the name is optional in the download's headers)
      const named =
        f.name === ""
          ? {}
          : { "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}` };
      res.writeHead(200, named).end(f.encrypted);
    });
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on("connection", (ws) => this.connected(ws));
    await new Promise<void>((r) => this.http?.listen(0, "127.0.0.1", r));
    this.url = `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const ws of this.connections) ws.terminate();
    this.wss?.close();
    this.http?.closeAllConnections();
    await new Promise<void>((r) => (this.http ? this.http.close(() => r()) : r()));
  }

  /** The authenticated connection messages go to. */
  get socket(): WebSocket | undefined {
    return [...this.connections].reverse().find((w) => w.readyState === w.OPEN && this.authed.has(w));
  }
  private authed = new WeakSet<WebSocket>();

  dropSockets(): void {
    for (const ws of this.connections) ws.terminate();
  }

  private ack(ws: WebSocket, reqId: string, errcode = 0, body?: unknown): void {
    ws.send(
      JSON.stringify({
        headers: { req_id: reqId },
        errcode,
        errmsg: errcode ? "error" : "ok",
        ...(body !== undefined && { body }),
      }),
    );
  }

  private connected(ws: WebSocket): void {
    this.connections.push(ws);
    ws.on("close", () => this.emit("change"));
    ws.on("message", (raw) => {
      const cmd = (JSON.parse(String(raw)) as { cmd?: string }).cmd ?? "";
      if (this.slowReplyMs > 0 && /^aibot_(respond|send)_msg$/.test(cmd)) {
        setTimeout(() => ws.readyState === ws.OPEN && this.frame(ws, raw), this.slowReplyMs);
        return;
      }
      this.frame(ws, raw);
    });
  }

  private frame(ws: WebSocket, raw: unknown) {
    {
      const f = JSON.parse(String(raw)) as {
        cmd: string;
        headers: { req_id: string };
        // biome-ignore lint/suspicious/noExplicitAny: a fake reads whatever fields the client sent
        body?: Record<string, any>;
      };
      const b = f.body ?? {};
      this.frames.push({ cmd: f.cmd, body: f.cmd === "aibot_upload_media_chunk" ? "…" : b });
      const reqId = f.headers.req_id;
      switch (f.cmd) {
        case "aibot_subscribe": {
          if (b.bot_id !== this.botId || b.secret !== this.secret) return this.ack(ws, reqId, 40058);
          for (const old of this.connections.filter(
            (w) => w !== ws && this.authed.has(w) && w.readyState === w.OPEN,
          )) {
            this.push(old, "aibot_event_callback", {
              msgid: `kick-${randomUUID()}`,
              create_time: Date.now(),
              aibotid: this.botId,
              msgtype: "event",
              from: { userid: "" },
              event: { eventtype: "disconnected_event" },
            });
            setTimeout(() => old.close(), 50);
          }
          this.authed.add(ws);
          this.ack(ws, reqId);
          this.emit("change");
          return;
        }
        case "ping":
          if (!this.silent) this.ack(ws, reqId);
          return;
        case "aibot_respond_msg": {
          if (this.refuseStream !== null && b.msgtype !== undefined)
            return this.ack(ws, reqId, this.refuseStream);
          const chat = this.reqChats.get(reqId) ?? "";
          const card = b.template_card;
          this.record({
            chat,
            from: BOT,
            ...(b.stream?.content !== undefined && { text: b.stream.content }),
            ...(card && { card: { task_id: card.task_id, buttons: card.button_list ?? [] } }),
          });
          return this.ack(ws, reqId);
        }
        case "aibot_send_msg": {
          const chat = b.chatid as string;
          const media = b.file?.media_id ? this.media.get(b.file.media_id) : undefined;
          const card = b.template_card;
          this.record({
            chat,
            from: BOT,
            ...(b.markdown && { text: b.markdown.content }),
            ...(media && { file: media }),
            ...(card && { card: { task_id: card.task_id, buttons: card.button_list ?? [] } }),
          });
          return this.ack(ws, reqId);
        }
        case "aibot_respond_update_msg":
        case "aibot_respond_welcome_msg":
          return this.ack(ws, reqId);
        case "aibot_upload_media_init": {
          const id = `up-${randomUUID()}`;
          this.uploads.set(id, { name: b.filename, chunks: [] });
          return this.ack(ws, reqId, 0, { upload_id: id });
        }
        case "aibot_upload_media_chunk": {
          const u = this.uploads.get(b.upload_id);
          if (!u) return this.ack(ws, reqId, 40001);
          u.chunks[b.chunk_index] = Buffer.from(b.base64_data, "base64");
          return this.ack(ws, reqId);
        }
        case "aibot_upload_media_finish": {
          const u = this.uploads.get(b.upload_id);
          if (!u) return this.ack(ws, reqId, 40001);
          const id = `media-${this.media.size + 1}`;
          this.media.set(id, { name: u.name, content: Buffer.concat(u.chunks) });
          return this.ack(ws, reqId, 0, { type: "file", media_id: id, created_at: String(Date.now()) });
        }
        default:
          return this.ack(ws, reqId, 40000);
      }
    }
  }

  private push(ws: WebSocket, cmd: string, body: Record<string, unknown>): string {
    const reqId = `req-${randomUUID()}`;
    ws.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  /** Sends a callback to the bot now (or when it connects). */
  private deliver(cmd: string, chat: string, body: Record<string, unknown>): void {
    const ws = this.socket;
    if (!ws) {
      setTimeout(() => this.deliver(cmd, chat, body), 50);
      return;
    }
    this.reqChats.set(this.push(ws, cmd, body), chat);
  }

  private base(chat: WcChat, user: string, msgtype: string): Record<string, unknown> {
    return {
      msgid: `wcmsg-${this.nextMsg++}`,
      aibotid: this.botId,
      ...(chat.group && { chatid: chat.id }),
      chattype: chat.group ? "group" : "single",
      from: { userid: user },
      create_time: Date.now(),
      msgtype,
    };
  }

  /** A user writes (in a group "@自评助手 …": only @-mentions arrive there). The body, to resend it. */
  say(chat: WcChat, user: string, text: string): { message: WcMessage; body: Record<string, unknown> } {
    const content = chat.group ? `@自评助手 ${text}` : text;
    const body = { ...this.base(chat, user, "text"), text: { content } };
    const message = this.record({ chat: chat.id, from: user, text: content });
    this.deliver("aibot_msg_callback", chat.id, body);
    return { message, body };
  }

  /** The same callback again (a redelivery). */
  resend(chat: WcChat, body: Record<string, unknown>): void {
    this.deliver("aibot_msg_callback", chat.id, body);
  }

  /** A user sends a file in a private chat: the bot gets its address and key (name "": none on download). */
  sendFile(chat: WcChat, user: string, name: string, content: Buffer): WcMessage {
    const key = randomBytes(32);
    const id = randomUUID();
    this.files.set(id, { name, encrypted: encrypt(content, key) });
    const url = this.url.replace("ws://", "http://");
    const m = this.record({ chat: chat.id, from: user, file: { name, content } });
    this.deliver("aibot_msg_callback", chat.id, {
      ...this.base(chat, user, "file"),
      file: { url: `${url}/files/${id}`, aeskey: key.toString("base64") },
    });
    return m;
  }

  /** A user presses a button of a card the bot sent. */
  click(chat: WcChat, user: string, card: NonNullable<WcMessage["card"]>, text: string): WcMessage {
    const button = card.buttons.find((b) => b.text === text);
    if (!button) throw new Error(`no button ${text}`);
    const m = this.record({ chat: chat.id, from: user, text: `［点了：${text}］` });
    this.deliver("aibot_event_callback", chat.id, {
      ...this.base(chat, user, "event"),
      event: { eventtype: "template_card_event", event_key: button.key, task_id: card.task_id },
    });
    return m;
  }

  private waiters = new Map<string, (m: WcMessage) => void>();

  /** The bot's next message in a chat (ask before the message it answers); for load tests. */
  nextBotMessage(chatId: string): Promise<WcMessage> {
    return new Promise((resolve) => this.waiters.set(chatId, resolve));
  }

  private record(m: Omit<WcMessage, "n">): WcMessage {
    const full = { n: this.log.length, ...m };
    this.log.push(full);
    const waiting = full.from === "bot" ? this.waiters.get(full.chat) : undefined;
    if (waiting) {
      this.waiters.delete(full.chat);
      waiting(full);
    }
    this.emit("change");
    return full;
  }

  botMessages(chat: WcChat, after = -1): WcMessage[] {
    return this.log.filter((m) => m.n > after && m.chat === chat.id && m.from === BOT);
  }

  until<T>(test: () => T | undefined | false, ms = 15_000, what = "condition"): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = test();
        if (v === undefined || v === false) return false;
        clearTimeout(timer);
        this.off("change", check);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        this.off("change", check);
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      if (!check()) this.on("change", check);
    });
  }

  replyTo(m: WcMessage, ms = 20_000): Promise<WcMessage[]> {
    return this.until(
      () => {
        const after = this.botMessages({ id: m.chat, group: false }, m.n);
        return after.length > 0 ? after : undefined;
      },
      ms,
      `a reply to “${m.text ?? m.file?.name}”`,
    );
  }

  transcript(chat: WcChat): string {
    return this.log
      .filter((m) => m.chat === chat.id)
      .map((m) => {
        const who = m.from === BOT ? "自评助手" : m.from;
        const file = m.file ? `［文件：${m.file.name}，${m.file.content.length} 字节］` : "";
        const card = m.card ? `\n    ${m.card.buttons.map((b) => `［${b.text}］`).join(" ")}` : "";
        return `${who}: ${m.text ?? ""}${file}${card}`;
      })
      .join("\n");
  }
}

/** AES-256-CBC, IV the key's first 16 bytes, PKCS#7 padded to 32 bytes (as the SDK's decryptFile expects). */
export function encrypt(content: Buffer, key: Buffer): Buffer {
  const pad = 32 - (content.length % 32);
  const padded = Buffer.concat([content, Buffer.alloc(pad, pad)]);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(padded), c.final()]);
}
