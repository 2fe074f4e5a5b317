import type { LlmConfig } from "../../prompts/drafter.js";
import type { Delivery, StoredDelivery } from "../../storage/inbox.js";
import type { ReportRepository } from "../../storage/repository.js";
import { ChatService, type ChatServiceOptions, type Incoming, type Outgoing } from "../chat/service.js";
import { commandText } from "../chat/words.js";
import type { ChatLimiter } from "../messenger/limiter.js";
import { numberedText } from "../messenger/render.js";
import { splitBytes } from "../messenger/split.js";
import type { DingTalkApi, DingTalkMessage } from "./api.js";

/**
 * The 钉钉 adapter: a stored robot message becomes an `Incoming`, the chat service's answer goes back
 * through the message's sessionWebhook while it is valid, else the robot OpenAPI; files through
 * media/upload and a file message. Only translation: the conversation is the chat service's.
 * Chats: a group is `dingtalk:g:<openConversationId>`, a person (and their private chat) `dingtalk:<staffId>`.
 */
export interface RobotData {
  conversationId: string;
  /** "1" private, "2" group */
  conversationType: string;
  conversationTitle?: string;
  msgId: string;
  msgtype: string;
  text?: { content?: string };
  /** file: downloadCode and fileName; audio: recognition (the speech as text) */
  content?: { downloadCode?: string; fileName?: string; recognition?: string };
  senderStaffId?: string;
  senderId: string;
  senderNick?: string;
  isAdmin?: boolean;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  atUsers?: { dingtalkId?: string; staffId?: string }[];
  chatbotUserId?: string;
}

/** A message's text/markdown is cut at this many UTF-8 bytes. */
export const DINGTALK_MAX_BYTES = 6000;

export const personOf = (d: RobotData) => `dingtalk:${d.senderStaffId || d.senderId}`;
export const chatOf = (d: RobotData) =>
  d.conversationType === "2" ? `dingtalk:g:${d.conversationId}` : personOf(d);

/** A robot message as the inbox stores it: keyed by its msgId, ordered within its chat. */
export function deliveryOf(d: RobotData): Delivery {
  return { source: "dingtalk", key: d.msgId, chatId: chatOf(d), payload: JSON.stringify(d) };
}

export interface DingTalkBotOptions {
  api: DingTalkApi;
  repo: ReportRepository;
  llm: LlmConfig | null;
  renderPdf?: ChatServiceOptions["renderPdf"];
  renderOffice?: ChatServiceOptions["renderOffice"];
  readOffice?: ChatServiceOptions["readOffice"];
  limiter: ChatLimiter;
  log: (line: string) => void;
}

/** "@自评助手 得分" → "得分": the @-mentions at the start of a group message. */
export function withoutMentions(text: string): string {
  return text.replace(/^(\s*@\S+)+\s*/, "").trim();
}

/** Handles a stored robot message: what it asks, answered in its chat. */
export function dingTalkHandler(o: DingTalkBotOptions): (d: StoredDelivery) => Promise<void> {
  const service = new ChatService({
    repo: o.repo,
    llm: o.llm,
    renderPdf: o.renderPdf,
    renderOffice: o.renderOffice,
    readOffice: o.readOffice,
    log: o.log,
  });
  return async (stored) => {
    const d = JSON.parse(stored.payload) as RobotData;
    const incoming = await incomingOf(d, o);
    const out: Outgoing[] = incoming
      ? await service.handle(incoming)
      : [{ text: "请用文字回答，或发送报告文件（.json）。例如：352.29万元" }];
    await send(o, d, out);
  };
}

async function incomingOf(d: RobotData, o: DingTalkBotOptions): Promise<Incoming | null> {
  const group = d.conversationType === "2";
  const staffId = d.senderStaffId || d.senderId;
  const from = { id: personOf(d), name: (d.senderNick ?? "").slice(0, 64) || staffId };
  const m: Incoming = {
    chatId: chatOf(d),
    group,
    from,
    key: `dingtalk:${d.msgId}`,
    mentionsOnly: true,
    numbered: true,
    // the callback's isAdmin: the sender administers the group (as 钉钉 documents the field)
    isAdmin: async () => d.isAdmin === true,
    memberOf: async (groupChatId) => {
      const conversation = /^dingtalk:g:(.+)$/.exec(groupChatId)?.[1];
      return conversation ? o.api.isMember(conversation, staffId) : null;
    },
  };
  const mentioned = (d.atUsers ?? []).find((u) => u.staffId && u.dingtalkId !== d.chatbotUserId);
  if (group && mentioned?.staffId) {
    const id = `dingtalk:${mentioned.staffId}`;
    const seen = (await o.repo.groupContacts(m.chatId)).find((c) => c.userId === id);
    m.target = { id, name: seen?.name || mentioned.staffId };
  }
  if (d.msgtype === "file" && d.content?.downloadCode) {
    const code = d.content.downloadCode;
    m.document = {
      name: d.content.fileName ?? "",
      size: 0,
      read: async () => (await o.api.download(code)).toString("utf8"),
      // a Word or Excel file is bytes, not text
      readBytes: async () => new Uint8Array(await o.api.download(code)),
    };
    return m;
  }
  const text = d.msgtype === "audio" ? d.content?.recognition : d.text?.content;
  if (text === undefined) return null;
  m.text = commandText(withoutMentions(text));
  return m;
}

/** Sends the answer: texts (numbered choices, cut by bytes) and files, in order, within the chat's rate. */
async function send(o: DingTalkBotOptions, d: RobotData, out: Outgoing[]): Promise<void> {
  const chat = chatOf(d);
  const group = d.conversationType === "2";
  const staffId = d.senderStaffId || d.senderId;
  const push = async (m: DingTalkMessage) => {
    if (group) await o.api.toGroup(d.conversationId, m);
    else await o.api.toPerson(staffId, m);
  };
  const text = async (content: string) => {
    const webhook = d.sessionWebhook;
    if (webhook && (d.sessionWebhookExpiredTime ?? 0) > Date.now() + 5000) {
      try {
        await o.api.replyBySession(webhook, content);
        return;
      } catch (e) {
        o.log(`钉钉：会话回复失败，改用机器人接口：${(e as Error).message}`);
      }
    }
    await push({ msgKey: "sampleText", msgParam: { content } });
  };
  for (const x of out) {
    try {
      if (x.document) {
        const doc = x.document;
        const bytes = typeof doc.content === "string" ? Buffer.from(doc.content) : doc.content;
        if (x.text) await o.limiter.run(chat, () => text(x.text));
        const mediaId = await o.api.upload(bytes, doc.name);
        const fileType = /\.(\w+)$/.exec(doc.name)?.[1] ?? "pdf";
        await o.limiter.run(chat, () =>
          push({ msgKey: "sampleFile", msgParam: { mediaId, fileName: doc.name, fileType } }),
        );
        continue;
      }
      for (const part of splitBytes(numberedText(x), DINGTALK_MAX_BYTES))
        await o.limiter.run(chat, () => text(part));
    } catch (e) {
      o.log(`钉钉：消息没有发出（已重试），聊天 ${chat}：${(e as Error).message}`);
    }
  }
}
