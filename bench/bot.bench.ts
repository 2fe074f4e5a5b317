import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { initialState } from "../bot/conversation/state.js";
import { step } from "../bot/conversation/step.js";
import { createTelegramBot } from "../bot/telegram/bot.js";
import { pollThroughInbox } from "../bot/telegram/run.js";
import { CachedRepository } from "../storage/cached.js";
import { openRepository } from "../storage/prisma.js";
import { BOT_USER, type FakeChat, FakeTelegram, type FakeUser } from "../test/fakes/telegram.js";
import type { BenchRow } from "./core.bench.js";
import { createPeerBot } from "./peer.js";
import { summarize } from "./stats.js";

const TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz";

/** The first answers of the sample, as a person types them from the start (same for every chat). */
export const SCRIPT = [
  "/start",
  "衡阳县库区移民事务中心",
  "2020",
  "1",
  "1", // the form: the Hunan set
  "贯彻执行库区移民工作方针政策和法律法规，负责全县中、小型水库移民安置和后期扶持工作。",
  "内设综合办公室、后期扶持股、法规和培训股。",
  "18人",
  "是",
  "参照公务员法管理事业人员",
  "7人",
  "是",
  "非参公人员",
  "11人",
  "否",
  "4人",
  "352.29",
  "352.29",
  "113.29",
];

type Kind = "zipin" | "echo" | "peer";
const PACED_ANSWERS = 10;
/** Saturation is measured this many times per bot, alternating (see botBench). */
const SATURATION_ROUNDS = 3;

/**
 * N private chats answer at once, each sending its next answer as soon as the previous one is answered
 * (closed loop, no think time: the bot's ceiling), against the fake Bot API server in this process. The
 * same harness drives a bare grammY echo bot as the ceiling of grammY + HTTP on this machine.
 */
/**
 * One of the bots measured: Zipin as deployed (through its durable inbox, reads of a chat kept in
 * memory, on SQLite); the bare grammY echo bot on grammY's runner (the ceiling of grammY + HTTP here);
 * the common grammY bot with conversations in a Prisma session storage (bench/peer.ts), on the runner.
 */
async function startBot(
  kind: Kind,
  fake: FakeTelegram,
  dir: string,
  botInfo: UserFromGetMe,
): Promise<{ stop: () => Promise<void> }> {
  if (kind === "zipin") {
    const repo = new CachedRepository(await openRepository(join(dir, "bench.db")));
    const bot = createTelegramBot({
      token: TOKEN,
      apiRoot: fake.apiRoot,
      repo,
      llm: null,
      botInfo,
      log: () => {},
    });
    const { polling } = pollThroughInbox(bot, repo);
    return {
      stop: async () => {
        await polling.stop();
        await repo.close();
      },
    };
  }
  const allowed = { runner: { fetch: { allowed_updates: ["message", "callback_query"] as const } } };
  if (kind === "echo") {
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot }, botInfo });
    bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
    bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    const runner = run(bot, allowed as never);
    return { stop: () => runner.stop() };
  }
  const peer = await createPeerBot({
    token: TOKEN,
    apiRoot: fake.apiRoot,
    botInfo,
    file: join(dir, "peer.db"),
  });
  const runner = run(peer.bot, allowed as never);
  return {
    stop: async () => {
      await runner.stop();
      await peer.close();
    },
  };
}

