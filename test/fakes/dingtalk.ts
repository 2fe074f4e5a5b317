import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { parseParams } from "./telegram.js";

/**
 * A fake 钉钉 on 127.0.0.1: the Stream gateway (`POST /v1.0/gateway/connections/open` → a ws:// endpoint
 * with a ticket), the Stream WebSocket (robot messages as CALLBACK frames, their acks checked, an
 * un-acked message sent again after `redeliverMs`, SYSTEM ping/disconnect frames), the access token,
 * the sessionWebhook replies, the robot OpenAPI (group and private sends), media/upload,
 * messageFiles/download and a scene group's members. Field names as in the SDKs' types and the
 * platform's documentation samples (not captured traffic).
 */
export interface DtUser {
  staffId: string;
  nick: string;
  admin?: boolean;
}
export interface DtChat {
  /** openConversationId */
  id: string;
  group: boolean;
  title?: string;
}
export interface DtMessage {
  n: number;
  chat: string;
  /** a user's staffId, or "bot" */
  from: string;
  text?: string;
  file?: { name: string; content: Buffer };
  /** how the bot sent it */
  via?: "session" | "openapi";
  /** a user's message: its msgId */
  msgId?: string;
}

export const BOT_STAFF = "bot";
export const ROBOT_TOPIC = "/v1.0/im/bot/messages/get";

