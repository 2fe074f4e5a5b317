import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDingTalk } from "../../../bot/dingtalk/run.js";
import { readOfficeForChat, renderOfficeForChat } from "../../../bot/office.js";
import { renderPdfForChat } from "../../../bot/pdf.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { BOT_STAFF, type DtChat, type DtMessage, type DtUser, FakeDingTalk } from "../../fakes/dingtalk.js";
import { SAMPLE_PATH } from "../../helpers.js";
import { unzip, wText } from "../../office/unzip.js";
import { eventually } from "../process.js";

/**
 * The 钉钉 adapter in this process against the fake 钉钉 (real HTTP and WebSocket on 127.0.0.1): the
 * group flow where only @-mentions arrive, private chats continuing the group's report, who may do what
 * (the access table of these places), files both ways, a message delivered twice, the connection dropped.
 */
const ID = "dingzipintest0001";
const SECRET = "dt-secret-abcdefghijklmnopqrstuvwxyz";
const fake = new FakeDingTalk(ID, SECRET);
const repo = new MemoryRepository();
const logs: string[] = [];
let running: Awaited<ReturnType<typeof startDingTalk>>;

const wang: DtUser = { staffId: "1001", nick: "王会计" };
const li: DtUser = { staffId: "1002", nick: "李出纳" };
const zhao: DtUser = { staffId: "1003", nick: "赵科长" };
const qian: DtUser = { staffId: "1004", nick: "钱主任", admin: true };
const sun: DtUser = { staffId: "1005", nick: "孙外人" };
const group: DtChat = { id: "cidGROUP001", group: true, title: "移民中心财务群" };
const other: DtChat = { id: "cidOTHER002", group: true, title: "别的单位" };
const dm = (u: DtUser): DtChat => ({ id: `private-${u.staffId}`, group: false });

beforeAll(async () => {
  await fake.start();
  running = await startDingTalk(
    { clientId: ID, clientSecret: SECRET, robotCode: ID, apiRoot: fake.root, oapiRoot: fake.root },
    {
      repo,
      llm: null,
      renderPdf: renderPdfForChat,
      renderOffice: renderOfficeForChat,
      readOffice: (name, bytes) => readOfficeForChat(name, bytes),
      log: (l) => logs.push(l),
    },
  );
});
afterAll(async () => {
  if (process.env.DEBUG_DT) process.stderr.write(`${logs.join("\n")}\n`);
  await running.stop();
  await fake.close();
});

const handmade = (ext: string) =>
  readFileSync(new URL(`../../office/fixtures/handmade-2020.${ext}`, import.meta.url));
const text = (ms: DtMessage[]) => ms.map((m) => m.text ?? `［${m.file?.name}］`).join("\n");
/** Sends, and waits until the bot has answered it and it was acked. */
async function say(chat: DtChat, u: DtUser, t: string, at: DtUser[] = []): Promise<string> {
  const m = fake.say(chat, u, t, at);
  return text(await fake.replyTo(m));
}

