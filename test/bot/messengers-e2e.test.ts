import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDingTalk } from "../fakes/dingtalk.js";
import { FakeTelegram } from "../fakes/telegram.js";
import { FakeWeCom } from "../fakes/wecom.js";
import { eventually, type MainProcess, startMain } from "./process.js";

/**
 * `npm start` with Telegram, 钉钉 and 企业微信 all configured: one process, one database, each messenger
 * answering its own chats; SIGTERM stops them all (exit 0); none of the three secrets in the output.
 */
const TOKEN = "123456:all-three-telegram-token-abcdefghij";
const DT_ID = "dingallthree0001";
const DT_SECRET = "dt-all-secret-abcdefghijklmnopqrstuvwxyz";
const WC_ID = "aibAllThree01";
const WC_SECRET = "wc-all-secret-abcdefghijklmnopqrstuvwxyz";
const telegram = new FakeTelegram(TOKEN);
const dingtalk = new FakeDingTalk(DT_ID, DT_SECRET);
const wecom = new FakeWeCom(WC_ID, WC_SECRET);
const dir = mkdtempSync(join(tmpdir(), "zipin-all-"));
let proc: MainProcess | null = null;

beforeAll(async () => {
  await Promise.all([telegram.start(), dingtalk.start(), wecom.start()]);
});
afterAll(async () => {
  if (proc) {
    proc.child.kill("SIGKILL");
    await proc.exited;
  }
  await Promise.all([telegram.close(), dingtalk.close(), wecom.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** what every new private chat is told first (the same service behind the three) */
const WELCOME = /^Zipin 自评助手：我会逐项询问/;

describe("npm start with every messenger configured", () => {
  it("Telegram, 钉钉 and 企业微信 answer in one process; SIGTERM stops them all", async () => {
    proc = startMain({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DINGTALK_CLIENT_ID: DT_ID,
      DINGTALK_CLIENT_SECRET: DT_SECRET,
      DINGTALK_API_ROOT: dingtalk.root,
      DINGTALK_OAPI_ROOT: dingtalk.root,
      WECOM_BOT_ID: WC_ID,
      WECOM_BOT_SECRET: WC_SECRET,
      WECOM_WS_URL: wecom.url,
      DATABASE_URL: join(dir, "zipin.db"),
    });
    const p = proc;
    await eventually(
      () =>
        ["已启动（长轮询）", "钉钉机器人已启动", "企业微信机器人已启动"].every((s) => p.output().includes(s)),
      30_000,
      "the three bots to start",
    );
    const tgChat = { id: 501, type: "private" as const };
    const tgReply = telegram.nextBotMessage(tgChat);
    telegram.say(tgChat, { id: 501, first_name: "王" }, "/start");
    expect((await tgReply).text).toMatch(WELCOME);
    const dtReply = dingtalk.replyTo(
      dingtalk.say({ id: "private-3001", group: false }, { staffId: "3001", nick: "李" }, "开始"),
    );
    expect((await dtReply).map((m) => m.text).join("\n")).toMatch(WELCOME);
    const wcReply = wecom.replyTo(wecom.say({ id: "zhaokz", group: false }, "zhaokz", "开始").message);
    expect((await wcReply).map((m) => m.text).join("\n")).toMatch(WELCOME);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    proc = null;
    const out = p.output();
    expect(out).toContain("已退出。");
    for (const secret of [TOKEN, DT_SECRET, WC_SECRET]) expect(out).not.toContain(secret);
  }, 60_000);
});
