import type {
  AnswerRecord,
  AuditRecord,
  Commit,
  CommitResult,
  DraftRecord,
  GroupContact,
  Member,
  NewReport,
  ReportRepository,
  Role,
  StoredReport,
} from "./repository.js";

/**
 * The repository with the reads of a chat kept in memory: a chat's reports and their members are read
 * from the database once, then kept up to date by this process's own writes. For one bot process that
 * owns its SQLite file. A write computed from a stale copy (another process changed the report) is
 * refused by the version check as ever; the copy is then dropped and read again. Stored states are
 * shared, not copied: callers treat them as immutable (the engine never changes a state in place).
 */
export class CachedRepository implements ReportRepository {
  /** recent questions sent, by chat and message: most answers reply to one of the last few */
  private asked = new Map<string, string>();
  private chats = new Map<string, StoredReport[]>();
  private memberLists = new Map<string, Member[]>();
  private reportChat = new Map<string, string>();
  /** a person's groups (contacts) and the ids of the reports they are a member of; `changes` counts the
   * writes about a person, so that a read overtaken by a write is not kept */
  private people = new Map<string, { contacts?: GroupContact[]; reportIds?: string[] }>();
  private changes = new Map<string, number>();
  /** writes to a chat's reports or choice (see `wrote`): a read overtaken by one is not kept */
  private chatWrites = new Map<string, number>();
  /** each chat's chosen report (null: none chosen), as read or written by this process */
  private currents = new Map<string, string | null>();

  constructor(
    private readonly inner: ReportRepository,
    private readonly maxChats = 10_000,
  ) {}

  get inbox() {
    return this.inner.inbox;
  }

  private remember(chatId: string, list: StoredReport[]): void {
    this.chats.delete(chatId);
    this.chats.set(chatId, list);
    for (const r of list) this.reportChat.set(r.id, chatId);
    if (this.chats.size > this.maxChats) {
      const oldest = this.chats.keys().next().value as string;
      for (const r of this.chats.get(oldest) ?? []) {
        this.memberLists.delete(r.id);
        this.reportChat.delete(r.id);
      }
      this.chats.delete(oldest);
    }
  }

  private forget(reportId: string): void {
    const chat = this.reportChat.get(reportId);
    if (chat !== undefined) this.chats.delete(chat);
    this.memberLists.delete(reportId);
  }

  async create(input: NewReport) {
    this.wrote(input.chatId);
    this.chats.delete(input.chatId);
    let r: Awaited<ReturnType<ReportRepository["create"]>>;
    try {
      r = await this.changing(input.ownerId, () => this.inner.create(input));
    } finally {
      this.wrote(input.chatId);
    }
    this.chats.delete(input.chatId);
    this.memberLists.delete(r.report.id);
    return r;
  }

  /** A write about a person: what is kept about them is dropped, before and after it. */
  private async changing<T>(userId: string, write: () => Promise<T>): Promise<T> {
    this.changes.set(userId, (this.changes.get(userId) ?? 0) + 1);
    this.people.delete(userId);
    try {
      return await write();
    } finally {
      this.changes.set(userId, (this.changes.get(userId) ?? 0) + 1);
      this.people.delete(userId);
    }
  }

  /** A read about a person, kept unless a write about them ran meanwhile. */
  private async person<K extends "contacts" | "reportIds">(
    userId: string,
    key: K,
    read: () => Promise<NonNullable<{ contacts?: GroupContact[]; reportIds?: string[] }[K]>>,
  ) {
    const kept = this.people.get(userId)?.[key];
    if (kept) return kept;
    const before = this.changes.get(userId) ?? 0;
    const value = await read();
    if ((this.changes.get(userId) ?? 0) === before) {
      this.people.set(userId, { ...this.people.get(userId), [key]: value });
      if (this.people.size > this.maxChats) this.people.delete(this.people.keys().next().value as string);
    }
    return value;
  }

  async get(id: string) {
    const chat = this.reportChat.get(id);
    const cached = chat !== undefined ? this.chats.get(chat)?.find((r) => r.id === id) : undefined;
    return cached ?? this.inner.get(id);
  }

  async findByChat(chatId: string) {
    const cached = this.chats.get(chatId);
    if (cached) return [...cached];
    const seen = this.chatWrites.get(chatId) ?? 0;
    const list = await this.inner.findByChat(chatId);
    // a report created (or a choice made) in this chat while the read was on its way: not kept
    if ((this.chatWrites.get(chatId) ?? 0) === seen) this.remember(chatId, list);
    return [...list];
  }

  async currentOf(chatId: string): Promise<string | null> {
    if (this.currents.has(chatId)) return this.currents.get(chatId) ?? null;
    const seen = this.chatWrites.get(chatId) ?? 0;
    const id = await this.inner.currentOf(chatId);
    if ((this.chatWrites.get(chatId) ?? 0) !== seen) return id;
    this.currents.set(chatId, id);
    if (this.currents.size > this.maxChats) this.currents.delete(this.currents.keys().next().value as string);
    return id;
  }

