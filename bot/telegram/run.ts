import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { webhookCallback } from "grammy";
import type { TelegramConfig } from "../../config/env.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { ChatServiceOptions } from "../chat/service.js";
import { ALLOWED_UPDATES, BOT_COMMANDS, createTelegramBot, redact } from "./bot.js";
import { runPolling } from "./polling.js";

export interface RunningBot {
  /** finishes the updates in hand, then stops; nothing in hand is lost */
  stop(): Promise<void>;
  /** resolves when the bot has stopped */
  done: Promise<void>;
  /** webhook mode: the port the server listens on */
  port?: number;
}

/** Starts the bot: long polling (default) or a webhook server; commands registered with Telegram. */
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
  const bot = createTelegramBot({ token: config.token, apiRoot: config.apiRoot, ...deps, log });
  await bot.init();
  await bot.api.setMyCommands(BOT_COMMANDS);
  if (config.webhook) {
    const hook = config.webhook;
    const handle = webhookCallback(bot, "http", { secretToken: hook.secret, onTimeout: "return" });
    const server: Server = createServer((req, res) => {
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return;
      }
      void handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(hook.port, resolve));
    const port = (server.address() as AddressInfo).port;
    await bot.api.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    log(`Zipin 机器人 @${bot.botInfo.username} 已启动（webhook，端口 ${port}）。`);
    let closed: () => void = () => {};
    const done = new Promise<void>((r) => (closed = r));
    return {
      done,
      port,
      stop: async () => {
        // stop taking new updates; the ones in hand finish (Telegram re-sends what got no answer)
        const serverClosed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections(); // kept-alive sockets would hold close() open; busy ones finish
        await serverClosed;
        closed();
      },
    };
  }
  await bot.api.deleteWebhook();
  const polling = runPolling(bot, { allowedUpdates: ALLOWED_UPDATES, log });
  log(`Zipin 机器人 @${bot.botInfo.username} 已启动（长轮询）。`);
  let stopped: () => void = () => {};
  const done = new Promise<void>((r) => (stopped = r));
  void polling.task()?.then(
    () => stopped(),
    (e) => {
      log(`长轮询停止：${redact((e as Error).message, [config.token])}`);
      stopped();
    },
  );
  return {
    done,
    stop: async () => {
      await polling.stop();
      stopped();
    },
  };
}
