import { mkdtempSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineState } from "../../../bot/conversation/state.js";
import { OUTAGE_NOTICE } from "../../../bot/outage.js";
import { CachedRepository } from "../../../storage/cached.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { openRepository } from "../../../storage/prisma.js";
import type { Commit, CommitResult } from "../../../storage/repository.js";
import { FakeOpenAI } from "../../fakes/openai.js";
import { type FakeChat, type FakeMessage, FakeTelegram, type FakeUser } from "../../fakes/telegram.js";
import { SAMPLE_PATH } from "../../helpers.js";
import { Harness, TOKEN, texts } from "../harness.js";

/**
 * Issue #12, the abuse a hostile or careless user tried, in the bot running in this process against the
 * fake Bot API (and the fake LLM): each was a failure before the hardening.
 */
const wang: FakeUser = { id: 801, first_name: "王", last_name: "会计" };
const li: FakeUser = { id: 802, first_name: "李", last_name: "出纳" };
const zhao: FakeUser = { id: 803, first_name: "赵", last_name: "读者" };
let groups = -8000;
const newGroup = (): FakeChat => ({ id: groups--, type: "supergroup", title: "测试群" });
const privateOf = (u: FakeUser): FakeChat => ({ id: u.id, type: "private", first_name: u.first_name });

describe("one chat cannot hold up the others", () => {
  const llm = new FakeOpenAI();
  let h: Harness;
  beforeAll(async () => {
    await llm.start();
    h = await new Harness(new MemoryRepository(), {
      apiKey: "sk-test-hardening",
      baseURL: llm.url,
      model: "m",
      timeoutMs: 20_000,
      maxRetries: 0,
    }).start();
  });
  afterAll(async () => {
    await h.stop();
    await llm.close();
  });

  /** 110 people write at once from their private chats: more than one long poll (100 updates) brings. */
  const crowd = async () => {
    const at = h.fake.log.length;
    const ms = Array.from({ length: 110 }, (_, i) => {
      const u: FakeUser = { id: 9_000_000 + i, first_name: `用户${i}` };
      return h.fake.say(privateOf(u), u, "/help");
    });
    await Promise.all(ms.map((m) => h.settled(m.chat, h.fake.updateOf.get(m) as number, at, 30_000)));
  };

  it("a draft waiting on the LLM in one group, 110 other chats writing: another group's /help is answered first", async () => {
    const slow = newGroup();
    const other = newGroup();
    await h.say(slow, wang, "/new 甲单位 2020");
    await h.say(other, li, "/new 乙单位 2020");
    const sample = readFileSync(SAMPLE_PATH);
    await h.sendFile(slow, wang, "hengyang-2020.json", sample, "/import");
    llm.script({ kind: "content", content: "{}", delayMs: 8000 }, { kind: "content", content: "{}" });
    const at = h.fake.log.length;
    const draft = h.fake.say(slow, wang, "/draft");
    await crowd();
    const help = await h.say(other, li, "/help"); // handled while the draft waits
    expect(texts(help)).toMatch(/^直接回答问题即可；/);
    // the draft's reply came after the other group's answer
    const draftReply = await h.settled(slow, h.fake.updateOf.get(draft) as number, at, 30_000);
    expect(h.fake.log.indexOf(draftReply[0] as FakeMessage)).toBeGreaterThan(
      h.fake.log.indexOf(help[0] as FakeMessage),
    );
  }, 40_000);

  it("a group under Telegram's flood limit (429, retry after 2 s, three times), 110 other chats writing: the others are answered meanwhile", async () => {
    const flooded = newGroup();
    const other = newGroup();
    await h.say(flooded, wang, "/new 丙单位 2020");
    await h.say(other, li, "/new 丁单位 2020");
    h.fake.failFor("sendMessage", flooded.id, { kind: "429", retryAfter: 2 }, 3);
    const at = h.fake.log.length;
    const m = h.fake.say(flooded, wang, "/help");
    await crowd();
    const quick = await h.say(other, li, "/help");
    const late = await h.settled(flooded, h.fake.updateOf.get(m) as number, at, 20_000);
    expect(texts(late)).toMatch(/^直接回答问题即可；/); // the reply got through after the waits
    expect(h.fake.calls.filter((c) => c.method === "sendMessage!429").length).toBe(3);
    expect(h.fake.log.indexOf(late[0] as FakeMessage)).toBeGreaterThan(
      h.fake.log.indexOf(quick[0] as FakeMessage),
    );
  }, 30_000);

  it("a reply that keeps failing is given up after 4 tries (not retried for ever); the chat goes on", async () => {
    const broken = newGroup();
    await h.say(broken, wang, "/new 戊单位 2020");
    const before = h.fake.calls.length;
    h.fake.failFor("sendMessage", broken.id, { kind: "500" }, 50);
    const failed = () => h.fake.calls.slice(before).filter((c) => c.method === "sendMessage!500").length;
    h.fake.say(broken, wang, "/help");
    // the reply, 4 tries; the apology for the failed update, 4 tries: then the bot gives up
    await h.fake.until(() => failed() >= 8, 30_000, "8 tries");
    h.fake.clearFaults();
    const at = h.fake.log.length;
    expect(texts(await h.say(broken, wang, "/help"))).toMatch(/^直接回答问题即可；/);
    expect(failed()).toBe(8);
    // the first /help's reply was dropped for good, not delivered late by a retry
    expect(h.fake.log.slice(at).filter((m) => m.text?.startsWith("直接回答问题即可")).length).toBe(1);
  }, 40_000);
});

