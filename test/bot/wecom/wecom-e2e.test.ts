import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materialize } from "../../../bot/conversation/draft.js";
import type { EngineState } from "../../../bot/conversation/state.js";
import { openRepository } from "../../../storage/prisma.js";
import { FakeWeCom, type WcChat, type WcMessage } from "../../fakes/wecom.js";
import { SAMPLE_PATH, sample } from "../../helpers.js";
import { extractPdf } from "../../pdf/extract.js";
import { fillPrivately } from "../fill.js";
import { eventually, type MainProcess, startMain } from "../process.js";

/**
 * 企业微信 / 政务微信 as users run it: `node dist/main.js` with WECOM_* set, against the fake long
 * connection on 127.0.0.1. The whole sample filled in privately by two members of a group, the group's
 * score, what-if and PDF, the sample imported in a private chat, a callback sent twice handled once,
 * kill -9 with an answer in hand, the socket dropped, SIGTERM with a reply in hand; the secret in no
 * output. The transcript: test-output/wecom-transcript.txt.
 */
const BOT_ID = "aibZipinE2E01";
const SECRET = "wc-e2e-secret-abcdefghijklmnopqrstuvwxyz";
const dir = mkdtempSync(join(tmpdir(), "zipin-wc-"));
const db = join(dir, "zipin.db");
const fake = new FakeWeCom(BOT_ID, SECRET);
const group: WcChat = { id: "wrE2EGROUP", group: true };
const second: WcChat = { id: "wrE2ESECOND", group: true };
const dm = (user: string): WcChat => ({ id: user, group: false });
const WANG = "wanghj";
const LI = "lisi";
const ZHAO = "zhaokz";
let proc: MainProcess | null = null;
let outputs = "";

