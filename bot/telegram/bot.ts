import { Bot, type Context, InputFile } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import { safeFileName } from "../../core/naming.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import {
  ChatService,
  type ChatServiceOptions,
  type Incoming,
  type Outgoing,
  type Person,
} from "../chat/service.js";
import { BUTTON, chunks, keyboard, textOf } from "./render.js";
import { boundedRetry } from "./retry.js";

/**
 * The Telegram adapter: updates in, API calls out. Everything the conversation decides is in
 * ChatService; here only what Telegram needs — commands meant for this bot, replies in groups
 * (privacy mode: the bot sees commands and replies to itself), buttons, documents, retries.
 */
export const BOT_COMMANDS = [
  { command: "start", description: "开始或继续填报" },
  { command: "new", description: "新建报告：/new 单位名称 年度" },
  { command: "reports", description: "本群（或你）的全部报告" },
  { command: "use", description: "换一份报告填，例如 /use 2" },
  { command: "seed", description: "以某份报告为起点新建下一年度，例如 /seed 1" },
  { command: "status", description: "填报进度与填写人" },
  { command: "back", description: "回到上一题" },
  { command: "skip", description: "跳过本题（留空）" },
  { command: "goto", description: "跳到某部分，例如 /goto 二" },
  { command: "edit", description: "修改已填的项目，例如 /edit 二 5" },
  { command: "check", description: "审核全部数字" },
  { command: "score", description: "得分与等级" },
  { command: "whatif", description: "试算，例如 /whatif 名称=数值" },
  { command: "deviations", description: "偏差清单" },
  { command: "draft", description: "起草第五、六部分" },
  { command: "pdf", description: "生成报告 PDF（/pdf final 正式版）" },
  { command: "word", description: "生成可修改的 Word 报告（/word final 正式版）" },
  { command: "excel", description: "生成附件1-1、1-2 的 Excel 表" },
  { command: "export", description: "导出报告文件（JSON）" },
  { command: "members", description: "填报人：/members add 或 remove（回复其消息）" },
  { command: "help", description: "帮助" },
] as const;

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  repo: ReportRepository;
  llm: LlmConfig | null;
  renderPdf?: ChatServiceOptions["renderPdf"];
  renderOffice?: ChatServiceOptions["renderOffice"];
  readOffice?: ChatServiceOptions["readOffice"];
  log?: (line: string) => void;
  /** known bot identity (skips getMe; tests and benchmarks) */
  botInfo?: UserFromGetMe;
  /** called when an update has been handled (replies sent or failed): tests and benchmarks */
  onHandled?: (updateId: number) => void;
}

/** Removes the secrets from a line before it is logged. */
export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join("***");
  // a token's shape, even one we were not told about (e.g. in a URL of an error cause)
  return out.replace(/\d{5,20}:[A-Za-z0-9_-]{30,}/g, "***");
}

function personOf(u: { id: number; first_name: string; last_name?: string; username?: string }): Person {
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ").trim() || u.username || String(u.id);
  return { id: String(u.id), name: name.slice(0, 64) };
}

export function createTelegramBot(o: TelegramBotOptions): Bot {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const safeLog = (line: string) => log(redact(line, [o.token, o.llm?.apiKey ?? ""]));
  const bot = new Bot(o.token, { client: { apiRoot: o.apiRoot }, ...(o.botInfo && { botInfo: o.botInfo }) });
  // 429 (waits retry_after), 5xx and dropped connections: retried, a bounded number of times
  bot.api.config.use(boundedRetry());
  const service = new ChatService({
    repo: o.repo,
    llm: o.llm,
    renderPdf: o.renderPdf,
    renderOffice: o.renderOffice,
    readOffice: o.readOffice,
    busy: (chatId, what) => {
      bot.api.sendChatAction(chatId, what).catch(() => {}); // a hint only
    },
    log: safeLog,
  });
  const send = (ctx: Context, out: Outgoing[], replyTo?: Message) => sendReplies(ctx, out, o.repo, replyTo);

  if (o.onHandled) {
    const done = o.onHandled;
    bot.use(async (ctx, next) => {
      try {
        await next();
      } finally {
        done(ctx.update.update_id);
      }
    });
  }

  bot.on("edited_message", async (ctx) => {
    const msg = ctx.editedMessage;
    const toMe = msg.reply_to_message?.from?.id === ctx.me.id || /^\//.test(msg.text ?? "");
    if (ctx.chat.type !== "private" && !toMe) return;
    await send(ctx, [{ text: "改动已发出的消息不会改动报告。请把改好的内容作为新消息再发一次。" }]);
  });

  bot.on("message", async (ctx) => {
    const incoming = await messageOf(ctx, o);
    if (incoming === null) return;
    if (incoming === "not text") {
      await send(ctx, [{ text: "请用文字回答，或发送报告文件（.json）。例如：352.29万元" }]);
      return;
    }
    await send(ctx, await service.handle(incoming), ctx.message);
  });

  bot.on("callback_query:data", async (ctx) => {
    const m = BUTTON.exec(ctx.callbackQuery.data);
    const chat = ctx.chat;
    if (!m || !chat) {
      await ctx.answerCallbackQuery({ text: "无法识别的按钮。" });
      return;
    }
    await ctx.answerCallbackQuery();
    const incoming: Incoming = {
      chatId: String(chat.id),
      group: chat.type !== "private",
      from: personOf(ctx.from),
      key: `tg:${ctx.update.update_id}`,
      text: m[3] as string,
      button: { report: m[1] as string, question: m[2] as string },
      isAdmin: async () => {
        const cm = await ctx.api.getChatMember(chat.id, ctx.from.id);
        return cm.status === "creator" || cm.status === "administrator";
      },
    };
    await send(ctx, await service.handle(incoming), ctx.callbackQuery.message as Message | undefined);
  });

  bot.catch((err) => {
    const e = err.error as Error;
    safeLog(`处理更新 ${err.ctx.update.update_id} 时出错：${e?.name ?? "Error"}: ${e?.message ?? String(e)}`);
    // the user hears that it failed; what was stored before stays
    const chatId = err.ctx.chat?.id;
    if (chatId !== undefined) {
      err.ctx.api
        .sendMessage(
          chatId,
          "抱歉，这条消息没有处理成功（可能暂时无法保存）。已保存的内容不受影响，请稍后再发一次。",
        )
        .catch(() => {});
    }
  });
  return bot;
}

