import { type Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import type { Delivery } from "../../storage/inbox.js";

/** A Telegram update as the inbox stores it: keyed by its update_id, ordered within its chat. */
export function deliveryOf(u: Update): Delivery {
  const chat =
    u.message?.chat.id ??
    u.edited_message?.chat.id ??
    u.callback_query?.message?.chat.id ??
    u.callback_query?.from.id ??
    u.channel_post?.chat.id;
  return {
    source: "telegram",
    key: String(u.update_id),
    chatId: chat === undefined ? "" : String(chat),
    payload: JSON.stringify(u),
  };
}

/** Whether a request body is a Telegram update (an object with a numeric update_id). */
export function isUpdate(v: unknown): v is Update {
  return (
    v !== null && typeof v === "object" && Number.isSafeInteger((v as { update_id?: unknown }).update_id)
  );
}

/** Handles a stored update with the bot; an error of its handlers goes to the bot's error handler. */
export function handlerOf(bot: Bot): (d: { payload: string }) => Promise<void> {
  return async (d) => {
    try {
      await bot.handleUpdate(JSON.parse(d.payload) as Update);
    } catch (e) {
      if (e instanceof BotError) await bot.errorHandler(e);
      else throw e;
    }
  };
}
