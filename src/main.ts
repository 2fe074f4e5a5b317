import { runTerminal } from "./bot/terminal.js";
import { readConfig } from "./config/env.js";
import { openRepository } from "./storage/prisma.js";

/**
 * The main job. With TELEGRAM_BOT_TOKEN set it would run the Telegram bot (not built yet); without it,
 * the same conversation runs in the terminal, stored in the SQLite file data/zipin.db (or DATABASE_URL).
 */
if (process.env.TELEGRAM_BOT_TOKEN) {
  process.stderr.write(
    "TELEGRAM_BOT_TOKEN 已设置，但 Telegram 机器人尚未实现；去掉该变量即可在终端中使用。\n",
  );
  process.exit(2);
}
const config = readConfig(process.env);
if (!config.ok) {
  process.stderr.write(`环境变量有误：\n${config.errors.map((e) => `  ${e}`).join("\n")}\n`);
  process.exit(2);
}
const repo = await openRepository(process.env.DATABASE_URL || undefined);
try {
  await runTerminal({
    input: process.stdin,
    output: process.stdout,
    repo,
    interactive: process.stdin.isTTY === true,
    llm: config.config.llm,
  });
} finally {
  await repo.close();
}