/**
 * A message as the chat service takes it; null when it is not for the bot (group talk, another bot's
 * command), "not text" for a photo or sticker sent to the bot.
 */
async function messageOf(
  ctx: Context & { message: Message },
  o: TelegramBotOptions,
): Promise<Incoming | null | "not text"> {
  const msg = ctx.message;
  const chat = ctx.chat as NonNullable<Context["chat"]>;
  if (!ctx.from || ctx.from.is_bot) return null;
  const group = chat.type !== "private";
  const me = ctx.me;
  const replied = msg.reply_to_message;
  const toMe = replied?.from?.id === me.id;
  const text = msg.text ?? (msg.document ? msg.caption : undefined);
  const cmd = text ? /^\/[A-Za-z]+(?:@(\w+))?/.exec(text) : null;
  if (cmd?.[1] && cmd[1].toLowerCase() !== me.username.toLowerCase()) return null; // another bot's command
  if (group && !cmd && !toMe) return null; // group talk that is not for the bot
  const from = ctx.from;
  const admin = { known: undefined as boolean | undefined };
  const incoming: Incoming = {
    chatId: String(chat.id),
    group,
    from: personOf(from),
    key: `tg:${ctx.update.update_id}`,
    isAdmin: async () => {
      if (admin.known === undefined) {
        const m = await ctx.api.getChatMember(chat.id, from.id);
        admin.known = m.status === "creator" || m.status === "administrator";
      }
      return admin.known;
    },
  };
  if (toMe && replied) {
    const asked = await o.repo.questionOf(String(chat.id), String(replied.message_id));
    if (asked !== null) incoming.repliesTo = asked;
  }
  if (replied?.from && !replied.from.is_bot) incoming.target = personOf(replied.from);
  const mention = msg.entities?.find((e) => e.type === "text_mention");
  if (mention?.type === "text_mention") incoming.target = personOf(mention.user);
  if (msg.document) {
    const doc = msg.document;
    incoming.document = {
      name: doc.file_name ?? "文件",
      size: doc.file_size ?? 0,
      read: async () => {
        const file = await ctx.api.getFile(doc.file_id);
        // bounded: a file server that stalls must not hold the chat
        const res = await fetch(`${o.apiRoot}/file/bot${o.token}/${file.file_path}`, {
          signal: AbortSignal.timeout(30_000),
        });
        if (!res.ok) throw new Error(`file download failed: ${res.status}`);
        return await res.text();
      },
      // a Word or Excel file is bytes, not text
      readBytes: async () => {
        const file = await ctx.api.getFile(doc.file_id);
        const res = await fetch(`${o.apiRoot}/file/bot${o.token}/${file.file_path}`);
        if (!res.ok) throw new Error(`file download failed: ${res.status}`);
        return new Uint8Array(await res.arrayBuffer());
      },
    };
  } else if (msg.text !== undefined) {
    incoming.text = msg.text;
  } else {
    return group && !toMe ? null : "not text";
  }
  return incoming;
}

/** Sends the replies: documents, texts in pieces Telegram accepts, buttons; in a group, addressed. */
async function sendReplies(ctx: Context, out: Outgoing[], repo: ReportRepository, replyTo?: Message) {
  const chatId = ctx.chat?.id as number;
  const group = ctx.chat?.type !== "private";
  for (const [n, x] of out.entries()) {
    if (x.document) {
      const content =
        typeof x.document.content === "string" ? Buffer.from(x.document.content) : x.document.content;
      await ctx.api.sendDocument(chatId, new InputFile(content, safeFileName(x.document.name)), {
        caption: [x.text, x.document.caption].filter(Boolean).join(" ").slice(0, 1000),
      });
      continue;
    }
    const parts = chunks(textOf(x));
    for (const [i, text] of parts.entries()) {
      const last = i === parts.length - 1;
      const kb = last ? keyboard(x) : undefined;
      // in a group the bot answers the one who wrote, and a question asks them for a reply
      const addressed = group && replyTo !== undefined && last && n === out.length - 1;
      const asks = addressed && x.ask !== undefined && x.ask !== "done";
      const sent = await ctx.api.sendMessage(chatId, text, {
        ...(addressed && {
          reply_parameters: { message_id: replyTo.message_id, allow_sending_without_reply: true },
        }),
        ...(kb
          ? { reply_markup: kb }
          : asks
            ? { reply_markup: { force_reply: true as const, selective: true } }
            : {}),
      });
      // remembered across restarts: a late reply to this message answers this question, or none
      if (last && x.ask !== undefined && x.ask !== "done")
        await repo.rememberQuestion(String(chatId), String(sent.message_id), x.ask);
    }
  }
}
