import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineState } from "../../../bot/conversation/state.js";
import { OUTAGE_NOTICE } from "../../../bot/outage.js";
import { parseReportFile } from "../../../core/reportFile.js";
import { postgresBin, startPostgres, type ThrowawayPostgres } from "../../../scripts/throwaway-postgres.js";
import { CachedRepository } from "../../../storage/cached.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { openRepository } from "../../../storage/prisma.js";
import type { FakeChat, FakeMessage, FakeUser } from "../../fakes/telegram.js";
import { SAMPLE_PATH, sample } from "../../helpers.js";
import { buttons, Harness, TOKEN, texts } from "../harness.js";

const wang: FakeUser = { id: 101, first_name: "王", last_name: "会计" };
const li: FakeUser = { id: 102, first_name: "李", last_name: "出纳" };
const zhao: FakeUser = { id: 103, first_name: "赵", last_name: "科长" };
const qian: FakeUser = { id: 104, first_name: "钱", last_name: "主任" };
const sun: FakeUser = { id: 105, first_name: "孙", username: "sun_outsider" };

const repo = new MemoryRepository();
const h = new Harness(repo);
beforeAll(() => h.start());
afterAll(() => h.stop());

const REFUSED = /只能查看|只有报告负责人或群管理员|不是这份报告的填报人/;
let groups = -5000;
const newGroup = (): FakeChat => ({ id: groups--, type: "supergroup", title: "测试群" });
const stateOf = async (chat: FakeChat) => (await repo.findByChat(String(chat.id)))[0]?.state as EngineState;

describe("Telegram bot in a private chat", () => {
  const me: FakeChat = { id: wang.id, type: "private", first_name: "王" };
  it("starts a report on /start and records an answer", async () => {
    const r1 = await h.say(me, wang, "/start");
    expect(texts(r1)).toBe(
      "Zipin 自评助手：我会逐项询问部门整体支出绩效自评所需的数字，随时可用 /help 查看命令。\n请输入单位全称，可连同年度一起写（例如：衡阳县库区移民事务中心 2020）",
    );
    const r2 = await h.say(me, wang, "衡阳县库区移民事务中心");
    expect(texts(r2)).toBe("已记录。\n自评哪一年度？（例如：2020）");
    // the report takes the unit's name... and the year when it is answered
    await h.say(me, wang, "2020");
    const [report] = await repo.findByChat(String(me.id));
    expect([report?.unit, report?.year]).toEqual(["衡阳县库区移民事务中心", 2020]);
  });
  it("answers a photo, a sticker, an over-long message and an unknown command with what is expected", async () => {
    const before = h.fake.log.length;
    const u = h.fake.raw({
      message: {
        message_id: 9001,
        date: 1,
        chat: me,
        from: { ...wang, is_bot: false },
        photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }],
      },
    });
    expect(texts(await h.settled(me, u, before))).toBe(
      "请用文字回答，或发送报告文件（.json）。例如：352.29万元",
    );
    // a sticker in a group, not addressed to the bot: ignored; as a reply to the bot: the same hint
    const g = newGroup();
    await h.say(g, wang, "/new 己单位 2021");
    const q = h.lastQuestion(g) as FakeMessage;
    const sticker = (replyTo?: FakeMessage) => ({
      message: {
        message_id: 9100 + (replyTo ? 1 : 0),
        date: 1,
        chat: g,
        from: { ...wang, is_bot: false },
        sticker: {
          file_id: "s",
          file_unique_id: "s",
          type: "regular",
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
        ...(replyTo && { reply_to_message: replyTo }),
      },
    });
    let at = h.fake.log.length;
    expect(await h.settled(g, h.fake.raw(sticker()), at)).toEqual([]);
    at = h.fake.log.length;
    expect(texts(await h.settled(g, h.fake.raw(sticker(q)), at))).toBe(
      "请用文字回答，或发送报告文件（.json）。例如：352.29万元",
    );
    expect(texts(await h.say(me, wang, "1".repeat(4001)))).toBe(
      "消息太长（4001 字）；请分几条发送，每条不超过 4000 字。",
    );
    expect(texts(await h.say(me, wang, "元"))).toMatch(/^已记录。/);
  });
  it("answers an edited message (the edit changes nothing) and ignores channel posts", async () => {
    const s = await stateOf(me);
    const before = h.fake.log.length;
    const u1 = h.fake.raw({
      edited_message: {
        message_id: 1,
        date: 1,
        edit_date: 2,
        chat: me,
        from: { ...wang, is_bot: false },
        text: "x",
      },
    });
    const u2 = h.fake.raw({
      channel_post: { message_id: 1, date: 1, chat: { id: -77, type: "channel" }, text: "y" },
    });
    // a later message is handled after them: by then they have been seen and ignored
    const r = await h.say(me, wang, "/status");
    void u1;
    void u2;
    // the edit is answered (in the chat's order, before /status); the channel post is not
    const sent = h.fake.log.slice(before).filter((m) => m.from.id !== wang.id);
    expect(sent).toEqual(r);
    expect(r[0]?.text).toBe("改动已发出的消息不会改动报告。请把改好的内容作为新消息再发一次。");
    expect(await stateOf(me)).toEqual(s);
  });
});