export class FakeDingTalk extends EventEmitter {
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private sockets = new Set<Socket>();
  readonly connections: WebSocket[] = [];
  private tickets = new Set<string>();
  private nextMsg = 1;
  private nextFrame = 1;
  /** robot messages not acked yet, by frame messageId */
  private unacked = new Map<string, { data: Record<string, unknown>; timer: NodeJS.Timeout }>();
  readonly log: DtMessage[] = [];
  readonly acks: string[] = [];
  /** every HTTP call: path and body (no tokens) */
  readonly calls: { path: string; body: unknown }[] = [];
  private media = new Map<string, { name: string; content: Buffer }>();
  private files = new Map<string, Buffer>();
  /** groups made from a template: their members can be listed */
  readonly sceneGroups = new Map<string, Set<string>>();
  root = "";
  token = "";
  /** an un-acked message is delivered again after this long */
  redeliverMs = 60_000;
  /** messages delivered, counting redeliveries */
  delivered = 0;
  /** when set, acks are ignored (the message is delivered again) */
  ignoreAcks = false;
  /** the bot's sends are answered (and shown) only after this long */
  slowReplyMs = 0;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    super();
    this.setMaxListeners(1000);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) => {
      const url = new URL(req.url ?? "/", "http://x");
      const ticket = url.searchParams.get("ticket") ?? "";
      if (url.pathname !== "/connect" || !this.tickets.delete(ticket)) {
        socket.destroy();
        return;
      }
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
    });
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    this.root = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.root;
  }

  async close(): Promise<void> {
    for (const u of this.unacked.values()) clearTimeout(u.timer);
    for (const ws of this.connections) ws.terminate();
    for (const s of this.sockets) s.destroy();
    this.wss?.close();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private connected(ws: WebSocket): void {
    this.connections.push(ws);
    ws.on("message", (raw) => {
      const f = JSON.parse(String(raw)) as { code?: number; headers?: { messageId?: string } };
      const id = f.headers?.messageId;
      if (f.code === 200 && id && !this.ignoreAcks) {
        const u = this.unacked.get(id);
        if (u) {
          clearTimeout(u.timer);
          this.unacked.delete(id);
          this.acks.push(String(u.data.msgId));
          this.emit("change");
        }
      }
    });
    ws.on("close", () => this.emit("change"));
    this.emit("change");
  }

  /** The connection robot messages go to: the newest open one. */
  get socket(): WebSocket | undefined {
    return [...this.connections].reverse().find((w) => w.readyState === w.OPEN);
  }

  /** Drops every connection (as a network failure does). */
  dropSockets(): void {
    for (const ws of this.connections) ws.terminate();
  }

  /** The server says it will close this connection (SYSTEM disconnect), then closes it after `ms`. */
  announceDisconnect(ms: number): void {
    const ws = this.socket;
    if (!ws) return;
    this.frame(ws, "SYSTEM", "disconnect", "{}");
    setTimeout(() => ws.terminate(), ms);
  }

  private frame(ws: WebSocket, type: string, topic: string, data: string): string {
    const messageId = `frame-${this.nextFrame++}`;
    ws.send(
      JSON.stringify({
        specVersion: "1.0",
        type,
        headers: {
          appId: this.clientId,
          connectionId: "c1",
          contentType: "application/json",
          messageId,
          time: String(Date.now()),
          topic,
        },
        data,
      }),
    );
    return messageId;
  }

  /** Pushes a robot message; sent again (same msgId) until acked. */
  deliver(data: Record<string, unknown>): void {
    const ws = this.socket;
    if (!ws) {
      // not connected: 钉钉 keeps it and delivers it when a connection comes
      setTimeout(() => this.deliver(data), 100);
      return;
    }
    this.delivered++;
    const id = this.frame(ws, "CALLBACK", ROBOT_TOPIC, JSON.stringify(data));
    const timer = setTimeout(() => {
      this.unacked.delete(id);
      this.deliver(data);
    }, this.redeliverMs);
    this.unacked.set(id, { data, timer });
    this.emit("change");
  }

  /** Robot messages delivered and not acked. */
  get pending(): number {
    return this.unacked.size;
  }

  private base(chat: DtChat, user: DtUser, msgtype: string): Record<string, unknown> & { msgId: string } {
    const msgId = `msg${String(this.nextMsg++).padStart(6, "0")}`;
    return {
      conversationId: chat.id,
      conversationType: chat.group ? "2" : "1",
      ...(chat.group && { conversationTitle: chat.title ?? "群" }),
      chatbotCorpId: "ding-corp",
      chatbotUserId: "bot-user",
      msgId,
      senderNick: user.nick,
      isAdmin: user.admin === true,
      senderStaffId: user.staffId,
      senderId: `$:LWCP_v1:$${user.staffId}`,
      senderCorpId: "ding-corp",
      sessionWebhook: `${this.root}/robot/sendBySession?session=${encodeURIComponent(chat.id)}`,
      sessionWebhookExpiredTime: Date.now() + 20 * 60_000,
      createAt: Date.now(),
      robotCode: this.clientId,
      msgtype,
    };
  }

  /** A user writes (in a group: "@自评助手 …", as 钉钉 delivers only @-mentions there). */
  say(chat: DtChat, user: DtUser, text: string, at: DtUser[] = []): DtMessage {
    const mentions = at.map((u) => ` @${u.nick}`).join("");
    const content = chat.group ? `@自评助手 ${text}${mentions}` : text;
    const data = {
      ...this.base(chat, user, "text"),
      text: { content },
      ...(chat.group && {
        isInAtList: true,
        atUsers: [
          { dingtalkId: "bot-user" },
          ...at.map((u) => ({ dingtalkId: `dt-${u.staffId}`, staffId: u.staffId })),
        ],
      }),
    };
    const m = this.record({ chat: chat.id, from: user.staffId, text: content, msgId: String(data.msgId) });
    this.deliver(data);
    return m;
  }

  /** A user sends a file (in a private chat: groups deliver no files). */
  sendFile(chat: DtChat, user: DtUser, name: string, content: Buffer): DtMessage {
    const code = `dl-${randomUUID()}`;
    this.files.set(code, content);
    const data = { ...this.base(chat, user, "file"), content: { downloadCode: code, fileName: name } };
    const m = this.record({
      chat: chat.id,
      from: user.staffId,
      file: { name, content },
      msgId: data.msgId as string,
    });
    this.deliver(data);
    return m;
  }

  private waiters = new Map<string, (m: DtMessage) => void>();

  /** The bot's next message in a chat (ask before the message it answers); for load tests. */
  nextBotMessage(chatId: string): Promise<DtMessage> {
    return new Promise((resolve) => this.waiters.set(chatId, resolve));
  }

  private record(m: Omit<DtMessage, "n">): DtMessage {
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

  /** The bot's messages in a chat after message `after`. */
  botMessages(chat: DtChat, after = -1): DtMessage[] {
    return this.log.filter((m) => m.n > after && m.chat === chat.id && m.from === BOT_STAFF);
  }

  /** Resolves when `test` holds (checked on every change), or rejects after `ms`. */
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

  /** The bot's answer to a message: its messages in that chat after it, once it has sent some. */
  replyTo(m: DtMessage, ms = 20_000): Promise<DtMessage[]> {
    return this.until(
      () => {
        const after = this.botMessages({ id: m.chat, group: false }, m.n);
        return after.length > 0 ? after : undefined;
      },
      ms,
      `a reply to “${m.text ?? m.file?.name}”`,
    );
  }

  transcript(chat: DtChat, names: Record<string, string>): string {
    return this.log
      .filter((m) => m.chat === chat.id)
      .map((m) => {
        const who = m.from === BOT_STAFF ? "自评助手" : (names[m.from] ?? m.from);
        const file = m.file ? `［文件：${m.file.name}，${m.file.content.length} 字节］` : "";
        return `${who}: ${m.text ?? ""}${file}`;
      })
      .join("\n");
  }

  // --- HTTP ------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const body = await readBody(req);
    const json = () => (body.length > 0 ? JSON.parse(body.toString("utf8")) : {});
    const authorized = () => req.headers["x-acs-dingtalk-access-token"] === this.token && this.token !== "";
    const p = url.pathname;
    if (p !== "/media/upload") this.calls.push({ path: p, body: body.length < 10_000 ? json() : "…" });
    if (p === "/v1.0/gateway/connections/open") {
      const b = json();
      if (b.clientId !== this.clientId || b.clientSecret !== this.clientSecret)
        return send(res, 401, { code: "InvalidAuthentication" });
      const ticket = randomUUID();
      this.tickets.add(ticket);
      return send(res, 200, { endpoint: `${this.root.replace("http", "ws")}/connect`, ticket });
    }
    if (p === "/v1.0/oauth2/accessToken") {
      const b = json();
      if (b.appKey !== this.clientId || b.appSecret !== this.clientSecret)
        return send(res, 400, { code: "invalidClientIdOrSecret" });
      this.token = `tok-${randomUUID()}`;
      return send(res, 200, { accessToken: this.token, expireIn: 7200 });
    }
    if (this.slowReplyMs > 0 && (p === "/robot/sendBySession" || p.startsWith("/v1.0/robot/")))
      await new Promise((r) => setTimeout(r, this.slowReplyMs));
    if (req.socket.destroyed) return;
    if (p === "/robot/sendBySession") {
      const b = json();
      this.record({
        chat: url.searchParams.get("session") ?? "",
        from: BOT_STAFF,
        text: b.text?.content,
        via: "session",
      });
      return send(res, 200, { errcode: 0, errmsg: "ok" });
    }
    if (p === "/media/upload") {
      if (url.searchParams.get("access_token") !== this.token) return send(res, 200, { errcode: 40014 });
      const { files } = parseParams(req.headers["content-type"] ?? "", body, url);
      const f = files.media;
      if (!f) return send(res, 200, { errcode: 40004, errmsg: "no media" });
      const id = `@media-${this.media.size + 1}`;
      this.media.set(id, { name: f.filename, content: f.content });
      return send(res, 200, { errcode: 0, type: "file", media_id: id, created_at: Date.now() });
    }
    if (p.startsWith("/files/")) {
      const f = this.files.get(p.slice(7));
      return f ? void res.writeHead(200).end(f) : void res.writeHead(404).end();
    }
    if (!authorized()) return send(res, 401, { code: "InvalidAuthentication", message: "token" });
    if (p === "/v1.0/robot/groupMessages/send" || p === "/v1.0/robot/oToMessages/batchSend") {
      const b = json();
      const param = JSON.parse(b.msgParam);
      const chat = b.openConversationId ?? this.privateChatOf(b.userIds[0]);
      const file = b.msgKey === "sampleFile" ? this.media.get(param.mediaId) : undefined;
      this.record({
        chat,
        from: BOT_STAFF,
        via: "openapi",
        ...(param.content !== undefined && { text: param.content }),
        ...(file && { file: { name: param.fileName, content: file.content } }),
      });
      return send(res, 200, { processQueryKey: randomUUID() });
    }
    if (p === "/v1.0/robot/messageFiles/download") {
      const b = json();
      if (!this.files.has(b.downloadCode)) return send(res, 400, { code: "invalidDownloadCode" });
      return send(res, 200, { downloadUrl: `${this.root}/files/${b.downloadCode}` });
    }
    if (p === "/v1.0/im/sceneGroups/members/batchQuery") {
      const members = this.sceneGroups.get(json().openConversationId);
      if (!members) return send(res, 400, { code: "invalidParameter", message: "not a scene group" });
      return send(res, 200, { memberUserIds: [...members], hasMore: false });
    }
    send(res, 404, { code: "NotFound" });
  }

  /** Private chats: the conversation id of a person's chat with the bot. */
  readonly privateChats = new Map<string, string>();
  private privateChatOf(staffId: string): string {
    return this.privateChats.get(staffId) ?? `private-${staffId}`;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
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
