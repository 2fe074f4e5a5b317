import type { ReportRepository, StoredReport } from "../../storage/repository.js";
import { chatReport, titleOf } from "../reportList.js";
import type { Incoming, Outgoing } from "./messages.js";

/**
 * Which report a private chat works on, where groups deliver only @-mentions (钉钉, 企业微信): a group's
 * report is filled in by its members in their private chats with the bot. The report still belongs to
 * the group; a person reaches it only while they are a member of that group — as the platform says
 * (asked through its API, the answer kept a few minutes), or, where the platform cannot tell, as seen
 * (they wrote in that group) — and only with their role in it (owner, editor; any other member reads).
 * Somebody who is in none of the groups with a report has their own report, as in Telegram.
 */
export interface Place {
  report: StoredReport | null;
  /** the report is a group's, reached from a private chat */
  viaGroup: boolean;
  /** said before the answer (the report just chosen, a choice no longer valid) */
  notes: Outgoing[];
}

/** How long the platform's answer about a membership is kept. */
const MEMBERSHIP_TTL_MS = 5 * 60_000;

export const USE_EXAMPLE = "切换 1（或 /use 1）";

export class Places {
  private known = new Map<string, { member: boolean | null; at: number }>();

  constructor(private readonly repo: ReportRepository) {}

  /** Whether the person is a member of the group now: the platform's answer, else what was seen. */
  async isMember(m: Incoming, groupChatId: string, seen: boolean): Promise<boolean> {
    const key = `${m.from.id}\u0000${groupChatId}`;
    const cached = this.known.get(key);
    let member: boolean | null;
    if (cached && Date.now() - cached.at < MEMBERSHIP_TTL_MS) member = cached.member;
    else {
      member = m.memberOf ? await m.memberOf(groupChatId).catch(() => null) : null;
      this.known.set(key, { member, at: Date.now() });
      if (this.known.size > 50_000) this.known.delete(this.known.keys().next().value as string);
    }
    return member ?? seen;
  }

  /** The group reports this person may reach from their private chat, most recently changed first. */
  async reachable(m: Incoming): Promise<StoredReport[]> {
    const contacts = (await this.repo.contacts(m.from.id)).filter((c) => c.chatId !== m.from.id);
    const seen = new Set(contacts.map((c) => c.chatId));
    const asMember = (await this.repo.memberReports(m.from.id)).filter((r) => r.chatId !== m.chatId);
    const chats = [...new Set([...seen, ...asMember.map((r) => r.chatId)])];
    const out: StoredReport[] = [];
    for (const chat of chats) {
      const report = await chatReport(this.repo, chat);
      if (!report) continue;
      const isMemberOfReport = asMember.some((r) => r.chatId === chat);
      if (await this.isMember(m, chat, seen.has(chat) || isMemberOfReport)) out.push(report);
    }
    return out.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  }

  /** The report a private message is about (null: the person's own, not started yet). */
  async of(m: Incoming, own: () => Promise<StoredReport | null>): Promise<Place | Outgoing[]> {
    const chosen = (await this.repo.contacts(m.from.id)).find((c) => c.chosen);
    if (chosen?.chatId === m.from.id) return { report: await own(), viaGroup: false, notes: [] };
    const reports = await this.reachable(m);
    const picked = chosen && reports.find((r) => r.chatId === chosen.chatId);
    if (picked) return { report: picked, viaGroup: true, notes: [] };
    const notes: Outgoing[] = chosen
      ? [{ text: "你已不在之前所选报告的群里（或那份报告已不存在），不能再填写它。" }]
      : [];
    if (reports.length === 0) {
      if (chosen) await this.repo.choose(m.from.id, m.from.id);
      return { report: await own(), viaGroup: false, notes };
    }
    if (reports.length === 1) {
      const only = reports[0] as StoredReport;
      await this.repo.choose(m.from.id, only.chatId);
      return {
        report: only,
        viaGroup: true,
        notes: [...notes, { text: `接着填写群里的“${titleOf(only)}”。` }],
      };
    }
    return [...notes, this.list(reports, await own())];
  }

  /** `/use`: the list of reports to choose from, or the choice made. */
  async use(m: Incoming, arg: string, own: () => Promise<StoredReport | null>): Promise<Outgoing[] | null> {
    const reports = await this.reachable(m);
    const mine = await own();
    if (arg === "") return [this.list(reports, mine)];
    const n = /^\d+$/.test(arg) ? Number(arg) : -1;
    if (n === 0) {
      await this.repo.choose(m.from.id, m.from.id);
      return null; // the own report: handled as a private chat's
    }
    const report = reports[n - 1];
    if (!report) return [{ text: `没有第 ${arg} 项。${this.list(reports, mine).text}` }];
    await this.repo.choose(m.from.id, report.chatId);
    return null;
  }

  private list(reports: StoredReport[], mine: StoredReport | null): Outgoing {
    const own = mine ? `“${titleOf(mine)}”` : "你自己的报告";
    // no group's report to reach: nothing to choose
    if (reports.length === 0)
      return { text: `你现在填写的是${own}（只属于你）；你所在的群还没有可以一起填的报告。` };
    const lines = reports.map((r, i) => `${i + 1}. ${titleOf(r)}（群里的报告）`);
    return {
      text: [
        "你可以填写下面这些报告，请回复编号选择：",
        `0. ${mine ? titleOf(mine) : "我自己的报告"}（只属于你）`,
        ...lines,
        `例如：${USE_EXAMPLE}`,
      ].join("\n"),
    };
  }
}

export { titleOf };
