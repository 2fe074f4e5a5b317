import { DWClient, type DWClientDownStream, TOPIC_ROBOT } from "dingtalk-stream";
import type WebSocket from "ws";
import { callJson } from "../messenger/http.js";
import { type Connection, Supervisor } from "../messenger/supervisor.js";

/**
 * The 钉钉 Stream connection: `dingtalk-stream` reads and writes the frames (robot messages, their acks,
 * the server's pings); everything about staying connected is ours (bot/messenger/supervisor.ts), since
 * the SDK 2.1.5 has heartbeats off by default, leaks a heartbeat timer on every reconnect, retries on a
 * fixed 1 s and keeps a connection the server has asked to close. Its gateway address is a constant in
 * the SDK: here the lookup goes to `apiRoot` (api.dingtalk.com, a private deployment, or a test server).
 */
export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  apiRoot: string;
  /** a robot message: resolve once it is stored (then it is acked); reject to leave it un-acked */
  onMessage: (message: DWClientDownStream) => Promise<void>;
  log: (line: string) => void;
  /** ws ping every this often (default 20 s); silence for 3 × this reopens the connection */
  pingMs?: number;
}

/** The SDK's client with its gateway lookup through `apiRoot` and its socket visible to the supervisor. */
class StreamClient extends DWClient {
  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly apiRoot: string,
    private readonly onSystemTopic: (topic: string) => void,
  ) {
    super({ ...opts, keepAlive: false, debug: false, autoReconnect: false } as never);
    // the SDK subscribes to every EVENT by default; only robot messages are wanted
    this.config.subscriptions.length = 0;
  }

  override async getEndpoint(): Promise<this> {
    const c = this.config;
    const r = await callJson<{ endpoint?: string; ticket?: string }>(
      `${this.apiRoot}/v1.0/gateway/connections/open`,
      {
        what: "gateway/connections/open",
        headers: { accept: "application/json" },
        body: {
          clientId: c.clientId,
          clientSecret: c.clientSecret,
          ua: "zipin",
          subscriptions: c.subscriptions,
        },
      },
    );
    if (!r.endpoint || !r.ticket) throw new Error("gateway/connections/open: no endpoint or ticket");
    (this as unknown as { dw_url: string }).dw_url = `${r.endpoint}?ticket=${encodeURIComponent(r.ticket)}`;
    return this;
  }

  get ws(): WebSocket | undefined {
    return (this as unknown as { socket?: WebSocket }).socket;
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    this.onSystemTopic(downstream.headers.topic);
  }
}

export class DingTalkStream {
  private client: StreamClient | null = null;
  private ping: NodeJS.Timeout | null = null;
  readonly supervisor: Supervisor;
  /** robot messages acked (stored first) */
  acked = 0;

  constructor(private readonly o: StreamOptions) {
    const pingMs = o.pingMs ?? 20_000;
    const connection: Connection = { open: () => this.open(pingMs), close: () => this.close() };
    this.supervisor = new Supervisor({ name: "钉钉", connection, keepAliveMs: pingMs * 3, log: o.log });
  }

  start(): Promise<void> {
    return this.supervisor.start();
  }

  stop(): void {
    this.supervisor.stop();
  }

  private async open(pingMs: number): Promise<void> {
    this.close();
    const client = new StreamClient(
      { clientId: this.o.clientId, clientSecret: this.o.clientSecret },
      this.o.apiRoot,
      (topic) => {
        this.supervisor.alive();
        // the server is about to close this connection: open a new one now (what it sends meanwhile
        // would otherwise be lost)
        if (topic === "disconnect" && this.client === client) this.supervisor.lost(0);
      },
    );
    client.registerCallbackListener(TOPIC_ROBOT, (msg) => this.received(client, msg));
    // the SDK logs socket errors itself and rejects; the supervisor decides what follows
    client.on("error", () => {});
    await client.getEndpoint();
    await client._connect();
    const ws = client.ws;
    if (!ws) throw new Error("no socket");
    this.client = client;
    ws.on("message", () => this.supervisor.alive());
    ws.on("pong", () => this.supervisor.alive());
    ws.on("close", () => {
      if (this.client === client) {
        this.client = null;
        this.supervisor.lost();
      }
    });
    this.ping = setInterval(() => {
      if (ws.readyState === ws.OPEN) ws.ping();
    }, pingMs);
  }

  private received(client: StreamClient, msg: DWClientDownStream): void {
    this.supervisor.alive();
    this.o.onMessage(msg).then(
      () => {
        // stored: 钉钉 may forget it now (an un-acked message is sent again within a minute)
        client.socketCallBackResponse(msg.headers.messageId, {});
        this.acked++;
      },
      () => {}, // not stored: not acked, 钉钉 sends it again
    );
  }

  private close(): void {
    if (this.ping) clearInterval(this.ping);
    this.ping = null;
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      c.ws?.removeAllListeners("close");
      c.ws?.terminate();
    }
  }
}
