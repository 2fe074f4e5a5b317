import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AnswerChange, type EngineState, initialState, step } from "../bot/conversation/index.js";
import { openRepository } from "../storage/prisma.js";
import { FakeDingTalk } from "../test/fakes/dingtalk.js";
import { FakeWeCom } from "../test/fakes/wecom.js";
import { SCRIPT } from "./bot.bench.js";
import type { DurabilityResult } from "./durability.js";

/**
 * Durability under kill -9 for 钉钉 and 企业微信: the bot process (npm start with DINGTALK_* or WECOM_*)
 * serves N people answering the questionnaire in their private chats against the fake platform, and is
 * killed with SIGKILL at random moments and restarted. An answer counts as acknowledged when the bot's
 * answer to it (the next question) arrives. 钉钉 sends an un-acked message again (here after 2 s); 企业微信
 * has no ack: a message the process received and had not stored when it died is gone, and its sender, with
 * no answer after 10 s, sends it again (counted). At the end every stored report is compared with what its
 * answers make: an acknowledged answer missing is a loss, one stored twice a duplicate.
 */
const MAIN = [new URL("../main.js", import.meta.url), new URL("../dist/main.js", import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(p)) as string;
const ID = "dingdurable00001";
const SECRET = "durable-secret-abcdefghijklmnopqrstuvwxyz";

export async function messengerDurabilityRun(opts: {
  platform: "dingtalk" | "wecom";
  chats: number;
  kills: number;
  killEveryMs?: [number, number];
  seed?: number;
}): Promise<DurabilityResult & { resent: number }> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "zipin-durable-msg-"));
  const db = join(dir, "zipin.db");
  const dt = opts.platform === "dingtalk" ? new FakeDingTalk(ID, SECRET) : null;
  const wc = opts.platform === "wecom" ? new FakeWeCom(ID, SECRET) : null;
  await (dt ?? (wc as FakeWeCom)).start();
  if (dt) dt.redeliverMs = 2000;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENAI|TELEGRAM|DINGTALK|WECOM)_/.test(k)),
  );
  const platformEnv = dt
    ? {
        DINGTALK_CLIENT_ID: ID,
        DINGTALK_CLIENT_SECRET: SECRET,
        DINGTALK_API_ROOT: dt.root,
        DINGTALK_OAPI_ROOT: dt.root,
      }
    : { WECOM_BOT_ID: ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: (wc as FakeWeCom).url };
  let output = "";
  let crashes = 0;
  const start = () => {
    const c = spawn(process.execPath, [MAIN], { env: { ...env, ...platformEnv, DATABASE_URL: db } });
    c.stdout?.on("data", (d) => (output += d));
    c.stderr?.on("data", (d) => (output += d));
    c.once("exit", (code, signal) => {
      if (signal !== "SIGKILL" && !(signal === "SIGTERM" || code === 0)) crashes++;
    });
    return c;
  };
  const exited = (c: ChildProcess) =>
    new Promise<void>((r) =>
      c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r()),
    );
  let seed = opts.seed ?? 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let child: ChildProcess = start();
  let resent = 0;
  const chats = Array.from({ length: opts.chats }, (_, i) => ({
    user: `u${i}`,
    chatId: dt ? `private-u${i}` : `u${i}`,
    state: initialState() as EngineState,
    changes: [] as AnswerChange[],
    acked: 0,
  }));
  const botTexts = (chatId: string, after: number) =>
    (dt
      ? dt.botMessages({ id: chatId, group: false }, after)
      : (wc as FakeWeCom).botMessages({ id: chatId, group: false }, after)
    ).map((m) => m.text ?? "");
  const until = <T>(test: () => T | undefined | false, ms: number) =>
    dt ? dt.until(test, ms, "an answer") : (wc as FakeWeCom).until(test, ms, "an answer");
  const users = chats.map(async (c) => {
    for (const text of SCRIPT) {
      const r = step(c.state, text);
      // the bot's answer to this message ends with the question it asks next
      const tail = (r.replies.at(-1)?.text ?? "").split("\n").at(-1) as string;
      for (let attempt = 1; ; attempt++) {
        const m = dt
          ? dt.say({ id: c.chatId, group: false }, { staffId: c.user, nick: c.user }, text)
          : (wc as FakeWeCom).say({ id: c.chatId, group: false }, c.user, text).message;
        try {
          await until(() => botTexts(c.chatId, m.n).some((t) => t.includes(tail)), dt ? 120_000 : 10_000);
          break;
        } catch (e) {
          if (dt || attempt >= 6) throw e;
          resent++; // 企业微信: no answer, the person sends it again
        }
      }
      c.acked++;
      c.state = r.state;
      c.changes.push(...r.changes);
    }
  });
  let running = true;
  let kills = 0;
  const killer = (async () => {
    while (running && kills < opts.kills) {
      while (running && (output.match(/机器人已启动/g) ?? []).length < kills + 1)
        await new Promise((r) => setTimeout(r, 5));
      const [lo, hi] = opts.killEveryMs ?? [200, 1500];
      await new Promise((r) => setTimeout(r, lo + random() * (hi - lo)));
      if (!running) break;
      child.kill("SIGKILL");
      await exited(child);
      kills++;
      child = start();
    }
  })();
  try {
    await Promise.all(users);
  } finally {
    running = false;
    await killer;
    child.kill("SIGTERM");
    await exited(child);
  }
  const repo = await openRepository(db);
  let lost = 0;
  let duplicated = 0;
  let inconsistent = 0;
  for (const c of chats) {
    const [report] = await repo.findByChat(`${opts.platform}:${c.user}`);
    const stored = (report ? await repo.history(report.id) : []).map((a) => `${a.field}=${a.value}`);
    const expected = c.changes.map((a) => `${a.field}=${a.value}`);
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
  await (dt ?? (wc as FakeWeCom)).close();
  rmSync(dir, { recursive: true, force: true });
  if (output.includes(SECRET)) throw new Error("the bot printed its secret");
  const acknowledged = chats.reduce((n, c) => n + c.acked, 0);
  return {
    database: "SQLite",
    mode: dt
      ? "钉钉 Stream (un-acked sent again after 2 s)"
      : "企业微信 长连接 (no ack: resent after 10 s without answer)",
    chats: opts.chats,
    answers: acknowledged,
    kills,
    acknowledged,
    lost,
    duplicated,
    inconsistent,
    repeatedReplies: 0,
    crashes,
    faults: 0,
    rssMB: null,
    seconds: (performance.now() - t0) / 1000,
    resent,
  };
}
