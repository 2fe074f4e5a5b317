import { dirname, resolve } from "node:path";
import { runTerminal } from "./bot/terminal/terminal.js";
import { readConfig } from "./config/env.js";
import { CachedRepository } from "./storage/cached.js";
import { DEFAULT_SQLITE_FILE, describeOpenError, isPostgresUrl, openRepository } from "./storage/prisma.js";

/**
 * The main job. It runs every messenger whose variables are set, in one process on one database:
 * Telegram (TELEGRAM_BOT_TOKEN), 钉钉 (DINGTALK_CLIENT_ID), 企业微信 / 政务微信 (WECOM_BOT_ID); with none,
 * the same conversation runs in the terminal. The data is in the SQLite file data/zipin.db, or the
 * database DATABASE_URL names.
 */
const config = readConfig(process.env);
if (!config.ok) {
  process.stderr.write(`环境变量有误：\n${config.errors.map((e) => `  ${e}`).join("\n")}\n`);
  process.exit(2);
}
const { telegram, dingtalk, wecom, llm, databaseUrl } = config.config;
let stored: Awaited<ReturnType<typeof openRepository>>;
try {
  stored = await openRepository(databaseUrl);
} catch (e) {
  process.stderr.write(`${describeOpenError(e, databaseUrl)}\n`);
  process.exit(2);
}
const messengers = telegram !== null || dingtalk !== null || wecom !== null;
// one bot process owns its SQLite file: its reads are kept in memory (several instances share PostgreSQL)
const repo = messengers && !isPostgresUrl(databaseUrl) ? new CachedRepository(stored) : stored;

if (messengers) {
  const { runMessengers } = await import("./bot/messengers.js");
  const code = await runMessengers({ telegram, dingtalk, wecom, llm, repo });
  process.exit(code);
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
