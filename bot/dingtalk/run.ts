import type { DingTalkConfig } from "../../config/env.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { ChatServiceOptions } from "../chat/service.js";
import { Intake } from "../intake.js";
import { ChatLimiter } from "../messenger/limiter.js";
import { storeWithRetry } from "../messenger/store.js";
import { OutageNotice } from "../outage.js";
import { DingTalkApi } from "./api.js";
import { deliveryOf, dingTalkHandler, type RobotData } from "./bot.js";
import { DingTalkStream } from "./stream.js";

/** A running messenger: `stop()` stops taking messages and finishes those in hand. */
export interface RunningMessenger {
  name: string;
  stop(): Promise<void>;
}

/** Messages a minute the bot sends into one group (钉钉 group robots are limited to about 20). */
export const GROUP_PER_MINUTE = 20;

/**
 * Starts the 钉钉 robot: the Stream connection (supervised), every robot message stored in the durable
 * inbox before it is acked, then handled per chat in order; what was stored and not handled before the
 * last stop is handled first.
 */
export async function startDingTalk(
  config: DingTalkConfig,
  deps: {
    repo: ReportRepository;
    llm: LlmConfig | null;
    renderPdf?: ChatServiceOptions["renderPdf"];
    renderOffice?: ChatServiceOptions["renderOffice"];
    readOffice?: ChatServiceOptions["readOffice"];
    log: (line: string) => void;
  },
): Promise<RunningMessenger & { stream: DingTalkStream; intake: Intake }> {
  const log = deps.log;
  const api = new DingTalkApi(config);
  const limiter = new ChatLimiter((chat) => (chat.startsWith("dingtalk:g:") ? GROUP_PER_MINUTE : Infinity));
  const intake = new Intake({
    inbox: deps.repo.inbox,
    handle: dingTalkHandler({
      api,
      repo: deps.repo,
      llm: deps.llm,
      renderPdf: deps.renderPdf,
      renderOffice: deps.renderOffice,
      readOffice: deps.readOffice,
      limiter,
      log,
    }),
    log,
  });
  const resumed = await intake.resume();
  if (resumed > 0) log(`钉钉：继续处理上次停止时未处理完的 ${resumed} 条消息。`);
  const webhooks = new Map<string, string>();
  const notice = new OutageNotice(async (chat, text) => {
    const url = webhooks.get(chat);
    if (url) await api.replyBySession(url, text);
  });
  const stream = new DingTalkStream({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    apiRoot: config.apiRoot,
    log,
    onMessage: async (msg) => {
      const data = JSON.parse(msg.data) as RobotData;
      const d = deliveryOf(data);
      if (data.sessionWebhook) webhooks.set(d.chatId, data.sessionWebhook);
      if (webhooks.size > 10_000) webhooks.delete(webhooks.keys().next().value as string);
      await storeWithRetry(intake, [d], notice, log, "钉钉");
    },
  });
  await stream.start();
  log("Zipin 钉钉机器人已启动（Stream 模式）。");
  return {
    name: "钉钉",
    stream,
    intake,
    stop: async () => {
      stream.stop(); // what is not acked yet is sent again by 钉钉
      if (!(await intake.drain()))
        log(`钉钉：停止时仍有 ${intake.pending} 条消息未处理完：下次启动时继续处理。`);
      await limiter.idle();
    },
  };
}