describe("who may change a group's report, and what a file may be", () => {
  const repo = new MemoryRepository();
  const h = new Harness(repo);
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it("a reader cannot take over the group's report with /new; its editors go on with theirs", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    const r = await h.say(g, zhao, "/new 丙单位 2020");
    expect(texts(r)).toBe(
      "本群正在填写“衡阳县库区移民事务中心2020年度”的报告。只有它的负责人、填报人或群管理员可以新建或切换报告。",
    );
    const reports = await repo.findByChat(String(g.id));
    expect(reports.map((x) => x.unit)).toEqual(["衡阳县库区移民事务中心"]);
    expect(texts(await h.answer(g, wang, "万元"))).toMatch(/^已记录。/);
  });

  it("a name on two lines is refused in the chat and in a report file", async () => {
    const me = privateOf(li);
    await h.say(me, li, "/start");
    expect(texts(await h.say(me, li, "甲单位\n乙"))).toBe(
      "请写在一行内：不要换行，也不要含控制字符。应为文字（不超过100字），例如：按计划完成",
    );
    const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    raw.unit.name = "衡阳县\n库区";
    const r = await h.sendFile(me, li, "bad.json", Buffer.from(JSON.stringify(raw)));
    expect(texts(r)).toBe("不能导入：\n  unit.name：名称不能换行，也不能含控制字符");
  });

  it("a report file nested 800 levels deep is refused for what it is, not blamed on the database", async () => {
    const me = privateOf(wang);
    await h.say(me, wang, "/start");
    const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    let node = raw.basicExpenditure.wages;
    for (let i = 0; i < 800; i++) {
      node.items = [{ name: `第${i}层`, amount: "1" }];
      node = node.items[0];
    }
    const r = await h.sendFile(me, wang, "deep.json", Buffer.from(JSON.stringify(raw)));
    expect(texts(r)).toBe(
      "不能导入：\n  basicExpenditure.wages.items.0.items.0…：嵌套层数过多（超过 40 层）：报告文件的明细最多嵌套几层，请检查文件是否由其他程序生成时出错",
    );
  });

  it("a file Telegram cannot hand over is said so (not a database outage); a BOM is no problem", async () => {
    const me = privateOf(zhao);
    await h.say(me, zhao, "/start");
    const content = Buffer.from(`\uFEFF${readFileSync(SAMPLE_PATH, "utf8")}`);
    const at = h.fake.log.length;
    const m = h.fake.sendFile(me, zhao, "hengyang-2020.json", content);
    h.fake.brokenFiles.add(h.fake.filePath(m));
    expect(texts(await h.settled(me, h.fake.updateOf.get(m) as number, at))).toBe(
      "没能取到文件“hengyang-2020.json”（下载失败或超时），请再发送一次。",
    );
    expect(texts(await h.sendFile(me, zhao, "hengyang-2020.json", content))).toMatch(
      /^已导入“hengyang-2020\.json”。/,
    );
  });

  it("a unit's name reaches a document's file name only as a safe name", async () => {
    const me: FakeChat = { id: 899, type: "private", first_name: "周" };
    const zhou: FakeUser = { id: 899, first_name: "周" };
    await h.say(me, zhou, "/start");
    const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    raw.unit.name = '../../x/单位"; name="chat_id';
    await h.sendFile(me, zhou, "r.json", Buffer.from(JSON.stringify(raw)));
    const r = await h.say(me, zhou, "/export");
    const doc = r.find((x) => x.upload);
    expect(doc?.upload?.filename).toBe("x_单位__ name=_chat_id-2020.json");
  });

  it("/pdf on a report with only its name says what is missing", async () => {
    const me: FakeChat = { id: 898, type: "private", first_name: "吴" };
    const wu: FakeUser = { id: 898, first_name: "吴" };
    await h.say(me, wu, "/start");
    await h.say(me, wu, "衡阳县库区移民事务中心");
    expect(texts(await h.say(me, wu, "/pdf"))).toBe("请先填写单位名称、年度和金额单位，再生成 PDF。");
  });
});