export async function load(
  kind: Kind,
  n: number,
  perChat: number,
  /** 0: each chat answers as soon as it is answered (closed loop); else it answers every `periodMs` */
  periodMs = 0,
  /** meanwhile one group writes twice a second and every reply to it is refused 429 (retry after 5 s) */
  storm = false,
): Promise<{ latencies: number[]; wallMs: number }> {
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), "zipin-bench-bot-"));
  const botInfo = BOT_USER as unknown as UserFromGetMe;
  const started = await startBot(kind, fake, dir, botInfo);
  const stop = storm ? await stormGroup(fake) : () => {};
  const users: FakeUser[] = Array.from({ length: n }, (_, i) => ({
    id: 1_000_000 + i,
    first_name: `用户${i}`,
  }));
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    users.map(async (u) => {
      const chat: FakeChat = { id: u.id, type: "private", first_name: u.first_name };
      // paced chats start at random moments of the first period, as people do
      let due = performance.now() + Math.random() * periodMs;
      for (const text of SCRIPT.slice(0, perChat)) {
        if (periodMs > 0) {
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          due += periodMs;
        }
        const reply = fake.nextBotMessage(chat);
        const at = performance.now();
        fake.say(chat, u, text);
        await reply;
        latencies.push(performance.now() - at);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  stop();
  fake.clearFaults();
  await started.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  return { latencies, wallMs };
}

/** A group whose every reply is refused 429 (Telegram's flood limit), and whose members keep writing. */
async function stormGroup(fake: FakeTelegram): Promise<() => void> {
  const group: FakeChat = { id: -4_200_000, type: "supergroup", title: "限流的群" };
  const member: FakeUser = { id: 4_200_000, first_name: "群成员" };
  const first = fake.nextBotMessage(group);
  fake.say(group, member, "/new 衡阳县库区移民事务中心 2020");
  await first;
  fake.failFor("sendMessage", group.id, { kind: "429", retryAfter: 5 }, 1_000_000);
  const timer = setInterval(() => fake.say(group, member, "/status"), 500);
  return () => clearInterval(timer);
}

export async function botBench(
  ns: readonly number[] = [50, 200],
  perChat = SCRIPT.length,
): Promise<BenchRow[]> {
  // the script is a real conversation: every answer is accepted by the engine
  let s = initialState();
  for (const text of SCRIPT.slice(1)) {
    const r = step(s, text);
    if (r.changes.length === 0 && r.state === s) throw new Error(`bench script: “${text}” is not accepted`);
    s = r.state;
  }
  await load("zipin", 10, 5); // warm-up: code paths, SQLite migrations
  await load("echo", 10, 5);
  await load("peer", 10, 5);
  const rows: BenchRow[] = [];
  const tput = (r: { latencies: number[]; wallMs: number }) => r.latencies.length / (r.wallMs / 1000);
  const latencyRow = (name: string, r: { latencies: number[] }, target?: string): BenchRow => {
    const l = summarize(r.latencies);
    return { name, unit: "ms", median: l.median, p99: l.p99, n: l.n, ...(target && { target }) };
  };
  for (const n of ns) {
    // saturation: every chat answers again as soon as it is answered. The machine's speed drifts within a
    // run (by up to 2× here): three rounds, the bots alternating, and each bot's median round
    const rounds: Record<Kind, { latencies: number[]; wallMs: number }[]> = { echo: [], peer: [], zipin: [] };
    const order: Kind[] = ["echo", "peer", "zipin"];
    for (let i = 0; i < SATURATION_ROUNDS; i++)
      for (const kind of i % 2 === 0 ? order : [...order].reverse())
        rounds[kind].push(await load(kind, n, perChat));
    const median = (kind: Kind) => summarize(rounds[kind].map(tput)).median;
    const all = (kind: Kind) => ({ latencies: rounds[kind].flatMap((r) => r.latencies) });
    const [echo, peer, zipin] = [median("echo"), median("peer"), median("zipin")];
    const each = `median of ${SATURATION_ROUNDS} rounds, the bots alternating`;
    const count = (kind: Kind) => rounds[kind].reduce((k, r) => k + r.latencies.length, 0);
    rows.push(
      {
        name: `telegram saturation, ${n} chats: echo bot throughput`,
        unit: "answers/s",
        median: echo,
        p99: echo,
        n: count("echo"),
        note: each,
      },
      {
        name: `telegram saturation, ${n} chats: grammY conversations + Prisma session bot throughput`,
        unit: "answers/s",
        median: peer,
        p99: peer,
        n: count("peer"),
        note: `${(peer / echo).toFixed(2)} × echo; ${each}`,
      },
      {
        name: `telegram saturation, ${n} chats: Zipin throughput`,
        unit: "answers/s",
        median: zipin,
        p99: zipin,
        n: count("zipin"),
        target: "≥ 1 × conversations bot, ≥ 0.3 × echo",
        note: `${(zipin / peer).toFixed(2)} × the conversations bot, ${(zipin / echo).toFixed(2)} × echo; rounds: ${rounds.zipin.map((r) => tput(r).toFixed(0)).join(", ")} vs echo ${rounds.echo.map((r) => tput(r).toFixed(0)).join(", ")}`,
      },
      latencyRow(`telegram saturation, ${n} chats: echo bot latency per answer`, all("echo")),
      latencyRow(`telegram saturation, ${n} chats: conversations bot latency per answer`, all("peer")),
      latencyRow(`telegram saturation, ${n} chats: Zipin latency per answer`, all("zipin")),
    );
    // at a person's pace: every chat answers once a second (n answers/s offered)
    const echoPaced = await load("echo", n, PACED_ANSWERS, 1000);
    const zipinPaced = await load("zipin", n, PACED_ANSWERS, 1000);
    rows.push(
      latencyRow(`telegram paced, ${n} chats answering once a second: echo bot latency`, echoPaced),
      latencyRow(
        `telegram paced, ${n} chats answering once a second: Zipin latency`,
        zipinPaced,
        n === 200 ? "p99 ≤ 50 ms at 200 chats" : undefined,
      ),
    );
  }
  // one group under Telegram's flood limit (every reply 429, retry after 5 s) while 100 chats talk
  const calm = await load("zipin", 100, PACED_ANSWERS, 1000);
  const stormy = await load("zipin", 100, PACED_ANSWERS, 1000, true);
  rows.push(
    latencyRow("telegram paced, 100 chats answering once a second: Zipin latency", calm),
    latencyRow(
      "telegram paced, 100 chats answering once a second while one group's every reply is refused 429 (retry after 5 s): Zipin latency",
      stormy,
      "p99 ≤ 50 ms",
    ),
  );
  return rows;
}

// run alone: node dist/bench/bot.bench.js
if (process.argv[1]?.endsWith("bot.bench.js")) {
  for (const r of await botBench())
    console.log(
      `${r.name}: median ${r.median.toFixed(2)} ${r.unit}, p99 ${r.p99.toFixed(2)} — ${r.note ?? ""}`,
    );
}