describe("钉钉: a group where only @-mentions arrive, filled in privately", () => {
  it("the group starts the report and is told how to continue; private chats continue it", async () => {
    const started = await say(group, wang, "新建 衡阳县库区移民事务中心 2020");
    expect(started).toBe(
      "已新建“衡阳县库区移民事务中心2020年度”，负责人：王会计。\n填写请私聊我：在群成员列表里点我的头像（自评助手）→ 发消息，在私聊里直接回答问题；群里的报告会接着填，谁填的都有记录。",
    );
    const first = await say(dm(wang), wang, "开始");
    expect(first).toBe(
      "接着填写群里的“衡阳县库区移民事务中心2020年度”。\n金额用什么单位填报？\n1. 万元\n2. 元\n（回复编号即可，例如 1）",
    );
    // the number answers the choice, the unit's and then the form's (1. the Hunan set)
    expect(await say(dm(wang), wang, "1")).toContain("按哪一种表样填报");
    expect(await say(dm(wang), wang, "1")).toContain("表样：湖南省部门整体支出绩效自评");
    // a plain answer typed in the group: how to continue in private
    expect(await say(group, wang, "负责移民后期扶持")).toMatch(/^群里只看结果，不填写。填写请私聊我/);
  });

  it("who may do what, from the group and from private chats", async () => {
    await say(group, li, "进度"); // 李 is now seen in the group
    await say(group, zhao, "帮助");
    // 李 in private reaches the group's report but may only read until added
    const refused = await say(dm(li), li, "是");
    expect(refused).toContain("接着填写群里的“衡阳县库区移民事务中心2020年度”。");
    expect(await say(dm(li), li, "是")).toBe(
      "你还不是这份报告的填报人，只能查看（进度、得分、试算、偏差）。请报告负责人在群里发送“@自评助手 填报人 添加 @你”。",
    );
    // an editor may not add members; the owner adds 李 by @-mention
    expect(await say(group, li, "填报人 添加", [zhao])).toBe("只有报告负责人或群管理员可以管理填报人。");
    expect(await say(group, wang, "填报人 添加", [li])).toBe(
      "已添加填报人：李出纳\n负责人：王会计\n填报人：李出纳",
    );
    expect(await say(dm(li), li, "是")).toContain("主要职能");
    expect(await say(dm(li), li, "负责全县中、小型水库移民安置和后期扶持工作。")).toMatch(/^已记录。/);
    // 赵, a member of the group who is not an editor: reads, may not answer
    expect(await say(dm(zhao), zhao, "进度")).toContain("接着填写群里的");
    expect(await say(dm(zhao), zhao, "负责全县移民工作")).toMatch(/^你还不是这份报告的填报人/);
    // a group admin who is not a member may manage members, not answer
    expect(await say(group, qian, "填报人 添加", [zhao])).toMatch(/^已添加填报人：赵科长/);
    expect(await say(group, qian, "填报人 删除", [zhao])).toMatch(/^已移除：赵科长/);
    // somebody from another group, and a stranger writing in private: nothing of this report
    await say(other, sun, "帮助");
    const stranger = await say(dm(sun), sun, "得分");
    expect(stranger).toMatch(/^Zipin 自评助手：我会逐项询问/);
    expect(stranger).not.toContain("接着填写群里的");
    expect(await say(dm(sun), sun, "切换")).toBe(
      "你现在填写的是“（未命名）”（只属于你）；你所在的群还没有可以一起填的报告。",
    );
    const [report] = await repo.findByChat(`dingtalk:g:${group.id}`);
    expect((await repo.history(report?.id as string)).map((a) => a.by)).toEqual([
      "dingtalk:1001",
      "dingtalk:1001",
      "dingtalk:1002",
    ]);
  });

  it("a report file sent in private is imported; the group gets /score, /whatif and the PDF as a file", async () => {
    const sent = fake.sendFile(dm(wang), wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH));
    expect(text(await fake.replyTo(sent))).toContain("已导入“hengyang-2020.json”。");
    expect(await say(group, zhao, "得分")).toContain("总分");
    expect(await say(group, zhao, "试算 资金直补受益移民（人）=23330")).toContain("99.23");
    const m = fake.say(group, zhao, "报告");
    const pdf = await fake.until(() => fake.botMessages(group, m.n).find((x) => x.file), 60_000, "the PDF");
    expect(pdf.file?.name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.pdf");
    expect(pdf.file?.content.subarray(0, 5).toString()).toBe("%PDF-");
  }, 90_000);

  it("the group gets the Word document and the Excel attachments; last year's .docx is read in private", async () => {
    const w = fake.say(group, zhao, "文档");
    const word = await fake.until(
      () => fake.botMessages(group, w.n).find((x) => x.file),
      60_000,
      "the .docx",
    );
    expect(word.file?.name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.docx");
    expect(
      wText(
        unzip(word.file?.content as Buffer)
          .get("word/document.xml")
          ?.toString() ?? "",
      ),
    ).toContain("一般公共预算支出352.29万元");
    const x = fake.say(group, zhao, "附表");
    const excel = await fake.until(
      () => fake.botMessages(group, x.n).find((m) => m.file),
      60_000,
      "the .xlsx",
    );
    expect(excel.file?.name).toBe("衡阳县库区移民事务中心-2020-自评附表.xlsx");
    expect([...unzip(excel.file?.content as Buffer).keys()]).toContain("xl/workbook.xml");
    // 孙 has only his own private report: last year's report read into it; a number picks that figure
    await say(dm(sun), sun, "新建 衡阳县库区移民事务中心 2021");
    const sent = fake.sendFile(dm(sun), sun, "2020年自评报告.docx", handmade("docx"));
    const offer = text(await fake.replyTo(sent));
    expect(offer).toContain("1. 附件1-1 部门基本支出（2020年决算数）：113.29→上年决算数（表1 第4行第2列）");
    // the choices are the words the text names, not numbers that would read as figures
    expect(offer).toMatch(/回复“放弃”不导入。确认之前报告不会改动。$/);
    expect(await say(dm(sun), sun, "1")).toMatch(/^已采用“2020年自评报告\.docx”中的 1 个数字。/);
    const [own] = await repo.findByChat("dingtalk:1005");
    const d = (own?.state as { draft?: unknown } | undefined)?.draft as {
      basicData?: { basic?: unknown };
      unit?: { year?: number };
    };
    expect(d.basicData?.basic).toEqual({ prior: "113.29" });
    expect(d.unit?.year).toBe(2021);
  }, 120_000);

  it("a message delivered again (not acked in time) is handled once; a dropped connection comes back", async () => {
    fake.ignoreAcks = true;
    fake.redeliverMs = 300;
    const m = fake.say(dm(wang), wang, "进度");
    await fake.until(
      () => fake.delivered >= 3 && fake.botMessages(dm(wang), m.n).length > 0,
      10_000,
      "redeliveries",
    );
    fake.ignoreAcks = false;
    await fake.until(() => fake.pending === 0, 10_000, "the ack");
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.botMessages(dm(wang), m.n).length).toBe(1);
    const opened = running.stream.supervisor.opened;
    fake.dropSockets();
    await eventually(() => running.stream.supervisor.opened > opened, 10_000, "the reconnection");
    expect(await say(group, wang, "得分")).toContain("总分");
    expect(logs.join("\n")).not.toContain(SECRET);
    expect(fake.log.filter((x) => x.from === BOT_STAFF).every((x) => !x.text?.includes(SECRET))).toBe(true);
  }, 30_000);
});