describe("Telegram bot in a group", () => {
  it("ignores talk not addressed to it and commands for other bots", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 甲单位 2021");
    expect(await h.say(g, li, "今天中午吃什么？")).toEqual([]);
    expect(await h.say(g, li, "/score@other_bot")).toEqual([]);
    expect(texts(await h.say(g, li, "/score@zipin_test_bot"))).not.toBe("");
  });
  it("/new needs the unit and the year in a group; a bad year is explained", async () => {
    const g = newGroup();
    expect(texts(await h.say(g, wang, "/new"))).toBe(
      "请写单位名称和年度，例如：/new 衡阳县库区移民事务中心 2020",
    );
    expect(texts(await h.say(g, wang, "/new 甲单位 1999"))).toBe(
      "年度应在 2000–2100 之间，例如 /new 衡阳县库区移民事务中心 2020",
    );
    expect(texts(await h.say(g, wang, "/status"))).toMatch(/^本群还没有报告。/);
  });
  it("an answer to a question another member already answered is not applied to the next one", async () => {
    const g = newGroup();
    const start = await h.say(g, wang, "/new 乙单位 2021");
    await h.say(g, wang, "/members add", h.fake.say(g, li, "我来填").message_id);
    const unitQ = start.at(-1) as FakeMessage; // 金额单位 (buttons)
    await h.press(g, wang, unitQ, "万元");
    await h.press(g, wang, h.lastQuestion(g) as FakeMessage, "湖南省部门整体支出绩效自评"); // 表样 (buttons)
    const q = h.lastQuestion(g) as FakeMessage; // 主要职能
    expect(q.text).toContain("主要职能");
    expect(texts(await h.say(g, wang, "负责移民后期扶持。", q.message_id))).toContain("已记录。");
    const s = await stateOf(g);
    const late = await h.say(g, li, "负责全县移民工作。", q.message_id);
    expect(texts(late)).toBe("这个问题已经有人回答了，请回答下面这个。\n机构情况：内设哪些机构？");
    expect(await stateOf(g)).toEqual(s);
    // pressing an old button: nothing happens to the report
    const old = await h.press(g, li, unitQ, "万元");
    expect(texts(old)).toContain("这个按钮已过期");
    expect(await stateOf(g)).toEqual(s);
  });
  it("/goto without a section offers the sections as buttons", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 戊单位 2021");
    const r = await h.say(g, wang, "/goto");
    const menu = r.at(-1) as FakeMessage;
    expect(buttons(menu).map((b) => b.text)).toEqual([
      "基本信息",
      "一、单位基本情况",
      "二、一般公共预算支出情况",
      "三、政府性基金预算支出情况",
      "四、部门整体支出绩效情况",
      "附件1-1 基础数据表",
      "附件1-2 自评表",
      "五、六、七及偏差原因",
    ]);
    const moved = await h.press(g, wang, menu, "二、一般公共预算支出情况");
    expect(texts(moved)).toContain("二、一般公共预算拨款收入多少？");
  });
  it("tampered button data is refused", async () => {
    const g = newGroup();
    const start = await h.say(g, wang, "/new 丙单位 2021");
    const q = start.at(-1) as FakeMessage;
    const s = await stateOf(g);
    const [first] = buttons(q);
    const forged = String(first?.callback_data).replace(/:[0-9a-f]{8}:/, ":00000000:");
    expect(texts(await h.pressData(g, wang, q.message_id, forged))).toContain("这个按钮已过期");
    const before = h.fake.calls.length;
    await h.pressData(g, wang, q.message_id, "garbage");
    expect(h.fake.calls.slice(before).find((c) => c.method === "answerCallbackQuery")?.params.text).toBe(
      "无法识别的按钮。",
    );
    expect(await stateOf(g)).toEqual(s);
  });
});

