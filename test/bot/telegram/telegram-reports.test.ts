import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRepository } from "../../../storage/prisma.js";
import {
  BOT_USER,
  type FakeChat,
  type FakeMessage,
  FakeTelegram,
  type FakeUser,
} from "../../fakes/telegram.js";
import { TOKEN } from "../harness.js";
import { type MainProcess, startMain } from "../process.js";

/**
 * Several reports in a Telegram group, through the real process (`node dist/main.js` with a token)
 * against the fake Bot API: /reports lists them, a reader's /use is refused, the owner's /use switches,
 * and the next answer (a reply to the question asked after the switch) goes to the report switched to.
 */
const dir = mkdtempSync(join(tmpdir(), "zipin-tg-reports-"));
const db = join(dir, "zipin.db");
const wang: FakeUser = { id: 401, first_name: "王", last_name: "会计" };
const zhao: FakeUser = { id: 402, first_name: "赵", last_name: "科员" };
const group: FakeChat = { id: -4004, type: "supergroup", title: "财务群" };
const fake = new FakeTelegram(TOKEN);
let bot: MainProcess | null = null;

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  bot?.child.kill("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The text of the bot's messages sent in reply to `m` (waits for the last, the one that asks or ends). */
async function answer(m: FakeMessage, last: string | RegExp): Promise<string> {
  const texts = () =>
    fake.log
      .filter((x) => x.from.id === BOT_USER.id && x.reply_to_message?.message_id === m.message_id)
      .map((x) => x.text ?? "")
      .join("\n");
  await fake.until(
    () => (typeof last === "string" ? texts().endsWith(last) : last.test(texts())),
    20_000,
    `the bot's answer to “${m.text}”`,
  );
  return texts();
}

describe("/reports and /use in a Telegram group, through the bot process", () => {
  it("lists both reports, refuses a reader's switch, switches for the owner; the next answer goes to the report switched to", async () => {
    bot = startMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, DATABASE_URL: db });
    await answer(fake.say(group, wang, "/new 甲县测试单位 2020"), "金额用什么单位填报？");
    await answer(fake.say(group, wang, "/new 甲县测试单位 2020 移民后期扶持项目"), "金额用什么单位填报？");

    // 2 answered each (单位名称, 年度); the project's table, started last, is current
    const list = await answer(fake.say(group, zhao, "/reports"), /例如 \/seed 1$/);
    expect(list).toBe(
      [
        "本群的报告（共 2 份）：",
        "1. 甲县测试单位2020年度 部门整体（草稿，已答 2 题）",
        "2. 甲县测试单位2020年度 移民后期扶持项目 项目支出（草稿，已答 2 题） ← 当前",
        "切换请发送 /use 编号，例如 /use 2",
        "以某一份为起点新建下一年度（原报告不变）：/seed 编号，例如 /seed 1",
      ].join("\n"),
    );
    expect(await answer(fake.say(group, zhao, "/use 1"), /切换报告。$/)).toBe(
      "本群正在填写“甲县测试单位2020年度 移民后期扶持项目”的报告。只有它的负责人、填报人或群管理员可以新建或切换报告。",
    );

    const use = fake.say(group, wang, "/use 1");
    const switched = await answer(use, "金额用什么单位填报？");
    expect(switched.startsWith("已切换到“甲县测试单位2020年度”（草稿）。\n")).toBe(true);
    const question = [...fake.log]
      .reverse()
      .find(
        (x) => x.from.id === BOT_USER.id && x.reply_to_message?.message_id === use.message_id,
      ) as FakeMessage;
    const buttons = (question.reply_markup as { inline_keyboard?: { text: string }[][] }).inline_keyboard;
    expect(buttons?.flat().map((b) => b.text)).toEqual(["万元", "元"]);
    await answer(fake.say(group, wang, "元", question.message_id), /按哪一种表样填报/);

    bot.child.kill("SIGTERM");
    await bot.exited;
    bot = null;
    const repo = await openRepository(db);
    try {
      const reports = (await repo.findByChat(String(group.id))).sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
      );
      expect(reports.map((r) => r.subject)).toEqual(["", "移民后期扶持项目"]);
      expect(await repo.currentOf(String(group.id))).toBe(reports[0]?.id);
      const answered = await Promise.all(
        reports.map(async (r) => (await repo.history(r.id)).map((a) => a.value)),
      );
      expect(answered).toEqual([['"元"'], []]);
    } finally {
      await repo.close();
    }
  });
});
