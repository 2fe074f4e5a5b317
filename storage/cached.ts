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
    const r = await this.inner.create(input);
    this.chats.delete(input.chatId);
    this.memberLists.delete(r.report.id);
    return r;
  }

  async get(id: string) {
    const chat = this.reportChat.get(id);
    const cached = chat !== undefined ? this.chats.get(chat)?.find((r) => r.id === id) : undefined;
    return cached ?? this.inner.get(id);
  }

  async findByChat(chatId: string) {
    const cached = this.chats.get(chatId);
    if (cached) return [...cached];
    const list = await this.inner.findByChat(chatId);
    this.remember(chatId, list);
    return [...list];
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
        ...(c.identity && { unit: c.identity.unit, year: c.identity.year }),
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
    await this.inner.setMember(reportId, userId, role, addedBy, name);
  }

  async renameMember(reportId: string, userId: string, name: string) {
    this.memberLists.delete(reportId);
    await this.inner.renameMember(reportId, userId, name);
  }

  async removeMember(reportId: string, userId: string) {
    this.memberLists.delete(reportId);
    await this.inner.removeMember(reportId, userId);
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

  async questionOf(chatId: string, messageId: string) {
    return this.asked.get(`${chatId}\u0000${messageId}`) ?? this.inner.questionOf(chatId, messageId);
  }

  sawInGroup(userId: string, chatId: string, name: string) {
    return this.inner.sawInGroup(userId, chatId, name);
  }
  contacts(userId: string): Promise<GroupContact[]> {
    return this.inner.contacts(userId);
  }
  groupContacts(chatId: string): Promise<GroupContact[]> {
    return this.inner.groupContacts(chatId);
  }
  choose(userId: string, chatId: string) {
    return this.inner.choose(userId, chatId);
  }
  memberReports(userId: string): Promise<StoredReport[]> {
    return this.inner.memberReports(userId);
  }

  close() {
    return this.inner.close();
  }
}
