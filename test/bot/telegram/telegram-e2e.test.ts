import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentQuestion } from "../../../bot/conversation/cursor.js";
import type { EngineState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";
import { openRepository } from "../../../storage/prisma.js";
import {
  BOT_USER,
  type FakeChat,
  type FakeMessage,
  FakeTelegram,
  type FakeUser,
} from "../../fakes/telegram.js";
import { sample } from "../../helpers.js";
import { typistAnswer } from "../../typist.js";
import { TOKEN } from "../harness.js";

/**
 * The bot as users run it: `node dist/main.js` with a token, against the fake Bot API server, on
 * its SQLite file. Faults on the Telegram side (429, 5xx, a dropped connection), a SIGKILL mid-way and a
 * SIGTERM at the end: no answer lost, none applied twice, the token in no output.
 */
const MAIN = fileURLToPath(new URL("../../../dist/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "zipin-tg-"));
const db = join(dir, "zipin.db");
const wang: FakeUser = { id: 301, first_name: "王", last_name: "会计" };
const li: FakeUser = { id: 302, first_name: "李", last_name: "出纳" };
const group: FakeChat = { id: -3003, type: "supergroup", title: "财务群" };

const fake = new FakeTelegram(TOKEN);
let child: ChildProcess | null = null;
let output = "";

function startBot(): ChildProcess {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_") && !k.startsWith("TELEGRAM_")),
  );
  const c = spawn(process.execPath, [MAIN], {
    env: { ...env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, DATABASE_URL: db },
  });
  c.stdout?.on("data", (d) => (output += d));
  c.stderr?.on("data", (d) => (output += d));
  return c;
}
const exited = (c: ChildProcess) =>
  new Promise<number | null>((r) =>
    c.exitCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code)),
  );

beforeAll(async () => {
  await fake.start();
});
let passed = false;
afterAll(async () => {
  // on a failure, what the bot printed and its last calls help to see why
  if (!passed) {
    process.stderr.write(`bot output:\n${output.slice(-3000)}\nlast calls:\n`);
    for (const c of fake.calls.slice(-15))
      process.stderr.write(`${c.method} ${JSON.stringify(c.params).slice(0, 160)}\n`);
  }
  child?.kill("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The bot's answer addressed to a message (its last reply to it). */
const answerTo = (m: FakeMessage, ms = 20_000) =>
  fake.until(
    () => fake.log.find((x) => x.from.id === BOT_USER.id && x.reply_to_message?.message_id === m.message_id),
    ms,
    `the bot's answer to “${m.text}”`,
  );

describe("the bot process (npm start with a token)", () => {
  it("loses nothing and applies nothing twice through 429s, 5xx, a dropped connection, kill -9 and SIGTERM", async () => {
    child = startBot();
    await fake.until(() => fake.calls.some((c) => c.method === "setMyCommands"), 20_000, "setMyCommands");
    const commands = fake.calls.find((c) => c.method === "setMyCommands")?.params.commands as {
      command: string;
    }[];
    expect(commands.map((c) => c.command)).toEqual([
      "start",
      "new",
      "reports",
      "use",
      "seed",
      "status",
      "back",
      "skip",
      "goto",
      "edit",
      "check",
      "score",
      "whatif",
      "deviations",
      "draft",
      "pdf",
      "word",
      "excel",
      "export",
      "members",
      "help",
    ]);
    const expected = sample();
    await answerTo(fake.say(group, wang, `/new ${expected.unit.name} ${expected.unit.year}`));
    await answerTo(fake.say(group, wang, "/members add", fake.say(group, li, "我也填").message_id));

    const repoNow = await openRepository(db);
    let s = (await repoNow.findByChat(String(group.id)))[0]?.state as EngineState;
    await repoNow.close();
    const changes: { field: string; value: string | null }[] = [];
    const lastQuestion = () =>
      fake
        .botMessages(group)
        .reverse()
        .find((m) => m.reply_markup !== undefined) as FakeMessage;
    let killed = false;
    for (let n = 0; n < 60; n++) {
      const q = currentQuestion(s);
      if (!q) break;
      let input =
        s.pending?.kind === "batch"
          ? "确认"
          : s.pending && "options" in s.pending
            ? String(s.pending.options.length + 1)
            : typistAnswer(s, expected);
      if (!s.pending && q.answer.kind === "choice" && q.answer.options.includes(input))
        input = String(q.answer.options.indexOf(input) + 1);
      if (n === 5) fake.fail("sendMessage", { kind: "429", retryAfter: 1 });
      if (n === 10) fake.fail("sendMessage", { kind: "500" });
      if (n === 15) fake.fail("sendMessage", { kind: "drop" });
      if (n === 20) fake.fail("getUpdates", { kind: "500" });
      const m = fake.say(group, n % 2 === 0 ? wang : li, input, lastQuestion().message_id);
      if (n === 30) {
        // killed while the answer is in flight; the restarted bot gets the update again
        child.kill("SIGKILL");
        await exited(child);
        killed = true;
        child = startBot();
      }
      await answerTo(m);
      const r = step(s, input);
      s = r.state;
      changes.push(...r.changes.map((c) => ({ field: c.field, value: c.value })));
    }
    expect(killed).toBe(true);
    // SIGTERM with an answer in hand: it is finished and answered before the bot exits
    const q = currentQuestion(s);
    const input = typistAnswer(s, expected);
    // the reply is slow to send: the answer is in hand (stored, being answered) when SIGTERM comes
    fake.fail("sendMessage", { kind: "slow", ms: 1500 });
    const m = fake.say(group, wang, input, lastQuestion().message_id);
    const handling = fake.calls.length;
    await fake.until(
      () => fake.calls.slice(handling).some((c) => c.method === "getUpdates"),
      5000,
      "the fetch",
    );
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGTERM");
    await answerTo(m);
    expect(await exited(child)).toBe(0);
    // what was handled was confirmed to Telegram before exit: nothing comes again
    const confirmed = fake.calls.filter((c) => c.method === "getUpdates").at(-1)?.params.offset;
    expect(confirmed).toBe((fake.updateOf.get(m) as number) + 1);
    const r = step(s, input);
    s = r.state;
    changes.push(...r.changes.map((c) => ({ field: c.field, value: c.value })));
    expect(q).not.toBeNull();

    const repo = await openRepository(db);
    const report = (await repo.findByChat(String(group.id)))[0];
    expect(report?.state).toEqual(s);
    const history = await repo.history(report?.id as string);
    expect(history.map((a) => ({ field: a.field, value: a.value }))).toEqual(changes);
    await repo.close();
    // the faults happened, and were ridden out
    const methods = fake.calls.map((c) => c.method);
    for (const f of ["sendMessage!429", "sendMessage!500", "sendMessage!drop", "getUpdates!500"])
      expect(methods).toContain(f);
    expect(output).not.toContain(TOKEN.split(":")[1]);
    passed = true;
  }, 120_000);
});
