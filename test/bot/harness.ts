import type { UserFromGetMe } from "grammy/types";
import { readOfficeForChat, renderOfficeForChat } from "../../bot/office.js";
import { renderPdfForChat } from "../../bot/pdf.js";
import { createTelegramBot } from "../../bot/telegram/bot.js";
import { pollThroughInbox } from "../../bot/telegram/run.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import { BOT_USER, type FakeChat, type FakeMessage, FakeTelegram, type FakeUser } from "../fakes/telegram.js";

export const TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz";

/** The real bot (in this process) against the fake Bot API server, with a way to wait for each update. */
export class Harness {
  readonly fake: FakeTelegram;
  /** a fake Bot API server shared with an earlier harness (a restart): started and closed by that one */
  private readonly sharedFake: boolean;
  readonly logs: string[] = [];
  private handled = new Set<number>();
  private stopRunner: (() => Promise<void>) | null = null;

  constructor(
    readonly repo: ReportRepository,
    private readonly llm: LlmConfig | null = null,
    fake?: FakeTelegram,
  ) {
    this.fake = fake ?? new FakeTelegram(TOKEN);
    this.sharedFake = fake !== undefined;
  }

  async start(): Promise<this> {
    if (!this.sharedFake) await this.fake.start();
    const bot = createTelegramBot({
      token: TOKEN,
      apiRoot: this.fake.apiRoot,
      repo: this.repo,
      llm: this.llm,
      renderPdf: renderPdfForChat,
      renderOffice: renderOfficeForChat,
      readOffice: readOfficeForChat,
      botInfo: BOT_USER as unknown as UserFromGetMe,
      log: (l) => this.logs.push(l),
      onHandled: (id) => {
        this.handled.add(id);
        this.fake.emit("call", { method: "(handled)" });
      },
    });
    const { polling } = pollThroughInbox(bot, this.repo, { log: (l) => this.logs.push(l) });
    this.stopRunner = () => polling.stop();
    return this;
  }

  async stop(): Promise<void> {
    await this.stopRunner?.();
    if (!this.sharedFake) await this.fake.close();
  }

  /** Waits until the bot has handled an update; the bot's messages in the chat since `after`. */
  async settled(chat: FakeChat, update: number, after: number, ms = 20_000): Promise<FakeMessage[]> {
    await this.fake.until(() => this.handled.has(update), ms, `update ${update} handled`);
    return this.fake.log.slice(after).filter((m) => m.chat.id === chat.id && m.from.id === BOT_USER.id);
  }

  async say(chat: FakeChat, user: FakeUser, text: string, replyTo?: number): Promise<FakeMessage[]> {
    const at = this.fake.log.length;
    const m = this.fake.say(chat, user, text, replyTo);
    return this.settled(chat, this.fake.updateOf.get(m) as number, at);
  }

  /** Answers the bot's latest question in the chat as a reply to it (how answers arrive in a group). */
  async answer(chat: FakeChat, user: FakeUser, text: string): Promise<FakeMessage[]> {
    return this.say(chat, user, text, this.lastQuestion(chat)?.message_id);
  }

  async sendFile(chat: FakeChat, user: FakeUser, name: string, content: Buffer, caption?: string) {
    const at = this.fake.log.length;
    const m = this.fake.sendFile(chat, user, name, content, caption);
    return this.settled(chat, this.fake.updateOf.get(m) as number, at);
  }

  async press(chat: FakeChat, user: FakeUser, message: FakeMessage, label: string): Promise<FakeMessage[]> {
    const button = buttons(message).find((b) => b.text === label);
    if (!button) throw new Error(`no button “${label}” on message ${message.message_id}`);
    return this.pressData(chat, user, message.message_id, button.callback_data);
  }

  async pressData(chat: FakeChat, user: FakeUser, messageId: number, data: string): Promise<FakeMessage[]> {
    const at = this.fake.log.length;
    const update = this.fake.press(chat, user, messageId, data);
    return this.settled(chat, update, at);
  }

  /** The bot's latest message in a chat that asks something (force_reply or buttons). */
  lastQuestion(chat: FakeChat): FakeMessage | undefined {
    return this.fake
      .botMessages(chat)
      .reverse()
      .find((m) => m.reply_markup !== undefined);
  }
}

export function buttons(m: FakeMessage | undefined): { text: string; callback_data: string }[] {
  return (
    (
      m?.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] }
    )?.inline_keyboard?.flat() ?? []
  );
}

export const texts = (ms: FakeMessage[]) => ms.map((m) => m.text ?? m.caption ?? "").join("\n");
