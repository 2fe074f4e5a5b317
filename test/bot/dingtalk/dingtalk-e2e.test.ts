import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materialize } from "../../../bot/conversation/draft.js";
import type { EngineState } from "../../../bot/conversation/state.js";
import { openRepository } from "../../../storage/prisma.js";
import { type DtChat, type DtMessage, type DtUser, FakeDingTalk } from "../../fakes/dingtalk.js";
import { SAMPLE_PATH, sample } from "../../helpers.js";
import { extractPdf } from "../../pdf/extract.js";
import { ANSWERED_ALREADY, fillPrivately } from "../fill.js";
import { eventually, type MainProcess, startMain } from "../process.js";

/**
 * 钉钉 as users run it: `node dist/main.js` with DINGTALK_* set, against the fake 钉钉 on 127.0.0.1. The
 * whole sample filled in by two members of a group, each in their private chat (the group starts the
 * report and asks for the score, a what-if and the PDF), the sample file imported in a private chat, a
 * message delivered twice handled once, kill -9 mid-report, the socket dropped, SIGTERM with a reply in
 * hand; the secret in no output. The transcript: test-output/dingtalk-transcript.txt.
 */
const ID = "dingzipine2e0001";
const SECRET = "dt-e2e-secret-abcdefghijklmnopqrstuvwxyz";
const dir = mkdtempSync(join(tmpdir(), "zipin-dt-"));
const db = join(dir, "zipin.db");
const fake = new FakeDingTalk(ID, SECRET);
const wang: DtUser = { staffId: "2001", nick: "王会计" };
const li: DtUser = { staffId: "2002", nick: "李出纳" };
const zhao: DtUser = { staffId: "2003", nick: "赵科长" };
const group: DtChat = { id: "cidE2EGROUP", group: true, title: "移民中心财务群" };
const second: DtChat = { id: "cidE2ESECOND", group: true, title: "导入测试群" };
const dm = (u: DtUser): DtChat => ({ id: `private-${u.staffId}`, group: false });
let proc: MainProcess | null = null;
let outputs = "";

const start = async () => {
  proc = startMain({
    DINGTALK_CLIENT_ID: ID,
    DINGTALK_CLIENT_SECRET: SECRET,
    DINGTALK_API_ROOT: fake.root,
    DINGTALK_OAPI_ROOT: fake.root,
    DATABASE_URL: db,
  });
  const p = proc;
  await eventually(() => p.output().includes("钉钉机器人已启动"), 20_000, "the bot to start");
  return p;
};
const stop = async (signal: "SIGKILL" | "SIGTERM") => {
  const p = proc as MainProcess;
  p.child.kill(signal);
  const code = await p.exited;
  outputs += p.output();
  proc = null;
  return code;
};

