import {
  type Conversation,
  type ConversationFlavor,
  conversations,
  createConversation,
} from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { PrismaAdapter } from "@grammyjs/storage-prisma";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { PrismaClient } from "../generated/peer/client.js";

/**
 * The peer Zipin is measured beside: a grammY bot built the common way — @grammyjs/conversations, its
 * state in a Prisma-backed session storage (@grammyjs/storage-prisma) on SQLite with the settings Zipin
 * uses (WAL, synchronous=FULL) — asking ten questions, one reply to every message. It stores nothing
 * but its conversation state: no inbox, no answers' history, no checks.
 */
type PeerContext = ConversationFlavor<Context>;

async function tenQuestions(conversation: Conversation<PeerContext, Context>, ctx: Context): Promise<void> {
  for (let i = 1; i <= 10; i++) {
    await ctx.reply(`第 ${i} 个问题？`);
    ctx = await conversation.waitFor("message:text");
  }
  await ctx.reply("谢谢，已完成。");
}

export async function createPeerBot(o: {
  token: string;
  apiRoot: string;
  botInfo: UserFromGetMe;
  file: string;
}): Promise<{ bot: Bot<PeerContext>; close: () => Promise<void> }> {
  const direct = new Database(o.file);
  direct.pragma("journal_mode = WAL");
  direct.exec(
    'CREATE TABLE IF NOT EXISTS "Session" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
  );
  direct.close();
  const base = new PrismaBetterSqlite3({ url: o.file, timeout: 10 });
  const adapter: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => {
      const a = await base.connect();
      await a.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
      return a;
    },
    connectToShadowDb: () => base.connectToShadowDb(),
  };
  const prisma = new PrismaClient({ adapter });
  const bot = new Bot<PeerContext>(o.token, { client: { apiRoot: o.apiRoot }, botInfo: o.botInfo });
  // the runner's stop() does not wait for the updates in hand: their session writes (after the reply)
  // must end before the client is closed, or Prisma opens the file again once it has been deleted
  let inHand = 0;
  bot.use(async (_ctx, next) => {
    inHand++;
    try {
      await next();
    } finally {
      inHand--;
    }
  });
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString())); // grammY runner: one update of a chat at a time
  bot.use(conversations({ storage: new PrismaAdapter(prisma.session) }));
  bot.use(createConversation(tenQuestions, "questions"));
  bot.on("message:text", (ctx) => ctx.conversation.enter("questions"));
  const close = async () => {
    while (inHand > 0) await new Promise((r) => setTimeout(r, 10));
    await prisma.$disconnect();
  };
  return { bot, close };
}
