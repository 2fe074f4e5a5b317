import { readFileSync } from "node:fs";
import { WSClient } from "@wecom/aibot-node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOfficeForChat, renderOfficeForChat } from "../../../bot/office.js";
import { renderPdfForChat } from "../../../bot/pdf.js";
import { startWeCom } from "../../../bot/wecom/run.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { FakeWeCom, type WcChat, type WcMessage } from "../../fakes/wecom.js";
import { SAMPLE_PATH } from "../../helpers.js";
import { unzip } from "../../office/unzip.js";
import { eventually } from "../process.js";

/**
 * The 企业微信 adapter in this process against the fake long connection: the group flow, a choice
 * answered by a card's button, a report file sent in private, the PDF uploaded in chunks, a callback
 * sent twice, and the connection: dropped, half-open (heartbeats unanswered), taken over by another
 * instance of the same bot.
 */
const BOT_ID = "aibZipinTest01";
const SECRET = "wc-secret-abcdefghijklmnopqrstuvwxyz";
const fake = new FakeWeCom(BOT_ID, SECRET);
const repo = new MemoryRepository();
const logs: string[] = [];
let running: Awaited<ReturnType<typeof startWeCom>>;
const group: WcChat = { id: "wrGROUP01", group: true };
const dm = (user: string): WcChat => ({ id: user, group: false });
const text = (ms: WcMessage[]) => ms.map((m) => m.text ?? `［${m.file?.name}］`).join("\n");
async function say(chat: WcChat, user: string, t: string): Promise<string> {
  return text(await fake.replyTo(fake.say(chat, user, t).message));
}

beforeAll(async () => {
  await fake.start();
  running = await startWeCom(
    { botId: BOT_ID, secret: SECRET, wsUrl: fake.url },
    {
      repo,
      llm: null,
      renderPdf: renderPdfForChat,
      renderOffice: renderOfficeForChat,
      readOffice: (name, bytes) => readOfficeForChat(name, bytes),
      log: (l) => logs.push(l),
      kickedPauseMs: 1500,
      heartbeatMs: 400,
    },
  );
});
afterAll(async () => {
  if (process.env.DEBUG_WC) process.stderr.write(`${logs.join("\n")}\n`);
  await running.stop();
  await fake.close();
});

describe("企业微信: groups of @-mentions, private answers, cards", () => {
  it("a choice is answered by its card's button or by its number; a callback sent twice is handled once", async () => {
    expect(await say(group, "wanghj", "新建 衡阳县库区移民事务中心 2020")).toMatch(
      /^已新建“衡阳县库区移民事务中心2020年度”，负责人：wanghj。\n填写请私聊我/,
    );
    const first = await fake.replyTo(fake.say(dm("wanghj"), "wanghj", "开始").message);
    expect(text(first)).toBe(
      "接着填写群里的“衡阳县库区移民事务中心2020年度”。\n金额用什么单位填报？\n1. 万元\n2. 元\n（回复编号即可，例如 1）",
    );
    const card = first.at(-1)?.card;
    expect(card?.buttons.map((b) => b.text)).toEqual(["万元", "元"]);
    const clicked = fake.click(dm("wanghj"), "wanghj", card as NonNullable<WcMessage["card"]>, "万元");
    expect(text(await fake.replyTo(clicked))).toMatch(/^已记录。\n/);
    // a click gets no passive reply: the text, then the next question's card, as active messages
    await fake.until(() => fake.botMessages(dm("wanghj"), clicked.n).some((x) => x.card), 5000, "the card");
    expect(fake.frames.some((f) => f.cmd === "aibot_respond_update_msg")).toBe(true);
    const { message, body } = fake.say(dm("wanghj"), "wanghj", "1"); // the form's card: 1. the Hunan set
    expect(text(await fake.replyTo(message))).toMatch(
      /^已记录。\n基本信息\n[\s\S]*表样：湖南省部门整体支出绩效自评[\s\S]*\n一、单位基本情况/,
    );
    fake.resend(dm("wanghj"), body);
    const again = fake.say(dm("wanghj"), "wanghj", "进度");
    await fake.replyTo(again.message);
    // the resent callback got no second answer: only the reply to 进度 came after it
    expect(fake.botMessages(dm("wanghj"), message.n).length).toBe(2);
  });

  it("a report file in private is imported; the group gets the score and the PDF (uploaded in chunks)", async () => {
    const sent = fake.sendFile(dm("wanghj"), "wanghj", "hengyang-2020.json", readFileSync(SAMPLE_PATH));
    expect(text(await fake.replyTo(sent))).toContain("已导入“hengyang-2020.json”。");
    expect(await say(group, "lisi", "得分")).toContain("总分");
    const m = fake.say(group, "lisi", "报告").message;
    const pdf = await fake.until(() => fake.botMessages(group, m.n).find((x) => x.file), 60_000, "the PDF");
    expect(pdf.file?.name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.pdf");
    expect(pdf.file?.content.subarray(0, 5).toString()).toBe("%PDF-");
    expect(fake.frames.filter((f) => f.cmd === "aibot_upload_media_chunk").length).toBe(
      Math.ceil((pdf.file?.content.length ?? 0) / (512 * 1024)),
    );
  }, 90_000);

  it("the group gets the Excel attachments; a .docx whose name the download lacks is known by its bytes", async () => {
    const x = fake.say(group, "lisi", "附表").message;
    const excel = await fake.until(
      () => fake.botMessages(group, x.n).find((m) => m.file),
      60_000,
      "the .xlsx",
    );
    expect(excel.file?.name).toBe("衡阳县库区移民事务中心-2020-自评附表.xlsx");
    expect([...unzip(excel.file?.content as Buffer).keys()]).toContain("xl/workbook.xml");
    await say(dm("sunwr"), "sunwr", "新建 衡阳县库区移民事务中心 2021");
    const docx = readFileSync(new URL("../../office/fixtures/handmade-2020.docx", import.meta.url));
    const offer = text(await fake.replyTo(fake.sendFile(dm("sunwr"), "sunwr", "", docx)));
    expect(offer).toContain("从“收到的文件.docx”识别出 34 个数字");
    expect(offer).toMatch(/回复“放弃”不导入。确认之前报告不会改动。$/);
    expect(await say(dm("sunwr"), "sunwr", "1-2")).toMatch(/^已采用“收到的文件\.docx”中的 2 个数字。/);
  }, 90_000);

  it("the connection: dropped, half-open, and taken over by another instance — each time it comes back", async () => {
    const sup = running.connection.supervisor;
    let opened = sup.opened;
    fake.dropSockets();
    await eventually(() => sup.opened > opened, 10_000, "a reconnection after a drop");
    expect(await say(group, "lisi", "进度")).toContain("填写人");
    opened = sup.opened;
    fake.silent = true; // heartbeats go unanswered: the connection is dead although open
    await eventually(() => sup.opened > opened, 10_000, "a reconnection after silence");
    fake.silent = false;
    opened = sup.opened;
    const intruder = new WSClient({
      botId: BOT_ID,
      secret: SECRET,
      wsUrl: fake.url,
      maxReconnectAttempts: 0,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    intruder.connect();
    await eventually(() => logs.some((l) => l.includes("在别处又建立了连接")), 10_000, "the takeover logged");
    intruder.disconnect();
    await eventually(() => sup.opened > opened, 10_000, "taking the bot back after the pause");
    expect(await say(group, "lisi", "得分")).toContain("总分");
    expect(logs.join("\n")).not.toContain(SECRET);
  }, 40_000);
});