describe("report files in the chat", () => {
  it("a report file sent by the owner prefills the report; /export sends it back equal", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    const r = await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
    expect(texts(r)).toContain("已导入“hengyang-2020.json”。");
    const out = await h.say(g, wang, "/export");
    const doc = out.find((m) => m.document);
    expect(doc?.document?.file_name).toMatch(/\.json$/);
    const parsed = parseReportFile(doc?.upload?.content.toString("utf8") ?? "");
    expect(parsed.ok && parsed.report).toEqual(sample());
  });
  it("refuses a file that is not a report, with what is expected", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 丁单位 2021");
    expect(texts(await h.sendFile(g, wang, "表.png", Buffer.from("x"), "/import"))).toBe(
      "只能导入报告文件（.json，例如 /export 导出的 hengyang-2020.json）、上年的报告（.docx）或决算、自评表（.xlsx），收到的是“表.png”。",
    );
    const bad = await h.sendFile(g, wang, "r.json", Buffer.from('{"unit":{"name":"x"}}'), "/import");
    expect(texts(bad)).toMatch(/^不能导入：\n/);
    // a reader may not import
    expect(texts(await h.sendFile(g, zhao, "r.json", readFileSync(SAMPLE_PATH), "/import"))).toMatch(REFUSED);
  });
});

