import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBot, startTelegram } from "../../../bot/telegram/run.js";
import { readConfig } from "../../../config/env.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { BOT_USER, FakeTelegram } from "../../fakes/telegram.js";
import { TOKEN } from "../harness.js";

const SECRET = "hook-secret-0123456789";
const fake = new FakeTelegram(TOKEN);
let bot: RunningBot;
const logs: string[] = [];

beforeAll(async () => {
  await fake.start();
  const config = readConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: "https://zipin.example.gov.cn/telegram",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PORT: "0",
  });
  if (!config.ok || !config.config.telegram) throw new Error(JSON.stringify(config));
  bot = await startTelegram(config.config.telegram, {
    repo: new MemoryRepository(),
    llm: null,
    log: (l) => logs.push(l),
  });
});
afterAll(async () => {
  await bot.stop();
  await fake.close();
});

const post = (body: unknown, secret?: string) =>
  fetch(`http://127.0.0.1:${bot.port}/`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(secret && { "x-telegram-bot-api-secret-token": secret }),
    },
    body: JSON.stringify(body),
  });
const update = (id: number, text: string) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 1,
    chat: { id: 4242, type: "private", first_name: "王" },
    from: { id: 4242, is_bot: false, first_name: "王" },
    text,
  },
});

describe("webhook mode (TELEGRAM_WEBHOOK_URL)", () => {
  it("registers the webhook with its secret and the update types it handles", () => {
    const set = fake.calls.find((c) => c.method === "setWebhook");
    expect(set?.params).toMatchObject({
      url: "https://zipin.example.gov.cn/telegram",
      secret_token: SECRET,
      allowed_updates: ["message", "edited_message", "callback_query"],
    });
    expect(fake.calls.some((c) => c.method === "getUpdates")).toBe(false);
  });
  it("answers an update posted with the secret; refuses one without it", async () => {
    expect((await post(update(1, "/start"), "wrong-secret-000000000")).status).toBe(401);
    expect(fake.calls.some((c) => c.method === "sendMessage")).toBe(false);
    const ok = await post(update(2, "/start"), SECRET);
    expect(ok.status).toBe(200); // answered once stored; handled from the inbox right after
    await fake.until(() => fake.calls.some((c) => c.method === "sendMessage"), 5000, "the reply");
    const sent = fake.calls.filter((c) => c.method === "sendMessage");
    expect(sent.map((c) => c.params.chat_id)).toEqual([4242]);
    expect(String(sent[0]?.params.text)).toContain("请输入单位全称");
    expect(logs.join("\n")).toContain(`@${BOT_USER.username} 已启动（webhook`);
  });
});
