import { generateReqId, type TemplateCard, type WSClient, type WsFrame } from "@wecom/aibot-node-sdk";
import { safeFileName } from "../../core/naming.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { Delivery, StoredDelivery } from "../../storage/inbox.js";
import type { ReportRepository } from "../../storage/repository.js";
import { ChatService, type ChatServiceOptions, type Incoming, type Outgoing } from "../chat/service.js";
import { commandText } from "../chat/words.js";
import type { ChatLimiter } from "../messenger/limiter.js";
import { numberedText } from "../messenger/render.js";
import { splitBytes } from "../messenger/split.js";

/**
 * The 企业微信 / 政务微信 智能机器人 adapter: a stored callback becomes an `Incoming`; the answer goes back
 * as a passive stream reply to that message (with a button card when the choices fit one), the rest and
 * files as active messages to the chat. Chats: a group is `wecom:g:<chatid>`, a person (and their private
 * chat) `wecom:<userid>`. The platform gives no display names and no member lists to this kind of bot.
 */
export interface CallbackBody {
  msgid: string;
  chatid?: string;
  chattype?: "single" | "group";
  from: { userid: string };
  msgtype: string;
  text?: { content?: string };
  voice?: { content?: string };
  file?: { url?: string; aeskey?: string };
  mixed?: { msg_item?: { msgtype: string; text?: { content?: string } }[] };
  event?: { eventtype?: string; event_key?: string; task_id?: string };
}

/** Stream replies and markdown messages: at most 20480 bytes. */
export const WECOM_MAX_BYTES = 20_000;

export const personOf = (b: CallbackBody) => `wecom:${b.from.userid}`;
export const chatOf = (b: CallbackBody) =>
  b.chattype === "group" && b.chatid ? `wecom:g:${b.chatid}` : personOf(b);
/** Where active messages go: the group's chatid, or the person's userid. */
const targetOf = (b: CallbackBody) => (b.chattype === "group" && b.chatid ? b.chatid : b.from.userid);

export function deliveryOf(frame: WsFrame<CallbackBody>): Delivery {
  const b = frame.body as CallbackBody;
  return { source: "wecom", key: b.msgid, chatId: chatOf(b), payload: JSON.stringify(frame) };
}

/** A button's key and task id hold only letters, digits and _-@: the input goes as hex. */
const keyOf = (input: string) => `h${Buffer.from(input).toString("hex")}`;
const inputOf = (key: string) =>
  /^h([0-9a-f]*)$/.test(key) ? Buffer.from(key.slice(1), "hex").toString() : null;
const TASK = /^z([0-9a-f]{8})_([0-9a-f]{8})_\d+$/;
let tasks = 0;

export interface WeComBotOptions {
  /** the client of the connection up now, waiting (bounded) while it reconnects */
  client: () => Promise<WSClient>;
  repo: ReportRepository;
  llm: LlmConfig | null;
  renderPdf?: ChatServiceOptions["renderPdf"];
  renderOffice?: ChatServiceOptions["renderOffice"];
  readOffice?: ChatServiceOptions["readOffice"];
  limiter: ChatLimiter;
  log: (line: string) => void;
}

export function weComHandler(o: WeComBotOptions): (d: StoredDelivery) => Promise<void> {
  const service = new ChatService({
    repo: o.repo,
    llm: o.llm,
    renderPdf: o.renderPdf,
    renderOffice: o.renderOffice,
    readOffice: o.readOffice,
    log: o.log,
  });
  return async (stored) => {
    const frame = JSON.parse(stored.payload) as WsFrame<CallbackBody>;
    const b = frame.body as CallbackBody;
    const incoming = await incomingOf(b, o);
    if (incoming === "ignore") return;
    const out: Outgoing[] = incoming
      ? await service.handle(incoming)
      : [{ text: "请用文字回答，或发送报告文件（.json）。例如：352.29万元" }];
    await send(o, frame, out);
  };
}

function textOf(b: CallbackBody): string | undefined {
  if (b.msgtype === "text") return b.text?.content;
  if (b.msgtype === "voice") return b.voice?.content;
  if (b.msgtype === "mixed")
    return (b.mixed?.msg_item ?? [])
      .map((x) => x.text?.content ?? "")
      .join("")
      .trim();
  return undefined;
}

