import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { newReportState } from "../bot/chat/service.js";
import type { AnswerChange, EngineState } from "../bot/conversation/state.js";
import { step } from "../bot/conversation/step.js";
import { openRepository } from "../storage/prisma.js";
import { FakeOpenAI } from "../test/fakes/openai.js";
import {
  BOT_USER,
  type FakeChat,
  type FakeMessage,
  FakeTelegram,
  type FakeUser,
} from "../test/fakes/telegram.js";
import { SCRIPT } from "./bot.bench.js";

/**
 * Durability under kill -9: the bot process (npm start with a token) serves N group chats answering the
 * questionnaire against the fake Bot API server, and is killed with SIGKILL at random moments and
 * restarted, over and over. At the end every chat's stored report is compared with what the answers
 * make (the same pure engine, run here): an acknowledged answer missing is a loss, an answer stored
 * twice a duplicate, a state differing from its answers an inconsistency.
 */
// the built bot: next to this file in dist/, or dist/ from the sources (tests)
const MAIN = [new URL("../main.js", import.meta.url), new URL("../dist/main.js", import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(p)) as string;
const TOKEN = "123456789:DURABLE-token-abcdefghijklmnopqrstuvwxyz";
const UNIT = "衡阳县库区移民事务中心";
/** In a group the report starts with /new 单位 年度: the script from the money unit on. */
export const GROUP_SCRIPT = SCRIPT.slice(3);

/** A what-if in plain words: answered by the (slow) LLM, changes nothing. */
const WHAT_IF = "如果全年执行数达到100万元，总分多少？";

/** A port nothing listens on now (the webhook server takes it, again after each restart). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface DurabilityResult {
  database: "SQLite" | "PostgreSQL";
  /** how updates arrived, and what else the run did */
  mode: string;
  chats: number;
  answers: number;
  kills: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  inconsistent: number;
  /** acknowledgements sent more than once for one message (allowed: the reply is repeated, not the answer) */
  repeatedReplies: number;
  /** the bot process exiting on its own (an unhandled rejection, a crash) */
  crashes: number;
  /** faulty Telegram calls injected */
  faults: number;
  /** the bot's resident memory at ¼, ½, ¾ of the run and at its end, MB (one process: only without kills) */
  rssMB: number[] | null;
  seconds: number;
}

