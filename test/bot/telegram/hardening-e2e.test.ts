import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OUTAGE_NOTICE } from "../../../bot/outage.js";
import { openRepository } from "../../../storage/prisma.js";
import { FakeOpenAI } from "../../fakes/openai.js";
import { BOT_USER, type FakeChat, FakeTelegram, type FakeUser } from "../../fakes/telegram.js";
import { SAMPLE_PATH } from "../../helpers.js";
import { TOKEN } from "../harness.js";
import { eventually, type MainProcess, startMain } from "../process.js";

/**
 * Issue #12 against the real process (`node dist/main.js`): what only the process shows — start-up,
 * signals, kill -9, webhook requests, a lock held by another program.
 */
const dir = mkdtempSync(join(tmpdir(), "zipin-hard-"));
const fake = new FakeTelegram(TOKEN);
const running: MainProcess[] = [];
const start = (env: Record<string, string>) => {
  const p = startMain(env);
  running.push(p);
  return p;
};
beforeAll(() => fake.start());
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const wang: FakeUser = { id: 601, first_name: "王" };
const li: FakeUser = { id: 602, first_name: "李" };
const privateOf = (u: FakeUser): FakeChat => ({ id: u.id, type: "private", first_name: u.first_name });
const botText = (chat: FakeChat, after: number) =>
  fake.log
    .slice(after)
    .filter((m) => m.chat.id === chat.id && m.from.id === BOT_USER.id)
    .map((m) => m.text ?? "")
    .join("\n");

describe("start-up with a database that cannot be used", () => {
  const cases: [string, () => string, RegExp][] = [
    [
      "a file that is not a database",
      () => {
        const f = join(dir, "notes.txt");
        writeFileSync(f, "这不是数据库，是一份笔记。".repeat(100));
        return f;
      },
      /^无法打开数据库 .*notes\.txt：这个文件不是数据库（也许是别的文件，或已损坏）。请检查环境变量 DATABASE_URL。\n$/,
    ],
    [
      "a folder",
      () => {
        const d = join(dir, "a-folder.db");
        mkdirSync(d, { recursive: true });
        return d;
      },
      /^无法打开数据库 .*a-folder\.db：无法打开这个路径（是文件夹，或上级不是文件夹）。请检查环境变量 DATABASE_URL。\n$/,
    ],
    [
      "a PostgreSQL server that is not there",
      () => "postgresql://zipin:s3cret-pw@127.0.0.1:9/zipin",
      /^无法打开数据库 postgresql:\/\/zipin:\*\*\*@127\.0\.0\.1:9\/zipin：连接不上数据库服务器（没有启动，或地址不对）。请检查环境变量 DATABASE_URL。\n$/,
    ],
  ];
  for (const [what, url, message] of cases) {
    it(`${what}: one line saying what is wrong, exit status 2, no stack trace, no password`, async () => {
      const p = start({ DATABASE_URL: url() });
      p.child.stdin?.end();
      expect(await p.exited).toBe(2);
      expect(p.output()).toMatch(message);
      expect(p.output()).not.toContain("s3cret-pw");
    }, 20_000);
  }
});

describe("the bot's process", () => {
  it("SIGTERM while a chat's replies keep failing: the process stops (the reply is given up, not retried for ever)", async () => {
    const p = start({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_URL: join(dir, "term.db"),
    });
    await eventually(() => p.output().includes("已启动"), 20_000, "the bot to start");
    const me = privateOf(wang);
    fake.failFor("sendMessage", me.id, { kind: "drop" }, 1000);
    fake.say(me, wang, "/start");
    await eventually(
      () => fake.calls.some((c) => c.method === "sendMessage!drop"),
      10_000,
      "a failing reply",
    );
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain("已退出。");
    fake.clearFaults();
  }, 60_000);

  it("another program holds the SQLite file: people are told their message waits; it is handled when the lock goes", async () => {
    const file = join(dir, "locked.db");
    const p = start({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, DATABASE_URL: file });
    await eventually(() => p.output().includes("已启动"), 20_000, "the bot to start");
    const a = privateOf(wang);
    const b = privateOf(li);
    let at = fake.log.length;
    fake.say(a, wang, "/start");
    await eventually(() => botText(a, at).includes("请输入单位全称"), 10_000, "the first question");
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE"); // a backup tool, a second copy of the bot…
    at = fake.log.length;
    fake.say(a, wang, "衡阳县库区移民事务中心");
    fake.say(b, li, "/help");
    await eventually(
      () => botText(a, at).includes(OUTAGE_NOTICE) && botText(b, at).includes(OUTAGE_NOTICE),
      15_000,
      "the notices",
    );
    other.exec("COMMIT");
    other.close();
    await eventually(() => botText(a, at).includes("已记录。\n自评哪一年度？"), 20_000, "the answer taken");
    await eventually(() => botText(b, at).includes("Zipin 自评助手"), 20_000, "the greeting");
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    const repo = await openRepository(file);
    const [report] = await repo.findByChat(String(a.id));
    expect((await repo.history(report?.id as string)).map((x) => x.value)).toEqual([
      '"衡阳县库区移民事务中心"',
    ]);
    await repo.close();
  }, 90_000);
});

