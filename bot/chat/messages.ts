import type { Reply } from "../conversation/index.js";

/**
 * What a messenger adapter hands the chat service and gets back: messenger-neutral shapes, so that every
 * rule of the conversation is tested without a messenger, and a new messenger is an adapter of these.
 */
export interface Person {
  id: string;
  name: string;
}

export interface Incoming {
  chatId: string;
  group: boolean;
  from: Person;
  /** the update this message came in (Telegram update_id): an answer is applied at most once */
  key: string;
  /** a message's text, or the input a button stands for */
  text?: string;
  /** a report file sent as a document */
  document?: {
    name: string;
    size: number;
    read: () => Promise<string>;
    readBytes?: () => Promise<Uint8Array>;
  };
  /** whether the sender administers the group; asked only when an action depends on it */
  isAdmin: () => Promise<boolean>;
  /** the person a /members command names (the author of the message it replies to, or a mention) */
  target?: Person;
  /** a button press: the report and question the button was made for (see `StepResult.tag`) */
  button?: { report: string; question: string };
  /** the question (see `StepResult.awaiting`) of the bot's message this one replies to, when known */
  repliesTo?: string;
  /**
   * The messenger's groups deliver only messages that @ the bot, and no files (钉钉, 企业微信): the group
   * asks for views and the PDF, its members fill its report in their private chats with the bot.
   */
  mentionsOnly?: boolean;
  /** choices are shown numbered: a reply with just a choice's number answers it */
  numbered?: boolean;
  /** whether the sender is a member of that group now, as the platform says; null: it cannot tell */
  memberOf?: (groupChatId: string) => Promise<boolean | null>;
}

export interface Option {
  label: string;
  /** what pressing it sends */
  input: string;
}

export interface Outgoing {
  text: string;
  options?: Option[];
  document?: { name: string; mime: string; content: Buffer | string; caption?: string };
  /** the message asks the sender a question: in a group, ask them by name and expect a reply */
  ask?: string;
  /** for buttons: the report and question they are made for */
  button?: { report: string; question: string };
}

/** The input each choice stands for: its own input, 是/否 as written, numbered choices by their number. */
export function optionsOf(reply: Reply | undefined): Option[] | undefined {
  if (!reply?.options) return undefined;
  const inputs = reply.inputs;
  return reply.options.map((label, i) => {
    const input = inputs?.[i];
    if (input !== undefined) return { label, input };
    if (label === "是" || label === "否") return { label, input: label };
    const n = /^(\d+)[.\s]\s*/.exec(label);
    return n ? { label: label.slice(n[0].length), input: n[1] as string } : { label, input: String(i + 1) };
  });
}

/**
 * Choices of a question that reads numbers itself (which figures of a Word or Excel file to take: "1-5 8"):
 * a bare number answers that question, so these choices are not numbered where choices are numbered text.
 */
export const readsNumbers = (options: Option[]) => options.some((o) => o.input.startsWith("/confirm "));

/** The buttons under a draft of 五 and 六. */
export const REVIEW_OPTIONS: Option[] = [
  { label: "接受第五部分", input: "/accept 五" },
  { label: "接受第六部分", input: "/accept 六" },
  { label: "全部接受", input: "/accept 全部" },
  { label: "重新起草", input: "/draft" },
];

/** Consecutive plain texts go out as one message: a group reads "已记录。" and the next question together. */
export function compact(out: Outgoing[]): Outgoing[] {
  const merged: Outgoing[] = [];
  for (const x of out) {
    const prev = merged[merged.length - 1];
    if (prev && !prev.options && !prev.document && !x.document && prev.ask === undefined) {
      merged[merged.length - 1] = { ...x, text: `${prev.text}\n${x.text}` };
    } else merged.push(x);
  }
  return merged;
}
