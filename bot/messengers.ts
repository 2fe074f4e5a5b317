import type { DingTalkConfig, TelegramConfig, WeComConfig } from "../config/env.js";
import type { LlmConfig } from "../prompts/drafter.js";
import type { ReportRepository } from "../storage/repository.js";
import type { RunningMessenger } from "./dingtalk/run.js";
import { readOfficeForChat, renderOfficeForChat } from "./office.js";
import { renderPdfForChat } from "./pdf.js";
import { redact } from "./telegram/bot.js";

/**
 * Every messenger whose variables are set, in one process on one repository, each through its own
 * durable inbox (source telegram, dingtalk, wecom). SIGTERM/SIGINT stop them all: nothing new is taken,
 * what is in hand is finished, then the process exits 0. Resolves with the exit status.
 */
export async function runMessengers(o: {
  telegram: TelegramConfig | null;
  dingtalk: DingTalkConfig | null;
  wecom: WeComConfig | null;
  llm: LlmConfig | null;
  repo: ReportRepository;
}): Promise<number> {
  const secrets = [o.telegram?.token, o.dingtalk?.clientSecret, o.wecom?.secret, o.llm?.apiKey].filter(
    (x): x is string => typeof x === "string",
  );
  const log = (line: string) => process.stderr.write(`${redact(line, secrets)}\n`);
  const deps = {
    repo: o.repo,
    llm: o.llm,
    renderPdf: renderPdfForChat,
    renderOffice: renderOfficeForChat,
    readOffice: (name: string, bytes: Uint8Array) => readOfficeForChat(name, bytes, o.llm),
    log,
  };
  const running: RunningMessenger[] = [];
  let telegramDone: Promise<void> | null = null;
  try {
    if (o.telegram) {
      const { startTelegram } = await import("./telegram/run.js");
      const bot = await startTelegram(o.telegram, deps).catch((e) => {
        throw new Error(`无法启动 Telegram 机器人：${(e as Error).message}`);
      });
      running.push({ name: "Telegram", stop: () => bot.stop() });
      telegramDone = bot.done;
    }
    if (o.dingtalk) {
      const { startDingTalk } = await import("./dingtalk/run.js");
      running.push(await startDingTalk(o.dingtalk, deps));
    }
    if (o.wecom) {
      const { startWeCom } = await import("./wecom/run.js");
      running.push(await startWeCom(o.wecom, deps));
    }
  } catch (e) {
    // e.g. a wrong Telegram token (401) or an unreachable API root; the message never carries a secret
    log((e as Error).message);
    await Promise.allSettled(running.map((r) => r.stop()));
    await o.repo.close();
    return 1;
  }
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`收到 ${signal}，处理完手头的消息后退出……`);
      void Promise.allSettled(running.map((r) => r.stop())).then(() => resolve());
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
    // Telegram alone, stopped by itself (another poller, a revoked token): the process ends with it
    if (telegramDone && running.length === 1) void telegramDone.then(() => shutdown("Telegram 停止"));
  });
  await stopped;
  await o.repo.close();
  log("已退出。");
  return 0;
}
