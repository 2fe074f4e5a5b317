import { randomUUID } from "node:crypto";
import { MemoryInbox } from "./inbox.js";
import type {
  AnswerRecord,
  AuditRecord,
  Commit,
  CommitResult,
  DraftRecord,
  GroupContact,
  NewReport,
  ReportRepository,
  Role,
  StoredReport,
} from "./repository.js";

/** The repository in memory: for engine and bot tests. Same behaviour as the Prisma one, nothing kept. */
export class MemoryRepository implements ReportRepository {
  readonly inbox = new MemoryInbox();
  private questions = new Map<string, string>();
  private reports = new Map<string, StoredReport>();
  private answers = new Map<string, AnswerRecord[]>();
  private memberships = new Map<string, Map<string, { role: Role; name: string }>>();
  private draftList = new Map<string, DraftRecord[]>();
  private audits = new Map<string, AuditRecord[]>();
  private readonly keys = new Set<string>();
  private contactRows: GroupContact[] = [];
  private currents = new Map<string, string>();
  private lastCreated = 0;

  async create(input: NewReport) {
    const existing = [...this.reports.values()].find(
      (r) =>
        r.chatId === input.chatId &&
        r.unit === input.unit &&
        r.year === input.year &&
        r.subject === (input.subject ?? ""),
    );
    if (existing) return { created: false, report: structuredClone(existing) };
    // reports are listed in the order they were started: two started within a millisecond stay in order
    const now = new Date(Math.max(Date.now(), this.lastCreated + 1));
    this.lastCreated = now.getTime();
    const report: StoredReport = {
      id: randomUUID(),
      chatId: input.chatId,
      unit: input.unit,
      year: input.year,
      subject: input.subject ?? "",
      ownerId: input.ownerId,
      state: structuredClone(input.state),
      status: "draft",
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.reports.set(report.id, report);
    this.memberships.set(
      report.id,
      new Map([[input.ownerId, { role: "owner" as Role, name: input.ownerName ?? "" }]]),
    );
    return { created: true, report: structuredClone(report) };
  }

  async get(id: string) {
    const r = this.reports.get(id);
    return r ? structuredClone(r) : null;
  }

  async findByChat(chatId: string) {
    return [...this.reports.values()]
      .filter((r) => r.chatId === chatId)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
      .map((r) => structuredClone(r));
  }

  async currentOf(chatId: string) {
    const id = this.currents.get(chatId);
    return id !== undefined && this.reports.has(id) ? id : null;
  }

  async setCurrent(chatId: string, reportId: string) {
    if (this.reports.has(reportId)) this.currents.set(chatId, reportId);
  }

  async commit(c: Commit): Promise<CommitResult> {
    const r = this.reports.get(c.reportId);
    if (!r) return { ok: false, reason: "missing", version: null };
    if (c.updateKey !== undefined && this.keys.has(`${c.reportId}\u0000${c.updateKey}`)) {
      return { ok: false, reason: "duplicate", version: r.version };
    }
    if (r.version !== c.expectedVersion) return { ok: false, reason: "conflict", version: r.version };
    if (
      c.identity &&
      [...this.reports.values()].some(
        (o) =>
          o.id !== r.id &&
          o.chatId === r.chatId &&
          o.unit === c.identity?.unit &&
          o.year === c.identity?.year &&
          o.subject === (c.identity?.subject ?? r.subject),
      )
    ) {
      return { ok: false, reason: "taken", version: r.version };
    }
    if (c.identity) {
      r.unit = c.identity.unit;
      r.year = c.identity.year;
      r.subject = c.identity.subject ?? r.subject;
    }
    const now = new Date();
    const list = this.answers.get(r.id) ?? [];
    // seq as in the Prisma repository: the accepting version × 1000 + the place in the commit
    for (const [i, a] of (c.answers ?? []).entries())
      list.push({ ...a, seq: (c.expectedVersion + 1) * 1000 + i, by: c.by, at: now });
    this.answers.set(r.id, list);
    if (c.audit) {
      const log = this.audits.get(r.id) ?? [];
      log.push({ actor: c.by, action: c.audit.action, detail: c.audit.detail ?? "", at: now });
      this.audits.set(r.id, log);
    }
    if (c.updateKey !== undefined) this.keys.add(`${c.reportId}\u0000${c.updateKey}`);
    r.state = structuredClone(c.state);
    r.version += 1;
    r.updatedAt = now;
    if (c.status) r.status = c.status;
    return { ok: true, version: r.version };
  }

  async history(reportId: string, field?: string) {
    return (this.answers.get(reportId) ?? [])
      .filter((a) => field === undefined || a.field === field)
      .map((a) => ({ ...a }));
  }

  async setMember(reportId: string, userId: string, role: Role, _addedBy: string, name?: string) {
    const m = this.memberships.get(reportId) ?? new Map<string, { role: Role; name: string }>();
    m.set(userId, { role, name: name ?? m.get(userId)?.name ?? "" });
    this.memberships.set(reportId, m);
  }

  async renameMember(reportId: string, userId: string, name: string) {
    const m = this.memberships.get(reportId)?.get(userId);
    if (m) m.name = name;
  }

  async removeMember(reportId: string, userId: string) {
    this.memberships.get(reportId)?.delete(userId);
  }

  async members(reportId: string) {
    return [...(this.memberships.get(reportId) ?? new Map<string, { role: Role; name: string }>()).entries()]
      .map(([userId, m]) => ({ userId, role: m.role, name: m.name }))
      .sort((a, b) => a.userId.localeCompare(b.userId));
  }

  async saveDraft(reportId: string, draft: Omit<DraftRecord, "id" | "at">) {
    const record: DraftRecord = { ...draft, id: randomUUID(), at: new Date() };
    this.draftList.set(reportId, [...(this.draftList.get(reportId) ?? []), record]);
    return { ...record };
  }

  async drafts(reportId: string) {
    return (this.draftList.get(reportId) ?? []).map((d) => ({ ...d }));
  }

  async auditLog(reportId: string) {
    return (this.audits.get(reportId) ?? []).map((a) => ({ ...a }));
  }

  async rememberQuestion(chatId: string, messageId: string, awaiting: string) {
    this.questions.set(`${chatId}\u0000${messageId}`, awaiting);
  }

  async applied(reportId: string, key: string) {
    return this.keys.has(`${reportId}\u0000${key}`);
  }

  async questionOf(chatId: string, messageId: string) {
    return this.questions.get(`${chatId}\u0000${messageId}`) ?? null;
  }

  async sawInGroup(userId: string, chatId: string, name: string) {
    const row = this.contactRows.find((c) => c.userId === userId && c.chatId === chatId);
    if (row) Object.assign(row, { name, seenAt: new Date() });
    else this.contactRows.push({ userId, chatId, name, chosen: false, seenAt: new Date() });
  }

  async contacts(userId: string) {
    return this.contactRows.filter((c) => c.userId === userId).map((c) => ({ ...c }));
  }

  async groupContacts(chatId: string) {
    return this.contactRows.filter((c) => c.chatId === chatId).map((c) => ({ ...c }));
  }

  async choose(userId: string, chatId: string) {
    for (const c of this.contactRows) if (c.userId === userId) c.chosen = c.chatId === chatId;
    if (!this.contactRows.some((c) => c.userId === userId && c.chatId === chatId))
      this.contactRows.push({ userId, chatId, name: "", chosen: true, seenAt: new Date(0) });
  }

  async memberReports(userId: string) {
    return [...this.reports.values()]
      .filter((r) => this.memberships.get(r.id)?.has(userId))
      .map((r) => structuredClone(r));
  }

  async close() {}
}