describe("who may do what: every command × role", () => {
  // owner 王, editor 李, group admin 钱 (not a member), reader 赵; 孙 writes from another group
  const g = newGroup();
  const elsewhere = newGroup();
  const ALL = { owner: true, editor: true, admin: true, reader: true };
  const WRITE = { owner: true, editor: true, admin: false, reader: false };
  const MANAGE = { owner: true, editor: false, admin: true, reader: false };
  const TABLE: [string, Record<string, boolean>][] = [
    ["/status", ALL],
    ["/score", ALL],
    ["/whatif 资金直补受益移民（人）=23330", ALL],
    ["/deviations", ALL],
    ["/check", ALL],
    ["/figures", ALL],
    ["/export", ALL],
    ["/members", ALL],
    ["/help", ALL],
    ["/pdf", ALL],
    ["/pdf final", MANAGE],
    ["/back", WRITE],
    ["/skip", WRITE],
    ["/goto 二", WRITE],
    ["/edit 二 1", WRITE],
    ["/draft", WRITE],
    ["/accept 五", WRITE],
    ["/replace 六 按时发放直补资金", WRITE],
    ["（回答）", WRITE],
    ["/members add", MANAGE],
    ["/members remove", MANAGE],
  ];
  const people = { owner: wang, editor: li, admin: qian, reader: zhao } as const;
  beforeAll(async () => {
    h.fake.admins.add(qian.id);
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
    await h.say(g, wang, "/members add", h.fake.say(g, li, "我是李").message_id);
    h.fake.say(g, sun, "路过");
  });
  for (const [command, allowed] of TABLE) {
    for (const role of ["owner", "editor", "admin", "reader"] as const) {
      it(`${command} by the ${role}: ${allowed[role] ? "allowed" : "refused"}`, async () => {
        const who = people[role];
        const before = await stateOf(g);
        const target = h.fake.log.find((m) => m.from.id === sun.id) as FakeMessage;
        const r =
          command === "（回答）"
            ? await h.answer(g, who, "2")
            : await h.say(g, who, command, command.startsWith("/members ") ? target.message_id : undefined);
        expect(texts(r)).not.toBe("");
        if (allowed[role]) expect(texts(r)).not.toMatch(REFUSED);
        else {
          expect(texts(r)).toMatch(REFUSED);
          expect(await stateOf(g)).toEqual(before);
        }
        if (command === "/members add" && allowed[role])
          await h.say(g, wang, "/members remove", target.message_id);
      });
    }
  }
  it("from another chat, the report cannot be seen or changed", async () => {
    for (const command of ["/status", "/score", "/export", "/edit 二 1", "/members add"]) {
      expect(texts(await h.say(elsewhere, sun, command))).toMatch(/^本群还没有报告。/);
    }
    expect((await repo.findByChat(String(elsewhere.id))).length).toBe(0);
  });
  it("the owner cannot be removed; the token appears in no log line", async () => {
    const owned = h.fake.log.find((m) => m.chat.id === g.id && m.from.id === wang.id) as FakeMessage;
    expect(texts(await h.say(g, qian, "/members remove", owned.message_id))).toBe("负责人不能被移除或更改。");
    expect(h.logs.join("\n")).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("the report as a PDF in the chat", () => {
  it("/pdf sends the draft as a document while showing upload_document; /pdf final is the owner's", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
    await h.say(g, wang, "/members add", h.fake.say(g, li, "我是李").message_id);
    const before = h.fake.calls.length;
    const r = await h.say(g, zhao, "/pdf");
    const calls = h.fake.calls.slice(before).map((c) => c.method);
    expect(calls.indexOf("sendChatAction")).toBeLessThan(calls.indexOf("sendDocument"));
    expect(h.fake.calls.slice(before).find((c) => c.method === "sendChatAction")?.params.action).toBe(
      "upload_document",
    );
    const doc = r.find((m) => m.document);
    expect(doc?.document?.file_name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.pdf");
    expect(doc?.upload?.content.subarray(0, 5).toString()).toBe("%PDF-");
    expect(doc?.caption).toContain("草稿");
    // the finished report: not for an editor; the owner gets it and the report is marked final
    expect(texts(await h.say(g, li, "/pdf final"))).toMatch(REFUSED);
    // before 定稿 the open errors are listed and confirmed, then the declared total against the computed one
    const asked = await h.say(g, wang, "/pdf final");
    expect(texts(asked)).toMatch(/^定稿前还有 4 处数字对不上：\n1\. 商品和服务支出：各项合计 10\.70万元/);
    const scores = await h.press(g, wang, asked.at(-1) as FakeMessage, "仍然定稿");
    expect(texts(scores)).toContain("自评总分：自评 95.00（优秀），按规则计算 99.18（优秀）");
    const fin = (await h.press(g, wang, scores.at(-1) as FakeMessage, "采用计算结果")).find(
      (m) => m.document,
    );
    expect(fin?.document?.file_name).toBe("衡阳县库区移民事务中心-2020-自评报告.pdf");
    const stored = (await repo.findByChat(String(g.id)))[0];
    expect(stored?.status).toBe("final");
    // the adopted scores were stored with it, and the dialogue is over
    const st = stored?.state as EngineState;
    const draft = st.draft as { selfEvaluation: { declaredTotal: string } };
    expect([draft.selfEvaluation.declaredTotal, st.pending]).toEqual(["99.18", null]);
    // a later change makes it a draft again
    await h.say(g, li, "/goto 二");
    expect((await repo.findByChat(String(g.id)))[0]?.status).toBe("draft");
  }, 60_000);
});

describe("drafting 五 and 六 in the chat", () => {
  it("/draft shows the drafts with buttons; pressing 全部接受 writes them into the report", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
    const r = await h.say(g, wang, "/draft");
    const review = r.at(-1) as FakeMessage;
    expect(review.text).toContain("【待确认，离线模板】");
    expect(buttons(review).map((b) => b.text)).toEqual([
      "接受第五部分",
      "接受第六部分",
      "全部接受",
      "重新起草",
    ]);
    const accepted = await h.press(g, wang, review, "全部接受");
    expect(texts(accepted)).toMatch(/^王 会计 选择：全部接受\n/);
    expect(texts(accepted)).toContain("【已接受，离线模板】");
    const s = await stateOf(g);
    expect(s.review?.sections.problems.status).toBe("accepted");
    expect(s.review?.sections.improvements.status).toBe("accepted");
    expect((s.draft as { narrative?: { problems?: { source?: string } } }).narrative?.problems?.source).toBe(
      "offline",
    );
  });
});

describe("when the database is unavailable", () => {
  it("SQLite locked by another process: the user is told the message waits, and it is handled once the lock goes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipin-locked-"));
    const file = join(dir, "z.db");
    const repo = new CachedRepository(await openRepository(file));
    const hh = await new Harness(repo).start();
    const me: FakeChat = { id: 778, type: "private", first_name: "吴" };
    const wu: FakeUser = { id: 778, first_name: "吴" };
    const other = new Database(file);
    try {
      await hh.say(me, wu, "/start");
      other.exec("BEGIN EXCLUSIVE"); // e.g. a backup tool holding the file
      const at = hh.fake.log.length;
      const m = hh.fake.say(me, wu, "衡阳县库区移民事务中心");
      await hh.fake.until(
        () => hh.fake.log.slice(at).some((x) => x.text === OUTAGE_NOTICE),
        15_000,
        "notice",
      );
      other.exec("COMMIT"); // the lock goes: the message is handled without being sent again
      expect(texts(await hh.settled(me, hh.fake.updateOf.get(m) as number, at))).toBe(
        `${OUTAGE_NOTICE}\n已记录。\n自评哪一年度？（例如：2020）`,
      );
      const [report] = await repo.findByChat("778");
      expect((await repo.history(report?.id as string)).length).toBe(1);
    } finally {
      other.close();
      await hh.stop();
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
  it.skipIf(!postgresBin())(
    "PostgreSQL stopped: the user is told the message waits; it is taken, once, when the database is back",
    async () => {
      const pg = (await startPostgres()) as ThrowawayPostgres;
      const repo = await openRepository(pg.url);
      const hh = await new Harness(repo).start();
      const me: FakeChat = { id: 777, type: "private", first_name: "周" };
      const zhou: FakeUser = { id: 777, first_name: "周" };
      try {
        await hh.say(me, zhou, "/start");
        pg.pause(); // the server goes down
        const at = hh.fake.log.length;
        const m = hh.fake.say(me, zhou, "衡阳县库区移民事务中心");
        await hh.fake.until(
          () => hh.fake.log.slice(at).some((x) => x.text === OUTAGE_NOTICE),
          20_000,
          "notice",
        );
        pg.resume(); // and comes back: the message is handled without being sent again
        expect(texts(await hh.settled(me, hh.fake.updateOf.get(m) as number, at, 40_000))).toBe(
          `${OUTAGE_NOTICE}\n已记录。\n自评哪一年度？（例如：2020）`,
        );
        const [report] = await repo.findByChat("777");
        expect((await repo.history(report?.id as string)).map((a) => a.value)).toEqual([
          '"衡阳县库区移民事务中心"',
        ]);
        expect(hh.logs.join("\n")).not.toContain(TOKEN.split(":")[1]);
      } finally {
        await hh.stop();
        await repo.close();
        pg.stop();
      }
    },
    60_000,
  );
});