  async setCurrent(chatId: string, reportId: string) {
    this.wrote(chatId);
    this.currents.delete(chatId);
    try {
      await this.inner.setCurrent(chatId, reportId);
    } finally {
      this.wrote(chatId);
    }
    this.currents.set(chatId, reportId);
  }

  /** Counts the writes that change a chat's list of reports or its choice, before and after each. */
  private wrote(chatId: string): void {
    const n = (this.chatWrites.get(chatId) ?? 0) + 1;
    this.chatWrites.delete(chatId); // kept in the order of the last write: the oldest go first
    this.chatWrites.set(chatId, n);
    if (this.chatWrites.size > this.maxChats)
      this.chatWrites.delete(this.chatWrites.keys().next().value as string);
  }

  async commit(c: Commit): Promise<CommitResult> {
    let r: CommitResult;
    try {
      r = await this.inner.commit(c);
    } catch (e) {
      this.forget(c.reportId);
      throw e;
    }
    if (!r.ok) {
      this.forget(c.reportId);
      return r;
    }
    const chat = this.reportChat.get(c.reportId);
    const list = chat !== undefined ? this.chats.get(chat) : undefined;
    const old = list?.find((x) => x.id === c.reportId);
    if (chat !== undefined && list && old) {
      const now: StoredReport = {
        ...old,
        version: r.version,
        state: c.state,
        updatedAt: new Date(),
        ...(c.status && { status: c.status }),
        ...(c.identity && {
          unit: c.identity.unit,
          year: c.identity.year,
          subject: c.identity.subject ?? old.subject,
        }),
      };
      this.remember(chat, [now, ...list.filter((x) => x.id !== c.reportId)]);
    }
    return r;
  }

  history(reportId: string, field?: string): Promise<AnswerRecord[]> {
    return this.inner.history(reportId, field);
  }

  async setMember(reportId: string, userId: string, role: Role, addedBy: string, name?: string) {
    this.memberLists.delete(reportId);
    await this.changing(userId, () => this.inner.setMember(reportId, userId, role, addedBy, name));
  }

  async renameMember(reportId: string, userId: string, name: string) {
    this.memberLists.delete(reportId);
    await this.inner.renameMember(reportId, userId, name);
  }

  async removeMember(reportId: string, userId: string) {
    this.memberLists.delete(reportId);
    await this.changing(userId, () => this.inner.removeMember(reportId, userId));
  }

  async members(reportId: string) {
    const cached = this.memberLists.get(reportId);
    if (cached) return cached.map((m) => ({ ...m }));
    const list = await this.inner.members(reportId);
    this.memberLists.set(reportId, list);
    return list.map((m) => ({ ...m }));
  }

  saveDraft(reportId: string, draft: Omit<DraftRecord, "id" | "at">) {
    return this.inner.saveDraft(reportId, draft);
  }
  drafts(reportId: string): Promise<DraftRecord[]> {
    return this.inner.drafts(reportId);
  }
  auditLog(reportId: string): Promise<AuditRecord[]> {
    return this.inner.auditLog(reportId);
  }
  async rememberQuestion(chatId: string, messageId: string, awaiting: string, durable = false) {
    const key = `${chatId}\u0000${messageId}`;
    this.asked.set(key, awaiting);
    if (this.asked.size > 20_000) this.asked.delete(this.asked.keys().next().value as string);
    await this.inner.rememberQuestion(chatId, messageId, awaiting, durable);
  }

  applied(reportId: string, key: string) {
    return this.inner.applied(reportId, key);
  }

  async questionOf(chatId: string, messageId: string) {
    return this.asked.get(`${chatId}\u0000${messageId}`) ?? this.inner.questionOf(chatId, messageId);
  }

  sawInGroup(userId: string, chatId: string, name: string) {
    return this.changing(userId, () => this.inner.sawInGroup(userId, chatId, name));
  }
  async contacts(userId: string): Promise<GroupContact[]> {
    return (await this.person(userId, "contacts", () => this.inner.contacts(userId))).map((c) => ({ ...c }));
  }
  groupContacts(chatId: string): Promise<GroupContact[]> {
    return this.inner.groupContacts(chatId);
  }
  choose(userId: string, chatId: string) {
    return this.changing(userId, () => this.inner.choose(userId, chatId));
  }
  /** The reports as they are now (kept copies are kept current by this process's commits). */
  async memberReports(userId: string): Promise<StoredReport[]> {
    const ids = await this.person(userId, "reportIds", async () =>
      (await this.inner.memberReports(userId)).map((r) => r.id),
    );
    const reports = (await Promise.all(ids.map((id) => this.get(id)))).filter((r) => r !== null);
    return reports.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  }

  close() {
    return this.inner.close();
  }
}