const start = async () => {
  proc = startMain({
    WECOM_BOT_ID: BOT_ID,
    WECOM_BOT_SECRET: SECRET,
    WECOM_WS_URL: fake.url,
    DATABASE_URL: db,
  });
  const p = proc;
  await eventually(() => p.output().includes("企业微信机器人已启动"), 20_000, "the bot to start");
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

beforeAll(() => fake.start());
afterAll(async () => {
  mkdirSync("test-output", { recursive: true });
  writeFileSync(
    "test-output/wecom-transcript.txt",
    [
      "== 群（只收到 @自评助手 的消息）==",
      fake.transcript(group),
      `\n== ${WANG} 与 自评助手 的单聊 ==`,
      fake.transcript(dm(WANG)),
      `\n== ${LI} 与 自评助手 的单聊 ==`,
      fake.transcript(dm(LI)),
      "\n== 第二个群 ==",
      fake.transcript(second),
      "",
    ].join("\n"),
  );
  if (proc) await stop("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (ms: WcMessage[]) =>
  ms
    .filter((m) => m.text !== undefined || m.file)
    .map((m) => m.text ?? `［文件：${m.file?.name}］`)
    .join("\n");
async function say(chat: WcChat, user: string, t: string): Promise<string> {
  return text(await fake.replyTo(fake.say(chat, user, t).message, 30_000));
}
/** The first reply after a message that `answers` accepts. */
const answerTo = (chat: WcChat, m: WcMessage, answers: (reply: string) => boolean) =>
  fake.until(
    () => fake.botMessages(chat, m.n).find((x) => x.text !== undefined && answers(x.text))?.text,
    30_000,
    `the answer to “${m.text}”`,
  );
const stateOf = async (chat: WcChat): Promise<EngineState> => {
  const repo = await openRepository(db);
  try {
    return (await repo.findByChat(`wecom:g:${chat.id}`))[0]?.state as EngineState;
  } finally {
    await repo.close();
  }
};
/** Whether the bot has stored a callback in its inbox (企业微信 has no ack to watch). */
const inInbox = (msgid: string) => {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (
      d.prepare(`SELECT 1 FROM "InboxUpdate" WHERE "source" = 'wecom' AND "key" = ?`).get(msgid) !== undefined
    );
  } finally {
    d.close();
  }
};

describe("企业微信: the bot process (npm start with WECOM_*)", () => {
  it("two members fill in the whole sample privately for their group, through kill -9 and a dropped socket", async () => {
    await start();
    const expected = sample();
    expect(await say(group, WANG, `新建 ${expected.unit.name} ${expected.unit.year}`)).toMatch(/^已新建/);
    await say(group, LI, "帮助");
    expect(await say(group, WANG, `填报人 添加 @${LI}`)).toBe(
      `已添加填报人：${LI}\n负责人：${WANG}\n填报人：${LI}`,
    );
    await say(dm(WANG), WANG, "开始");
    await say(dm(LI), LI, "开始");
    const members = [WANG, LI];
    let killed = false;
    const filled = await fillPrivately({
      start: await stateOf(group),
      expected,
      members: 2,
      block: 40,
      send: async (i, input, answers) => {
        const u = members[i] as string;
        if (!killed && fake.log.length > 400) {
          // kill -9 while an answer is in hand: stored, its reply not sent yet
          killed = true;
          fake.slowReplyMs = 5000;
          const { message, body } = fake.say(dm(u), u, input);
          await eventually(() => inInbox(String(body.msgid)), 10_000, "the callback stored");
          expect(await stop("SIGKILL")).toBe(null);
          fake.slowReplyMs = 0;
          await start();
          return answerTo(dm(u), message, answers);
        }
        return answerTo(dm(u), fake.say(dm(u), u, input).message, answers);
      },
      before: async (n) => {
        if (n === 100) fake.dropSockets();
      },
    });
    expect(killed).toBe(true);
    expect(filled.redirected).toBeGreaterThan(0);
    const stored = await stateOf(group);
    expect(stored).toEqual(filled.state);
    expect(materialize(stored.draft)).toEqual(expected);
    const repo = await openRepository(db);
    const report = (await repo.findByChat(`wecom:g:${group.id}`))[0];
    const history = await repo.history(report?.id as string);
    await repo.close();
    expect(history.map((a) => [a.field, a.value, a.by])).toEqual(
      filled.changes.map((c) => [c.field, c.value, `wecom:${members[c.by]}`]),
    );
  }, 600_000);

  it("the group asks for the score, a what-if and the PDF; a reader may not answer in private", async () => {
    expect(await say(group, ZHAO, "得分")).toContain("总分");
    expect(await say(group, ZHAO, "试算 资金直补受益移民（人）=23330")).toContain("99.23");
    expect(await say(dm(ZHAO), ZHAO, "上一题")).toContain("接着填写群里的");
    expect(await say(dm(ZHAO), ZHAO, "上一题")).toMatch(/^你还不是这份报告的填报人/);
    const m = fake.say(group, ZHAO, "报告").message;
    const pdf = await fake.until(() => fake.botMessages(group, m.n).find((x) => x.file), 60_000, "the PDF");
    expect(pdf.file?.name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.pdf");
    const read = await extractPdf(pdf.file?.content as Buffer);
    expect(read.pages.length).toBeGreaterThanOrEqual(6);
    expect(read.pageText[0]).toContain("衡阳县库区移民事务中心");
  }, 90_000);

  it("the sample file sent in a private chat is imported into another group's report", async () => {
    await say(second, WANG, "新建 测试单位 2020");
    const list = await say(dm(WANG), WANG, "切换");
    const n = /(\d+)\. 测试单位2020年度/.exec(list)?.[1];
    expect(await say(dm(WANG), WANG, `切换 ${n}`)).toMatch(/^已切换到“测试单位2020年度”。/);
    const sent = fake.sendFile(dm(WANG), WANG, "hengyang-2020.json", readFileSync(SAMPLE_PATH));
    expect(text(await fake.replyTo(sent))).toContain("已导入“hengyang-2020.json”。");
    expect(materialize((await stateOf(second)).draft)).toEqual(sample());
  }, 60_000);

  it("a callback sent twice is handled once; SIGTERM finishes the reply in hand", async () => {
    const { message, body } = fake.say(dm(LI), LI, "进度");
    await fake.replyTo(message);
    fake.resend(dm(LI), body);
    const after = fake.say(dm(LI), LI, "得分").message;
    await fake.replyTo(after);
    expect(fake.botMessages(dm(LI), message.n).length).toBe(2);
    fake.slowReplyMs = 1500;
    const back = fake.say(dm(LI), LI, "上一题");
    await eventually(() => inInbox(String(back.body.msgid)), 10_000, "the callback stored");
    expect(await stop("SIGTERM")).toBe(0);
    fake.slowReplyMs = 0;
    expect(fake.botMessages(dm(LI), back.message.n).length).toBe(1);
    expect(outputs).toContain("已退出。");
    expect(outputs).not.toContain(SECRET);
  }, 60_000);
});