describe("webhook mode", () => {
  const SECRET = "hook-secret-0123456789";
  const llm = new FakeOpenAI();
  beforeAll(() => llm.start());
  afterAll(async () => {
    fake.webhookTarget = null;
    await llm.close();
  });
  const env = (db: string) => ({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: "https://zipin.example.gov.cn/telegram",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PORT: "0",
    DATABASE_URL: db,
    OPENAI_API_KEY: "sk-webhook-test",
    OPENAI_BASE_URL: llm.url,
    OPENAI_MODEL: "qwen-plus",
    OPENAI_MAX_RETRIES: "0",
  });
  /** The bot's webhook port; the fake Telegram delivers its updates there (POST until answered 200). */
  const portOf = async (p: MainProcess) => {
    const port = Number(
      await eventually(
        () => /已启动（webhook，端口 (\d+)）/.exec(p.output())?.[1],
        20_000,
        "the webhook port",
      ),
    );
    fake.webhookTarget = `http://127.0.0.1:${port}/`;
    return port;
  };
  it("a dropped request, a body that is not JSON and a null are refused; the process lives on", async () => {
    const p = start(env(join(dir, "hook1.db")));
    const port = await portOf(p);
    // a body cut off mid-way
    await new Promise<void>((resolve) => {
      const s = connect(port, "127.0.0.1", () => {
        s.write(
          `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: 500\r\n\r\n{"update_id": 1, "mess`,
        );
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 100);
      });
    });
    const raw = (body: string) =>
      fetch(`http://127.0.0.1:${port}/`, {
        method: "POST",
        headers: { "x-telegram-bot-api-secret-token": SECRET },
        body,
      }).then((r) => r.status);
    expect([await raw("{not json"), await raw("null"), await raw('{"update_id":"x"}')]).toEqual([
      400, 400, 400,
    ]);
    const me = privateOf(wang);
    const at = fake.log.length;
    fake.say(me, wang, "/start");
    await eventually(() => botText(me, at).includes("请输入单位全称"), 10_000, "the reply");
    expect(p.child.exitCode).toBe(null);
  }, 40_000);

  it("an update answered 200 is not lost to a kill -9 while it is handled (a draft waiting on the LLM)", async () => {
    const db = join(dir, "hook2.db");
    let p = start(env(db));
    await portOf(p);
    const me = privateOf(li);
    let at = fake.log.length;
    fake.say(me, li, "/start");
    await eventually(() => botText(me, at).includes("请输入单位全称"), 10_000, "the first question");
    at = fake.log.length;
    fake.sendFile(me, li, "hengyang-2020.json", readFileSync(SAMPLE_PATH));
    await eventually(() => botText(me, at).includes("已导入"), 10_000, "the import");
    const narrative = {
      problems: [
        { ref: "P1", description: "直补资金实发人数较目标人数少292人", cause: "人员死亡等原因核减" },
      ],
      improvements: [{ problemRef: "P1", measure: "加强移民信息管理，及时核对人员信息" }],
    };
    llm.script(
      { kind: "content", content: JSON.stringify(narrative), delayMs: 30_000 }, // never answered: killed first
      { kind: "content", content: JSON.stringify(narrative) },
    );
    at = fake.log.length;
    const requests = llm.requests.length;
    const draft = fake.say(me, li, "/draft");
    await eventually(() => llm.requests.length > requests, 10_000, "the LLM asked");
    // once Telegram has its 200 for the /draft it will not send it again (the old server answered 200
    // after 10 s of handling, whatever the state of the handling)
    await eventually(
      () => !fake.pendingUpdates().some((u) => u.update_id === fake.updateOf.get(draft)),
      20_000,
      "the 200 for the /draft",
    );
    p.child.kill("SIGKILL");
    await p.exited;
    p = start(env(db)); // the update comes from the inbox, not from Telegram
    await portOf(p);
    await eventually(() => botText(me, at).includes("五、存在的问题及原因分析【待确认"), 30_000, "the draft");
    expect(botText(me, at)).toContain("直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减");
    expect(p.output()).toContain("继续处理上次停止时未处理完的 1 条消息。");
  }, 90_000);
});
