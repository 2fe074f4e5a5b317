import { dirname, resolve } from "node:path";
import { runTerminal } from "./bot/terminal/terminal.js";
import { readConfig } from "./config/env.js";
import { CachedRepository } from "./storage/cached.js";
import { DEFAULT_SQLITE_FILE, describeOpenError, isPostgresUrl, openRepository } from "./storage/prisma.js";

/**
 * The main job. With TELEGRAM_BOT_TOKEN set it runs the Telegram bot (long polling, or a webhook with
 * TELEGRAM_WEBHOOK_URL); without it, the same conversation runs in the terminal. Either way the data
 * is in the SQLite file data/zipin.db, or the database DATABASE_URL names.
 */
const config = readConfig(process.env);
if (!config.ok) {
  process.stderr.write(`环境变量有误：\n${config.errors.map((e) => `  ${e}`).join("\n")}\n`);
  process.exit(2);
}
const { telegram, llm, databaseUrl } = config.config;
let stored: Awaited<ReturnType<typeof openRepository>>;
try {
  stored = await openRepository(databaseUrl);
} catch (e) {
  process.stderr.write(`${describeOpenError(e, databaseUrl)}\n`);
  process.exit(2);
}
// one bot process owns its SQLite file: its reads are kept in memory (several instances share PostgreSQL)
const repo = telegram && !isPostgresUrl(databaseUrl) ? new CachedRepository(stored) : stored;

if (telegram) {
  const { startTelegram } = await import("./bot/telegram/run.js");
  const { renderPdfForChat } = await import("./bot/pdf.js");
  const { renderOfficeForChat, readOfficeForChat } = await import("./bot/office.js");
  let bot: Awaited<ReturnType<typeof startTelegram>>;
  try {
    bot = await startTelegram(telegram, {
      repo,
      llm,
      renderPdf: renderPdfForChat,
      renderOffice: renderOfficeForChat,
      readOffice: (name, bytes) => readOfficeForChat(name, bytes, llm),
    });
  } catch (e) {
    // e.g. a wrong token (401) or an unreachable API root; the message never carries the token
    const { redact } = await import("./bot/telegram/bot.js");
    process.stderr.write(`无法启动 Telegram 机器人：${redact((e as Error).message, [telegram.token])}\n`);
    await repo.close();
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`收到 ${signal}，处理完手头的消息后退出……\n`);
    void bot.stop();
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  await bot.done;
  await repo.close();
  process.stderr.write("已退出。\n");
  // nothing in hand any more: timers or sockets left by a library must not keep the process alive
  process.exit(0);
} else {
  try {
    await runTerminal({
      input: process.stdin,
      output: process.stdout,
      repo,
      interactive: process.stdin.isTTY === true,
      llm,
      // /pdf writes next to the SQLite file (data/ by default); with PostgreSQL, in the current folder
      pdfDir: isPostgresUrl(databaseUrl)
        ? "."
        : dirname(resolve((databaseUrl ?? DEFAULT_SQLITE_FILE).replace(/^file:/, ""))),
    });
  } finally {
    await repo.close();
  }
}