export async function durabilityRun(opts: {
  databaseUrl?: string;
  chats: number;
  kills: number;
  /** random pause between a restart and the next kill, ms (not with a slow LLM: then each kill lands in a call) */
  killEveryMs?: [number, number];
  seed?: number;
  /** this share of Telegram calls fail (429, 5xx, dropped connection) or are slow */
  faultRate?: number;
  /** webhook mode: Telegram POSTs each update (until answered 200) instead of long polling */
  webhook?: boolean;
  /** each chat also asks a what-if in plain words, which an LLM answers after this many ms */
  slowLlmMs?: number;
}): Promise<DurabilityResult> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "zipin-durable-"));
  const databaseUrl = opts.databaseUrl ?? join(dir, "zipin.db");
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  if (opts.faultRate)
    fake.random = {
      rate: opts.faultRate,
      seed: opts.seed ?? 42,
      onPolling: true,
      faults: [{ kind: "429", retryAfter: 1 }, { kind: "500" }, { kind: "drop" }, { kind: "slow", ms: 300 }],
    };
  const port = opts.webhook ? await freePort() : 0;
  const llm = opts.slowLlmMs ? await new FakeOpenAI().start() : null;
  if (llm)
    llm.otherwise = {
      kind: "tool",
      name: "whatif",
      args: JSON.stringify({ changes: [{ row: "全年执行数", value: "100" }] }),
      delayMs: opts.slowLlmMs as number,
    };
  const script = opts.slowLlmMs
    ? [...GROUP_SCRIPT.slice(0, 4), WHAT_IF, ...GROUP_SCRIPT.slice(4)] // asked where a number is awaited
    : GROUP_SCRIPT;
  let output = "";
  let crashes = 0;
  const rss: number[] = [];
  let child: ChildProcess | null = null;
  const start = () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && !k.startsWith("TELEGRAM_")),
    );
    const c = spawn(process.execPath, [MAIN], {
      env: {
        ...env,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_URL: databaseUrl,
        ...(opts.webhook && {
          TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
          TELEGRAM_WEBHOOK_SECRET: "durable-webhook-secret-01",
          PORT: String(port),
        }),
        ...(llm && { OPENAI_API_KEY: "sk-durable", OPENAI_BASE_URL: llm.url, OPENAI_MAX_RETRIES: "0" }),
      },
    });
    c.stdout?.on("data", (d) => (output += d));
    c.once("exit", (code, signal) => {
      if (signal !== "SIGKILL" && !(signal === "SIGTERM" || code === 0)) crashes++;
    });
    c.stderr?.on("data", (d) => {
      output += d;
      if (process.env.DURABILITY_DEBUG) process.stderr.write(`[${Math.round(performance.now() - t0)}] ${d}`);
    });
    return c;
  };
  const exited = (c: ChildProcess) =>
    new Promise<void>((r) =>
      c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r()),
    );
  let seed = opts.seed ?? 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  child = start();
  const chats = Array.from({ length: opts.chats }, (_, i) => ({
    chat: { id: -900_000 - i, type: "supergroup", title: `单位群${i}` } as FakeChat,
    user: { id: 900_000 + i, first_name: `填报人${i}` } as FakeUser,
    state: newReportState(UNIT, 2020) as EngineState,
    changes: [] as AnswerChange[],
    acked: 0,
    /** acknowledgements received, /new included, and whether the script is done (the killer's gate) */
    progress: 0,
    done: false,
    /** messages sent to the running process */
    sentThisLife: 0,
  }));
  /** The bot's acknowledgement of a message: its reply addressed to it. */
  const ack = (m: FakeMessage) =>
    fake.until(
      () =>
        fake.log.find(
          (x) =>
            x.chat.id === m.chat.id &&
            x.from.id === BOT_USER.id &&
            x.reply_to_message?.message_id === m.message_id,
        ),
      120_000,
      `an answer to ${m.chat.title} #${m.message_id}`,
    );
  let running = true;
  if (process.env.DURABILITY_DEBUG)
    setTimeout(() => {
      process.stderr.write(
        `${fake.calls
          .slice(-12)
          .map((c) => `${c.method} ${JSON.stringify(c.params).slice(0, 120)}`)
          .join("\n")}\n`,
      );
      for (const c of chats) process.stderr.write(`${fake.transcript(c.chat).slice(-1500)}\n----\n`);
    }, 8_000).unref();
  let kills = 0;
  // each process gets at most this many messages a chat before it is killed, so that the kills asked
  // for happen before the chats finish (with a slow LLM the kills follow its calls instead)
  const budget = llm
    ? Number.POSITIVE_INFINITY
    : Math.max(1, Math.floor((script.length + 1) / (opts.kills + 1)));
  const turn = async (c: (typeof chats)[number]) => {
    while (kills < opts.kills && c.sentThisLife >= budget) await new Promise((r) => setTimeout(r, 5));
    c.sentThisLife++;
  };
  const users = chats.map(async (c) => {
    await turn(c);
    await ack(fake.say(c.chat, c.user, `/new ${UNIT} 2020`));
    c.progress++;
    for (const text of script) {
      const question = fake
        .botMessages(c.chat)
        .reverse()
        .find((m) => m.reply_markup !== undefined);
      await turn(c);
      const m = fake.say(c.chat, c.user, text, question?.message_id);
      await ack(m);
      c.acked++;
      c.progress++;
      const r = step(c.state, text);
      c.state = r.state;
      c.changes.push(...r.changes);
    }
    c.done = true;
  });
  let llmCallsSeen = 0;
  let atRestart = chats.map(() => 0);
  /** every chat still writing has been answered since the restart */
  const everyChatMoved = () => chats.every((c, i) => c.done || c.progress > (atRestart[i] as number));
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child?.pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      if (kb > 0) rss.push(kb / 1024);
    } catch {}
  }, 250);
  const killer = (async () => {
    while (running && kills < opts.kills) {
      // killed while it works: once it is up (polling), after a random moment
      const up = kills + 1;
      while (running && (output.match(/已启动/g) ?? []).length < up)
        await new Promise((r) => setTimeout(r, 5));
      if (llm) {
        // with a slow LLM, each kill lands inside a call: once a new one is in hand, at 10–90% of its wait
        // (the what-if it serves is unanswered, so the next process asks again: the kills always happen)
        while (running && llm.requests.length <= llmCallsSeen) await new Promise((r) => setTimeout(r, 5));
        llmCallsSeen = llm.requests.length;
        await new Promise((r) => setTimeout(r, (0.1 + 0.8 * random()) * (opts.slowLlmMs as number)));
      } else {
        // …and once every chat still writing got an answer it had not got before: on a loaded machine a
        // bot is up only after seconds of work on what was left, and killed 20–400 ms later it never
        // wrote which updates it handled — every restart then redid the same work for the chats with
        // the longest backlog (a livelock: one chat waited > 120 s while the others moved on)
        while (running && !everyChatMoved()) await new Promise((r) => setTimeout(r, 5));
        const [lo, hi] = opts.killEveryMs ?? [20, 400];
        await new Promise((r) => setTimeout(r, lo + random() * (hi - lo)));
      }
      if (!running) break;
      const dying = child as ChildProcess;
      dying.kill("SIGKILL");
      await exited(dying);
      kills++;
      if (process.env.DURABILITY_DEBUG)
        process.stderr.write(`[${Math.round(performance.now() - t0)}] kill ${kills}\n`);
      atRestart = chats.map((c) => c.progress);
      for (const c of chats) c.sentThisLife = 0;
      child = start();
    }
  })();
  try {
    await Promise.all(users);
  } catch (e) {
    // a failed run leaves no bot process or server behind
    if (process.env.DURABILITY_DEBUG)
      process.stderr.write(
        `alive: ${child?.exitCode === null && child?.signalCode === null}\n${fake.calls
          .slice(-15)
          .map(
            (c) =>
              `[${Math.round(c.at - performance.timeOrigin - t0)}] ${c.method} ${JSON.stringify(c.params).slice(0, 100)}`,
          )
          .join("\n")}\nnow ${Math.round(performance.now() - t0)}\n`,
      );
    if (process.env.DURABILITY_DEBUG)
      for (const c of chats)
        if (String(e).includes(`${c.chat.title} `))
          process.stderr.write(
            `TRANSCRIPT\n${fake.transcript(c.chat)}\nCALLS\n${fake.calls
              .filter((x) => x.params.chat_id === c.chat.id)
              .map(
                (x) =>
                  `[${Math.round(x.at - performance.timeOrigin - t0)}] ${x.method} ${JSON.stringify(x.params).slice(0, 140)}`,
              )
              .join("\n")}\n`,
          );
    if (process.env.DURABILITY_DEBUG && child?.pid) {
      process.stderr.write(`stat: ${readFileSync(`/proc/${child.pid}/stat`, "utf8")}\n`);
      child.kill("SIGUSR2"); // with NODE_OPTIONS=--report-on-signal: a diagnostic report of where it is
      await new Promise((r) => setTimeout(r, 3000));
    }
    running = false;
    clearInterval(sampler);
    await killer.catch(() => {});
    child?.kill("SIGKILL");
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  clearInterval(sampler);
  running = false;
  await killer;
  // whatever is still in hand is finished before the bot stops
  child?.kill("SIGTERM");
  await exited(child as ChildProcess);

  const repo = await openRepository(databaseUrl);
  let lost = 0;
  let duplicated = 0;
  let inconsistent = 0;
  for (const c of chats) {
    const [report] = await repo.findByChat(String(c.chat.id));
    const history = report ? await repo.history(report.id) : [];
    const stored = history.map((a) => `${a.field}=${a.value}`);
    const expected = c.changes.map((a) => `${a.field}=${a.value}`);
    // every expected answer once, in order; anything else is lost or twice
    const counts = new Map<string, number>();
    for (const k of stored) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const k of expected) {
      const n = counts.get(k) ?? 0;
      if (n === 0) lost++;
      else counts.set(k, n - 1);
    }
    for (const n of counts.values()) duplicated += n;
    if (
      JSON.stringify(report?.state) !== JSON.stringify(c.state) ||
      stored.join("\n") !== expected.join("\n")
    )
      inconsistent++;
  }
  await repo.close();
  await fake.close();
  await llm?.close();
  rmSync(dir, { recursive: true, force: true });
  const acks = fake.log.filter((m) => m.from.id === BOT_USER.id && m.reply_to_message !== undefined);
  const perMessage = new Map<number, number>();
  for (const m of acks) {
    const k = (m.chat.id * 1e6 + (m.reply_to_message?.message_id ?? 0)) as number;
    perMessage.set(k, (perMessage.get(k) ?? 0) + 1);
  }
  if (output.includes(TOKEN.split(":")[1] as string)) throw new Error("the bot printed its token");
  return {
    database: opts.databaseUrl?.startsWith("postgres") ? "PostgreSQL" : "SQLite",
    mode: [
      opts.webhook ? "webhook" : "long polling",
      ...(opts.slowLlmMs ? [`each chat's what-if waits ${opts.slowLlmMs} ms on the LLM`] : []),
    ].join(", "),
    chats: opts.chats,
    answers: chats.reduce((n, c) => n + c.acked, 0),
    kills,
    acknowledged: chats.reduce((n, c) => n + c.acked, 0),
    lost,
    duplicated,
    inconsistent,
    repeatedReplies: [...perMessage.values()].filter((n) => n > 1).length,
    crashes,
    faults: fake.calls.filter((c) => c.method.includes("!")).length,
    rssMB:
      opts.kills === 0 && rss.length >= 8
        ? [1, 2, 3, 4].map((q) => rss[Math.min(rss.length - 1, Math.floor((rss.length * q) / 4))] as number)
        : null,
    ...(process.env.DURABILITY_DEBUG && { rssSamples: rss.map((x) => Math.round(x)) }),
    seconds: (performance.now() - t0) / 1000,
  };
}
