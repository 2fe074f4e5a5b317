import type { WsFrame } from "@wecom/aibot-node-sdk";
import type { WeComConfig } from "../../config/env.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { ChatServiceOptions } from "../chat/service.js";
import type { RunningMessenger } from "../dingtalk/run.js";
import { Intake } from "../intake.js";
import { ChatLimiter } from "../messenger/limiter.js";
import { storeWithRetry } from "../messenger/store.js";
import { OutageNotice } from "../outage.js";
import { type CallbackBody, deliveryOf, weComHandler } from "./bot.js";
import { WeComConnection } from "./connection.js";

/** Messages a minute the bot sends into one group. */
export const WECOM_GROUP_PER_MINUTE = 20;

const WELCOME =
  "你好，我是自评助手：逐项问你部门整体支出绩效自评需要的数字，并生成报告。发送“帮助”查看用法。";

/**
 * Starts the 企业微信 / 政务微信 智能机器人: the long connection (supervised), every callback stored in the
 * durable inbox (keyed by its msgid: a callback sent twice is handled once) and handled from there per
 * chat in order. A click on a card's button is acknowledged at once (the card must be updated within
 * 5 s), then handled like a message.
 */
export async function startWeCom(
  config: WeComConfig,
  deps: {
    repo: ReportRepository;
    llm: LlmConfig | null;
    renderPdf?: ChatServiceOptions["renderPdf"];
    renderOffice?: ChatServiceOptions["renderOffice"];
    readOffice?: ChatServiceOptions["readOffice"];
    log: (line: string) => void;
    /** tests: a shorter pause after another instance took over, shorter heartbeats */
    kickedPauseMs?: number;
    heartbeatMs?: number;
  },
): Promise<RunningMessenger & { connection: WeComConnection; intake: Intake }> {
  const log = deps.log;
  const limiter = new ChatLimiter((chat) =>
    chat.startsWith("wecom:g:") ? WECOM_GROUP_PER_MINUTE : Infinity,
  );
  let connection: WeComConnection | null = null;
  let stopping = false;
  /** until what was stored before is scheduled, and while stopping, arrivals are only stored */
  let storeOnly = true;
  const stores = new Set<Promise<unknown>>();
  const intake = new Intake({
    inbox: deps.repo.inbox,
    handle: weComHandler({
      client: () => (connection ? connection.ready() : Promise.reject(new Error("not connected"))),
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
  const notice = new OutageNotice(async (chat, text) => {
    const to = /^wecom:(?:g:)?(.+)$/.exec(chat)?.[1];
    const c = connection?.client;
    if (to && c) await c.sendMessage(to, { msgtype: "markdown", markdown: { content: text } });
  });
  connection = new WeComConnection({
    botId: config.botId,
    secret: config.secret,
    wsUrl: config.wsUrl,
    log,
    ...(deps.kickedPauseMs !== undefined && { kickedPauseMs: deps.kickedPauseMs }),
    ...(deps.heartbeatMs !== undefined && { heartbeatMs: deps.heartbeatMs }),
    onFrame: (frame, client) => {
      const f = frame as WsFrame<CallbackBody>;
      const b = f.body;
      if (!b?.msgid) return;
      const event = b.msgtype === "event" ? b.event?.eventtype : undefined;
      if (event === "enter_chat") {
        client.replyWelcome(f, { msgtype: "text", text: { content: WELCOME } }).catch(() => {});
        return;
      }
      if (event !== undefined && event !== "template_card_event") return;
      if (event === "template_card_event") {
        // the click is answered at once; what it chose is handled in the chat's order
        client
          .updateTemplateCard(f, {
            card_type: "text_notice",
            main_title: { title: "已收到你的选择" },
            task_id: b.event?.task_id,
          } as never)
          .catch(() => {});
      }
      // while stopping, what still arrives is stored for the next start (企业微信 does not send it again)
      const stored =
        stopping || storeOnly
          ? deps.repo.inbox.receive([deliveryOf(f)])
          : storeWithRetry(intake, [deliveryOf(f)], notice, log, "企业微信");
      stores.add(stored);
      stored.finally(() => stores.delete(stored)).catch(() => {});
      stored.catch((e) => log(`企业微信：消息没能保存，已丢失（企业微信不会重发）：${(e as Error).message}`));
    },
  });
  await connection.start();
  log("Zipin 企业微信机器人已启动（长连接）。");
  // what was stored and not handled before the last stop (and what came meanwhile): answered in order
  await Promise.allSettled([...stores]);
  storeOnly = false;
  const resumed = await intake.resume();
  if (resumed > 0) log(`企业微信：继续处理上次停止时未处理完的 ${resumed} 条消息。`);
  return {
    name: "企业微信",
    connection,
    intake,
    stop: async () => {
      // what is in hand is answered before the connection closes
      stopping = true;
      if (!(await intake.drain()))
        log(`企业微信：停止时仍有 ${intake.pending} 条消息未处理完：下次启动时继续处理。`);
      await limiter.idle();
      connection?.stop();
    },
  };
}