async function incomingOf(b: CallbackBody, o: WeComBotOptions): Promise<Incoming | null | "ignore"> {
  const group = b.chattype === "group";
  const m: Incoming = {
    chatId: chatOf(b),
    group,
    from: { id: personOf(b), name: b.from.userid.slice(0, 64) },
    key: `wecom:${b.msgid}`,
    mentionsOnly: true,
    numbered: true,
    isAdmin: async () => false, // not told to this kind of bot
    memberOf: async () => null, // no member list either: membership is what was seen
  };
  if (b.msgtype === "event") {
    const e = b.event;
    const task = TASK.exec(e?.task_id ?? "");
    const input = inputOf(e?.event_key ?? "");
    if (e?.eventtype !== "template_card_event" || !task || input === null) return "ignore";
    return { ...m, text: input, button: { report: task[1] as string, question: task[2] as string } };
  }
  if (b.msgtype === "file" && b.file?.url) {
    const file = b.file;
    // the name is known only from the download (企业微信 sends the file's address and key)
    let got: { buffer: Buffer; filename?: string } | null = null;
    try {
      got = await (await o.client()).downloadFile(file.url as string, file.aeskey);
    } catch (e) {
      o.log(`企业微信：文件下载失败：${(e as Error).message}`);
    }
    m.document = {
      name: got?.filename ?? "",
      size: got?.buffer.length ?? 0,
      read: async () => {
        if (!got) throw new Error("download failed");
        return got.buffer.toString("utf8");
      },
      readBytes: async () => {
        if (!got) throw new Error("download failed");
        return new Uint8Array(got.buffer);
      },
    };
    return m;
  }
  const text = textOf(b);
  if (text === undefined) return null;
  m.text = commandText(text.replace(/^(\s*@\S+)+\s*/, "").trim());
  const mention = /^\/members\s+\S+\s+@(\S+)/.exec(m.text);
  if (group && mention) m.target = { id: `wecom:${mention[1]}`, name: mention[1] as string };
  return m;
}

/** A card with a button per choice, when they fit one (at most 6). */
function cardOf(x: Outgoing): TemplateCard | undefined {
  if (!x.options || !x.button || x.options.length > 6) return undefined;
  return {
    card_type: "button_interaction",
    main_title: { title: "请选择（或回复编号）" },
    button_list: x.options.map((opt) => ({ text: opt.label.slice(0, 10), key: keyOf(opt.input) })),
    task_id: `z${x.button.report}_${x.button.question}_${Date.now()}${tasks++}`,
  } as TemplateCard;
}

async function send(o: WeComBotOptions, frame: WsFrame<CallbackBody>, out: Outgoing[]): Promise<void> {
  const b = frame.body as CallbackBody;
  const chat = chatOf(b);
  let passive = b.msgtype !== "event"; // a card click gets no stream reply
  // a call that failed because the connection dropped is made again on the next one (3 tries)
  const withClient = async <T>(call: (c: WSClient) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const c = await o.client();
      try {
        return await call(c);
      } catch (e) {
        if (attempt >= 3 || !/closed|not connected|cancelled/i.test(String((e as Error)?.message))) throw e;
      }
    }
  };
  const active = (content: string) =>
    withClient((c) => c.sendMessage(targetOf(b), { msgtype: "markdown", markdown: { content } }));
  const text = async (content: string, card?: TemplateCard) => {
    if (passive) {
      passive = false;
      try {
        const id = generateReqId("stream");
        const c = await o.client();
        if (card) await c.replyStreamWithCard(frame, id, content, true, { templateCard: card });
        else await c.replyStream(frame, id, content, true);
        return;
      } catch (e) {
        o.log(`企业微信：被动回复失败，改为主动发送：${(e as Error)?.message ?? JSON.stringify(e)}`);
      }
    }
    await active(content);
    if (card)
      await withClient((c) => c.sendMessage(targetOf(b), { msgtype: "template_card", template_card: card }));
  };
  // consecutive texts go as one reply where they fit
  for (const x of out) {
    try {
      if (x.document) {
        const doc = x.document;
        const bytes = typeof doc.content === "string" ? Buffer.from(doc.content) : doc.content;
        if (x.text) await o.limiter.run(chat, () => text(x.text));
        const up = await withClient((c) =>
          c.uploadMedia(bytes, { type: "file", filename: safeFileName(doc.name) }),
        );
        await o.limiter.run(chat, () =>
          withClient((c) => c.sendMediaMessage(targetOf(b), "file", up.media_id)),
        );
        continue;
      }
      const parts = splitBytes(numberedText(x), WECOM_MAX_BYTES);
      for (const [i, part] of parts.entries())
        await o.limiter.run(chat, () => text(part, i === parts.length - 1 ? cardOf(x) : undefined));
    } catch (e) {
      o.log(`企业微信：消息没有发出，聊天 ${chat}：${(e as Error)?.message ?? JSON.stringify(e)}`);
    }
  }
}
