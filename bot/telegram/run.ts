import type { Bot } from "grammy";
import type { TelegramConfig } from "../../config/env.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { ChatServiceOptions } from "../chat/service.js";
import { Intake } from "../intake.js";
import { OutageNotice } from "../outage.js";
import { ALLOWED_UPDATES, BOT_COMMANDS, createTelegramBot, redact } from "./bot.js";
import { type PollingHandle, runPolling } from "./polling.js";
import { handlerOf } from "./updates.js";
import { startWebhookServer } from "./webhook.js";

export interface RunningBot {
  /** stops taking updates, finishes those in hand (what is left is handled after the restart) */
  stop(): Promise<void>;
  /** resolves when the bot has stopped */
  done: Promise<void>;
  /** webhook mode: the port the server listens on */
  port?: number;
}

/**
 * The bot's long polling through a durable inbox in `repo`'s database (used by `startTelegram`, and by
 * tests and benchmarks that make their own bot).
 */
export function pollThroughInbox(
  bot: Bot,
  repo: ReportRepository,
  o: { log?: (line: string) => void; maxChats?: number } = {},
): { intake: Intake; polling: PollingHandle } {
  const intake = new Intake({
    inbox: repo.inbox,
    handle: handlerOf(bot),
    ...(o.log && { log: o.log }),
    ...(o.maxChats !== undefined && { maxChats: o.maxChats }),
  });
  return {
    intake,
    polling: runPolling(bot, intake, { allowedUpdates: ALLOWED_UPDATES, ...(o.log && { log: o.log }) }),
  };
}

/**
 * Starts the bot: long polling (default) or a webhook server, both through the durable inbox
 * (`bot/intake.ts`); what was stored and not handled before the last stop is handled first.
 */
export async function startTelegram(
  config: TelegramConfig,
  deps: {
    repo: ReportRepository;
    llm: LlmConfig | null;
    renderPdf?: ChatServiceOptions["renderPdf"];
    renderOffice?: ChatServiceOptions["renderOffice"];
    readOffice?: ChatServiceOptions["readOffice"];
    log?: (l: string) => void;
  },
): Promise<RunningBot> {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const safeLog = (line: string) => log(redact(line, [config.token, deps.llm?.apiKey ?? ""]));
  const bot = createTelegramBot({ token: config.token, apiRoot: config.apiRoot, ...deps, log });
  await bot.init();
  await bot.api.setMyCommands(BOT_COMMANDS);
  const intake = new Intake({
    inbox: deps.repo.inbox,
    handle: handlerOf(bot),
    log: safeLog,
  });
  const resumed = await intake.resume();
  if (resumed > 0) log(`继续处理上次停止时未处理完的 ${resumed} 条消息。`);
  let finished: () => void = () => {};
  const done = new Promise<void>((r) => (finished = r));
  if (config.webhook) {
    const hook = config.webhook;
    const notice = new OutageNotice((chat, text) => bot.api.sendMessage(chat, text));
    const server = await startWebhookServer({
      port: hook.port,
      secret: hook.secret,
      intake,
      notice,
      log: safeLog,
    });
    await bot.api.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    log(`Zipin 机器人 @${bot.botInfo.username} 已启动（webhook，端口 ${server.port}）。`);
    return {
      done,
      port: server.port,
      stop: async () => {
        await server.close(); // Telegram sends again what got no answer
        if (!(await intake.drain())) log(`停止时仍有 ${intake.pending} 条消息未处理完：下次启动时继续处理。`);
        finished();
      },
    };
  }
  await bot.api.deleteWebhook();
  const polling = runPolling(bot, intake, { allowedUpdates: ALLOWED_UPDATES, log: safeLog });
  log(`Zipin 机器人 @${bot.botInfo.username} 已启动（长轮询）。`);
  polling.done.then(
    () => finished(),
    (e) => {
      safeLog(`长轮询停止：${(e as Error).message}`);
      void intake.drain().then(() => finished());
    },
  );
  return {
    done,
    stop: async () => {
      await polling.stop();
      finished();
    },
  };
}
