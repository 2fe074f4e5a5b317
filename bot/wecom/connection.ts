import { WSClient, type WsFrame } from "@wecom/aibot-node-sdk";
import type WebSocket from "ws";
import { type Connection, Supervisor } from "../messenger/supervisor.js";

/**
 * The 企业微信 / 政务微信 智能机器人 long connection. `@wecom/aibot-node-sdk` speaks the protocol (auth,
 * heartbeats every 30 s with their acks, replies and their acks, chunked uploads); staying connected is
 * ours (bot/messenger/supervisor.ts): the SDK gives up after 10 reconnects by default and, when another
 * connection of the same bot kicks this one out (`disconnected_event`), stops for good. Here each
 * connection is a new client that never reconnects itself; the supervisor opens the next one — after a
 * pause, and saying so, when another instance took over.
 */
export interface WeComConnectionOptions {
  botId: string;
  secret: string;
  wsUrl: string;
  onFrame: (frame: WsFrame, client: WSClient) => void;
  log: (line: string) => void;
  heartbeatMs?: number;
  kickedPauseMs?: number;
}

export class WeComConnection {
  private current: WSClient | null = null;
  readonly supervisor: Supervisor;

  constructor(private readonly o: WeComConnectionOptions) {
    const heartbeat = o.heartbeatMs ?? 30_000;
    const connection: Connection = { open: () => this.open(heartbeat), close: () => this.close() };
    this.supervisor = new Supervisor({
      name: "企业微信",
      connection,
      keepAliveMs: heartbeat * 3,
      ...(o.kickedPauseMs !== undefined && { kickedPauseMs: o.kickedPauseMs }),
      log: o.log,
    });
  }

  /** The client of the connection now up (replies go through it); null while reconnecting. */
  get client(): WSClient | null {
    return this.current;
  }

  /** The client once a connection is up (waiting for the reconnection, at most `ms`). */
  async ready(ms = 30_000): Promise<WSClient> {
    const until = Date.now() + ms;
    while (!this.current) {
      if (Date.now() > until) throw new Error("not connected");
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.current;
  }

  start(): Promise<void> {
    return this.supervisor.start();
  }

  stop(): void {
    this.supervisor.stop();
  }

  private open(heartbeatMs: number): Promise<void> {
    this.close();
    const sdkLog = (level: string) => (message: string) => {
      // the SDK's own reconnect is off: its "giving up" lines are not news
      if (!/reconnect attempts|giving up|Auth failed, reconnecting/i.test(message))
        this.o.log(`企业微信 SDK ${level}：${message}`);
    };
    const client = new WSClient({
      botId: this.o.botId,
      secret: this.o.secret,
      wsUrl: this.o.wsUrl,
      heartbeatInterval: heartbeatMs,
      maxReconnectAttempts: 0,
      maxAuthFailureAttempts: 0,
      logger: { debug: () => {}, info: () => {}, warn: sdkLog("警告"), error: sdkLog("错误") },
    });
    return new Promise<void>((resolve, reject) => {
      let authenticated = false;
      let kicked = false;
      const timer = setTimeout(() => fail(new Error("no answer to the authentication within 15 s")), 15_000);
      const fail = (e: Error) => {
        if (authenticated) return;
        clearTimeout(timer);
        client.removeAllListeners();
        client.disconnect();
        reject(e);
      };
      client.on("error", (e) => fail(e));
      client.on("disconnected", () => {
        if (!authenticated) return fail(new Error("the connection closed before authentication"));
        if (this.current !== client) return;
        this.current = null;
        if (kicked) this.supervisor.kicked();
        else this.supervisor.lost();
      });
      client.on("event.disconnected_event", () => {
        kicked = true;
      });
      client.on("message", (frame) => {
        this.supervisor.alive();
        this.o.onFrame(frame, client);
      });
      client.on("event", (frame) => {
        this.supervisor.alive();
        if (frame.body?.event?.eventtype !== "disconnected_event") this.o.onFrame(frame, client);
      });
      client.on("authenticated", () => {
        authenticated = true;
        clearTimeout(timer);
        this.current = client;
        // every frame (heartbeat acks included) shows the connection alive
        const ws = (client as unknown as { wsManager?: { ws?: WebSocket | null } }).wsManager?.ws;
        ws?.on("message", () => this.supervisor.alive());
        resolve();
      });
      client.connect();
    });
  }

  private close(): void {
    const c = this.current;
    this.current = null;
    if (c) {
      c.removeAllListeners();
      c.disconnect();
    }
  }
}
