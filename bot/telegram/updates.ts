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
