import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateReqId, WSClient } from "@wecom/aibot-node-sdk";
import axios from "axios";
import { DWClient, GATEWAY_URL, TOPIC_ROBOT } from "dingtalk-stream";
import { startDingTalk } from "../bot/dingtalk/run.js";
import { startWeCom } from "../bot/wecom/run.js";
import { CachedRepository } from "../storage/cached.js";
import { openRepository } from "../storage/prisma.js";
import { type DtUser, FakeDingTalk } from "../test/fakes/dingtalk.js";
import { FakeWeCom } from "../test/fakes/wecom.js";
import { SCRIPT } from "./bot.bench.js";
import type { BenchRow } from "./core.bench.js";
import { summarize } from "./stats.js";

/**
 * 钉钉 and 企业微信 against their fakes on 127.0.0.1, in this process: N private chats answering the
 * questionnaire's first questions, paced (once a second: the latency people feel) and at saturation
 * (each chat answers as soon as it is answered: the ceiling), beside a bare SDK echo bot on the same
 * fake (the ceiling of the SDK + the fake on this machine). Zipin as deployed: every message stored in
 * the durable inbox before it is acked, reads of a chat kept in memory, SQLite (WAL, synchronous=FULL).
 */
type Kind = "zipin" | "echo";
type Platform = "dingtalk" | "wecom";
const ID = "dingbench0000001";
const SECRET = "bench-secret-abcdefghijklmnopqrstuvwxyz";
const PACED_ANSWERS = 10;

interface Running {
  stop: () => Promise<void>;
}

async function startDingTalkBot(kind: Kind, fake: FakeDingTalk, dir: string): Promise<Running> {
  if (kind === "zipin") {
    const repo = new CachedRepository(await openRepository(join(dir, "bench.db")));
    const bot = await startDingTalk(
      { clientId: ID, clientSecret: SECRET, robotCode: ID, apiRoot: fake.root, oapiRoot: fake.root },
      { repo, llm: null, log: () => {} },
    );
    return {
      stop: async () => {
        await bot.stop();
        await repo.close();
      },
    };
  }
  // the SDK as its README shows it; its hard-coded gateway rewritten with an axios interceptor
  const rewrite = axios.interceptors.request.use((c) =>
    c.url === GATEWAY_URL ? { ...c, url: `${fake.root}/v1.0/gateway/connections/open` } : c,
  );
  const client = new DWClient({ clientId: ID, clientSecret: SECRET });
  client.registerCallbackListener(TOPIC_ROBOT, (msg) => {
    client.socketCallBackResponse(msg.headers.messageId, {});
    const d = JSON.parse(msg.data) as { sessionWebhook: string; text: { content: string } };
    void fetch(d.sessionWebhook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "text", text: { content: d.text.content } }),
    });
  });
  await client.connect();
  return {
    stop: async () => {
      client.disconnect();
      axios.interceptors.request.eject(rewrite);
    },
  };
}

async function startWeComBot(kind: Kind, fake: FakeWeCom, dir: string): Promise<Running> {
  if (kind === "zipin") {
    const repo = new CachedRepository(await openRepository(join(dir, "bench.db")));
    const bot = await startWeCom(
      { botId: ID, secret: SECRET, wsUrl: fake.url },
      { repo, llm: null, log: () => {} },
    );
    return {
      stop: async () => {
        await bot.stop();
        await repo.close();
      },
    };
  }
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const client = new WSClient({ botId: ID, secret: SECRET, wsUrl: fake.url, logger: silent });
  const up = new Promise<void>((r) => client.once("authenticated", () => r()));
  client.on("message.text", (frame) => {
    client.replyStream(frame, generateReqId("stream"), frame.body?.text.content ?? "", true).catch(() => {});
  });
  client.connect();
  await up;
  return { stop: async () => client.disconnect() };
}