beforeAll(async () => {
  await fake.start();
  fake.redeliverMs = 3000;
});
afterAll(async () => {
  mkdirSync("test-output", { recursive: true });
  const names = { [wang.staffId]: "王会计", [li.staffId]: "李出纳", [zhao.staffId]: "赵科长" };
  writeFileSync(
    "test-output/dingtalk-transcript.txt",
    [
      `== 群“${group.title}”（只收到 @自评助手 的消息）==`,
      fake.transcript(group, names),
      "\n== 王会计 与 自评助手 的单聊 ==",
      fake.transcript(dm(wang), names),
      "\n== 李出纳 与 自评助手 的单聊 ==",
      fake.transcript(dm(li), names),
      `\n== 群“${second.title}” ==`,
      fake.transcript(second, names),
      "",
    ].join("\n"),
  );
  if (proc) await stop("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (ms: DtMessage[]) => ms.map((m) => m.text ?? `［文件：${m.file?.name}］`).join("\n");
async function say(chat: DtChat, u: DtUser, t: string, at: DtUser[] = []): Promise<string> {
  return text(await fake.replyTo(fake.say(chat, u, t, at), 30_000));
}
/** The first reply after a message that `answers` accepts. */
const answerTo = (chat: DtChat, m: DtMessage, answers: (reply: string) => boolean) =>
  fake.until(
    () => fake.botMessages(chat, m.n).find((x) => answers(text([x])))?.text,
    30_000,
    `the answer to “${m.text}”`,
  );
const stateOf = async (chat: DtChat): Promise<EngineState> => {
  const repo = await openRepository(db);
  try {
    return (await repo.findByChat(`dingtalk:g:${chat.id}`))[0]?.state as EngineState;
  } finally {
    await repo.close();
  }
};

describe("钉钉: the bot process (npm start with DINGTALK_*)", () => {
  it("two members fill in the whole sample privately for their group, through kill -9 and a dropped socket", async () => {
    await start();
    const expected = sample();
    expect(await say(group, wang, `新建 ${expected.unit.name} ${expected.unit.year}`)).toMatch(/^已新建/);
    await say(group, li, "帮助");
    expect(await say(group, wang, "填报人 添加", [li])).toBe(
      "已添加填报人：李出纳\n负责人：王会计\n填报人：李出纳",
    );
    await say(dm(wang), wang, "开始");
    await say(dm(li), li, "开始");
    const members = [wang, li];
    let killed = false;
    const filled = await fillPrivately({
      start: await stateOf(group),
      expected,
      members: 2,
      block: 40,
      send: async (i, input, answers) => {
        const u = members[i] as DtUser;
        if (!killed && fake.log.length > 400) {
          // kill -9 while an answer is in hand: stored and acked, its reply not sent yet
          killed = true;
          fake.slowReplyMs = 5000;
          const m = fake.say(dm(u), u, input);
          await fake.until(() => fake.acks.includes(m.msgId as string), 10_000, "the ack");
          expect(await stop("SIGKILL")).toBe(null);
          fake.slowReplyMs = 0;
          await start();
          return answerTo(dm(u), m, answers);
        }
        return answerTo(dm(u), fake.say(dm(u), u, input), answers);
      },
      before: async (n) => {
        if (n === 100) fake.dropSockets(); // the supervisor reconnects; the next answers still arrive
      },
    });
    expect(killed).toBe(true);
    expect(filled.redirected).toBeGreaterThan(0);
    const stored = await stateOf(group);
    if (process.env.DEBUG_DT) {
      const r = await openRepository(db);
      const h = await r.history((await r.findByChat(`dingtalk:g:${group.id}`))[0]?.id as string);
      await r.close();
      const i = h.findIndex(
        (a, k) => a.field !== filled.changes[k]?.field || a.value !== filled.changes[k]?.value,
      );
      process.stderr.write(
        `first mismatch ${i}: ${JSON.stringify(h.slice(i - 2, i + 3))}\n${JSON.stringify(filled.changes.slice(i - 2, i + 3))}\n`,
      );
      process.stderr.write(outputs + (proc?.output() ?? ""));
      writeFileSync("/tmp/dt-stored.json", JSON.stringify(stored, null, 1));
      writeFileSync("/tmp/dt-shadow.json", JSON.stringify(filled.state, null, 1));
    }
    expect(stored).toEqual(filled.state);
    expect(materialize(stored.draft)).toEqual(expected);
    const repo = await openRepository(db);
    const report = (await repo.findByChat(`dingtalk:g:${group.id}`))[0];
    const history = await repo.history(report?.id as string);
    await repo.close();
    expect(history.map((a) => [a.field, a.value, a.by])).toEqual(
      filled.changes.map((c) => [c.field, c.value, `dingtalk:${members[c.by]?.staffId}`]),
    );
  }, 600_000);

  it("the group asks for the score, a what-if and the PDF; a reader may not answer in private", async () => {
    expect(await say(group, zhao, "得分")).toContain("总分");
    expect(await say(group, zhao, "试算 资金直补受益移民（人）=23330")).toContain("99.23");
    expect(await say(dm(zhao), zhao, "上一题")).toContain("接着填写群里的");
    expect(await say(dm(zhao), zhao, "上一题")).toMatch(/^你还不是这份报告的填报人/);
    const m = fake.say(group, zhao, "报告");
    const pdf = await fake.until(() => fake.botMessages(group, m.n).find((x) => x.file), 60_000, "the PDF");
    expect(pdf.file?.name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.pdf");
    const read = await extractPdf(pdf.file?.content as Buffer);
    expect(read.pages.length).toBeGreaterThanOrEqual(6);
    expect(read.pageText[0]).toContain("衡阳县库区移民事务中心");
  }, 90_000);

  it("the sample file sent in a private chat is imported into another group's report", async () => {
    await say(second, wang, "新建 测试单位 2020");
    const list = await say(dm(wang), wang, "切换");
    const n = /(\d+)\. 测试单位2020年度/.exec(list)?.[1];
    expect(await say(dm(wang), wang, `切换 ${n}`)).toMatch(/^已切换到“测试单位2020年度”。/);
    const sent = fake.sendFile(dm(wang), wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH));
    expect(text(await fake.replyTo(sent))).toContain("已导入“hengyang-2020.json”。");
    expect(materialize((await stateOf(second)).draft)).toEqual(sample());
  }, 60_000);

  it("a message delivered again is handled once; SIGTERM finishes the answer in hand", async () => {
    fake.ignoreAcks = true;
    fake.redeliverMs = 400;
    const before = fake.delivered;
    const m = fake.say(dm(li), li, "进度");
    await fake.until(() => fake.delivered >= before + 3, 10_000, "redeliveries");
    fake.ignoreAcks = false;
    await fake.until(() => fake.pending === 0, 10_000, "the ack");
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.botMessages(dm(li), m.n).length).toBe(1);
    fake.redeliverMs = 3000;
    // SIGTERM while the reply is being sent: it is sent, then the process exits 0
    fake.slowReplyMs = 1500;
    const back = fake.say(dm(li), li, "上一题");
    await fake.until(() => fake.acks.includes(back.msgId as string), 10_000, "the ack");
    expect(await stop("SIGTERM")).toBe(0);
    fake.slowReplyMs = 0;
    expect(text(fake.botMessages(dm(li), back.n))).not.toContain(ANSWERED_ALREADY);
    expect(fake.botMessages(dm(li), back.n).length).toBe(1);
    expect(outputs).toContain("已退出。");
    expect(outputs).not.toContain(SECRET);
  }, 60_000);
});