describe("/pdf 定稿 when the report changes under it", () => {
  /** The repository as it is, but another member's change lands just before the final mark. */
  class Racing extends MemoryRepository {
    override async commit(c: Commit): Promise<CommitResult> {
      if (c.status === "final") return { ok: false, reason: "conflict", version: c.expectedVersion + 1 };
      return super.commit(c);
    }
  }
  const h = new Harness(new Racing());
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it("says the report was not marked final (the PDF is still sent)", async () => {
    const me = privateOf(wang);
    await h.say(me, wang, "/start");
    await h.sendFile(me, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH));
    await h.say(me, wang, "/pdf 定稿"); // the open errors are listed first
    await h.say(me, wang, "仍然定稿"); // then the declared total against the computed one
    const r = await h.say(me, wang, "采用计算结果");
    expect(texts(r)).toContain(
      "这份 PDF 生成时报告正好有人改动（或暂时无法保存），报告没有标为定稿；请再发一次 /pdf 定稿。",
    );
    expect(r.some((x) => x.upload?.filename === "衡阳县库区移民事务中心-2020-自评报告.pdf")).toBe(true);
  }, 30_000);
});

describe("after a restart (SQLite)", () => {
  const dir = mkdtempSync(join(tmpdir(), "zipin-restart-"));
  const file = join(dir, "z.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a reply to a question answered before the restart does not fill the next question", async () => {
    const g: FakeChat = { id: -8999, type: "supergroup", title: "财务群" };
    const repo1 = new CachedRepository(await openRepository(file));
    const fake = new FakeTelegram(TOKEN);
    await fake.start();
    const h1 = await new Harness(repo1, null, fake).start();
    await h1.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    const question = h1.lastQuestion(g) as FakeMessage; // 金额用什么单位填报？
    await h1.say(g, wang, "/members add", h1.fake.say(g, li, "我来填").message_id);
    await h1.say(g, wang, "万元", question.message_id);
    const before = (await repo1.findByChat(String(g.id)))[0]?.state as EngineState;
    await h1.stop();
    await repo1.close();

    // the same file, a new process' worth of memory: the map of sent questions comes from the database
    const repo2 = new CachedRepository(await openRepository(file));
    const h2 = await new Harness(repo2, null, h1.fake).start(); // the same Telegram, a new bot process
    try {
      const r = await h2.say(g, li, "元", question.message_id);
      // the next question is the form (表样), asked once the money unit is known
      expect(texts(r)).toMatch(/^这个问题已经有人回答了，请回答下面这个。\n按哪一种表样填报？/);
      expect((await repo2.findByChat(String(g.id)))[0]?.state).toEqual(before);
    } finally {
      await h2.stop();
      await repo2.close();
      await fake.close();
    }
  }, 30_000);

  it("a database file deleted under the running bot: nothing is taken as saved, the user is told it waits", async () => {
    const other = join(dir, "gone.db");
    const repo = new CachedRepository(await openRepository(other));
    const h = await new Harness(repo).start();
    const me = privateOf(li);
    try {
      await h.say(me, li, "/start");
      unlinkSync(other);
      const at = h.fake.log.length;
      h.fake.say(me, li, "衡阳县库区移民事务中心");
      await h.fake.until(() => h.fake.log.slice(at).some((m) => m.text === OUTAGE_NOTICE), 10_000, "notice");
      expect(h.fake.log.slice(at).some((m) => m.text?.startsWith("已记录"))).toBe(false);
      expect(h.logs.join("\n")).toContain("was deleted or replaced");
    } finally {
      await h.stop();
      await repo.close().catch(() => {});
    }
  }, 30_000);
});