export async function messengerLoad(
  platform: Platform,
  kind: Kind,
  n: number,
  perChat: number,
  periodMs = 0,
): Promise<{ latencies: number[]; wallMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), "zipin-bench-msg-"));
  const dt = platform === "dingtalk" ? new FakeDingTalk(ID, SECRET) : null;
  const wc = platform === "wecom" ? new FakeWeCom(ID, SECRET) : null;
  await (dt ?? (wc as FakeWeCom)).start();
  const bot = dt ? await startDingTalkBot(kind, dt, dir) : await startWeComBot(kind, wc as FakeWeCom, dir);
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const user: DtUser = { staffId: `u${i}`, nick: `用户${i}` };
      const chatId = dt ? `private-u${i}` : `u${i}`;
      let due = performance.now() + Math.random() * periodMs;
      for (const text of SCRIPT.slice(0, perChat)) {
        if (periodMs > 0) {
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          due += periodMs;
        }
        const reply = dt ? dt.nextBotMessage(chatId) : (wc as FakeWeCom).nextBotMessage(chatId);
        const at = performance.now();
        if (dt) dt.say({ id: chatId, group: false }, user, text);
        else wc?.say({ id: chatId, group: false }, `u${i}`, text);
        await reply;
        latencies.push(performance.now() - at);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  await bot.stop();
  await (dt ?? (wc as FakeWeCom)).close();
  rmSync(dir, { recursive: true, force: true });
  return { latencies, wallMs };
}

export async function messengersBench(n = 200, perChat = SCRIPT.length): Promise<BenchRow[]> {
  const info = console.info; // dingtalk-stream prints "connect success" on every connection
  console.info = () => {};
  const rows: BenchRow[] = [];
  try {
    for (const platform of ["dingtalk", "wecom"] as const) {
      const name = platform === "dingtalk" ? "钉钉 (dingtalk)" : "企业微信 (wecom)";
      await messengerLoad(platform, "zipin", 10, 5); // warm-up: code paths, SQLite migrations
      await messengerLoad(platform, "echo", 10, 5);
      const tput = (r: { latencies: number[]; wallMs: number }) => r.latencies.length / (r.wallMs / 1000);
      const latency = (label: string, r: { latencies: number[] }, target?: string): BenchRow => {
        const l = summarize(r.latencies);
        return { name: label, unit: "ms", median: l.median, p99: l.p99, n: l.n, ...(target && { target }) };
      };
      const echo = await messengerLoad(platform, "echo", n, perChat);
      const zipin = await messengerLoad(platform, "zipin", n, perChat);
      rows.push(
        {
          name: `${name} saturation, ${n} private chats: bare SDK echo bot throughput`,
          unit: "answers/s",
          median: tput(echo),
          p99: tput(echo),
          n: echo.latencies.length,
        },
        {
          name: `${name} saturation, ${n} private chats: Zipin throughput`,
          unit: "answers/s",
          median: tput(zipin),
          p99: tput(zipin),
          n: zipin.latencies.length,
          note: `${(tput(zipin) / tput(echo)).toFixed(2)} × the echo bot`,
        },
        latency(`${name} saturation, ${n} private chats: echo bot latency per answer`, echo),
        latency(`${name} saturation, ${n} private chats: Zipin latency per answer`, zipin),
      );
      const echoPaced = await messengerLoad(platform, "echo", n, PACED_ANSWERS, 1000);
      const zipinPaced = await messengerLoad(platform, "zipin", n, PACED_ANSWERS, 1000);
      rows.push(
        latency(`${name} paced, ${n} private chats answering once a second: echo bot latency`, echoPaced),
        latency(
          `${name} paced, ${n} private chats answering once a second: Zipin latency`,
          zipinPaced,
          "p99 ≤ 50 ms",
        ),
      );
    }
  } finally {
    console.info = info;
  }
  return rows;
}

// run alone: node dist/bench/messengers.bench.js
if (process.argv[1]?.endsWith("messengers.bench.js")) {
  for (const r of await messengersBench())
    console.log(
      `${r.name}: median ${r.median.toFixed(2)} ${r.unit}, p99 ${r.p99.toFixed(2)} — ${r.note ?? ""}`,
    );
}
