import type { Inbox } from "./inbox.js";

/**
 * The storage interface of Zipin: small on purpose (like grammY's StorageAdapter), so the engine and
 * the bots can be tested on the in-memory implementation and the Prisma one is tested once against
 * SQLite and PostgreSQL with the same test suite.
 */

export type ReportStatus = "draft" | "final";
export type Role = "owner" | "editor";

export interface StoredReport {
  id: string;
  chatId: string;
  unit: string;
  year: number;
  /** "" for the 部门整体 report; the project's name for a 项目支出 table (one chat may hold both) */
  subject: string;
  status: ReportStatus;
  /** increases by one with every commit */
  version: number;
  /** the conversation state, plain JSON */
  state: unknown;
  ownerId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface AnswerChange {
  field: string;
  /** null: the field was cleared or skipped */
  value: string | null;
  previous: string | null;
}

export interface AnswerRecord extends AnswerChange {
  /** the order answers were accepted in: the accepting version × 1000 + the place in its commit */
  seq: number;
  by: string;
  at: Date;
}

/** One atomic change of a report: its new state, the answers it accepted, an audit line. */
export interface Commit {
  reportId: string;
  /** the version the change was computed from; a different stored version is a conflict */
  expectedVersion: number;
  state: unknown;
  by: string;
  /** the incoming update this commit applies (Telegram update_id, terminal line): applied at most once */
  updateKey?: string;
  answers?: AnswerChange[];
  audit?: { action: string; detail?: string };
  status?: ReportStatus;
  /**
   * the report's unit and year (and subject: the project's name; absent = unchanged) changed (answered in
   * the questionnaire): refused if the chat has that report
   */
  identity?: { unit: string; year: number; subject?: string };
}

export type CommitResult =
  | { ok: true; version: number }
  | { ok: false; reason: "conflict" | "duplicate" | "missing" | "taken"; version: number | null };

export interface Member {
  userId: string;
  role: Role;
  /** the name the person goes by in the chat, as last seen (for /status and /members) */
  name: string;
}

export interface DraftRecord {
  id: string;
  section: "problems" | "improvements";
  text: string;
  source: "llm" | "offline" | "user";
  model: string | null;
  templateVersion: string | null;
  status: "pending" | "accepted" | "replaced";
  at: Date;
}

export interface AuditRecord {
  actor: string;
  action: string;
  detail: string;
  at: Date;
}

/** A person seen in a group (a messenger whose groups deliver only @-mentions), and their choice. */
export interface GroupContact {
  /** the person, which is also their private chat */
  userId: string;
  /** the group; equal to userId for the choice of the person's own private report */
  chatId: string;
  name: string;
  /** the report the person's private chat works on (`/use`) */
  chosen: boolean;
  seenAt: Date;
}

/** A report to create: its chat, unit and year, who starts it (the owner), the first state. */
export interface NewReport {
  chatId: string;
  unit: string;
  year: number;
  /** "" (the default) for the 部门整体 report; the project's name for a 项目支出 table */
  subject?: string;
  ownerId: string;
  ownerName?: string;
  state: unknown;
}

export interface ReportRepository {
  /** The durable inbox of the messengers' updates, in the same database. */
  readonly inbox: Inbox;
  /** Creates a report owned by `ownerId` (also its first member); an existing chat/unit/year/subject is returned instead. */
  create(input: NewReport): Promise<{ created: boolean; report: StoredReport }>;
  get(id: string): Promise<StoredReport | null>;
  /** The reports of a chat, most recently changed first. */
  findByChat(chatId: string): Promise<StoredReport[]>;
  /** The report the chat chose to work on (`/use`, `/new`, `/seed`), by id; null when it never chose. */
  currentOf(chatId: string): Promise<string | null>;
  /** The chat works on this report of its own from now (it replaces the previous choice). */
  setCurrent(chatId: string, reportId: string): Promise<void>;
  /** Applies a commit atomically: all of it, or nothing. */
  commit(commit: Commit): Promise<CommitResult>;
  /** Accepted answers in the order they were committed, for one field or all. */
  history(reportId: string, field?: string): Promise<AnswerRecord[]>;
  setMember(reportId: string, userId: string, role: Role, addedBy: string, name?: string): Promise<void>;
  /** The name a member goes by changed (nothing else about the membership does). */
  renameMember(reportId: string, userId: string, name: string): Promise<void>;
  removeMember(reportId: string, userId: string): Promise<void>;
  members(reportId: string): Promise<Member[]>;
  saveDraft(reportId: string, draft: Omit<DraftRecord, "id" | "at">): Promise<DraftRecord>;
  drafts(reportId: string): Promise<DraftRecord[]>;
  auditLog(reportId: string): Promise<AuditRecord[]>;
  /**
   * A question the bot sent in a chat, by its message (see `questionOf`). Written with the next group of
   * writes (best effort, once per message), or at once and replacing an earlier one when `durable`.
   */
  rememberQuestion(chatId: string, messageId: string, awaiting: string, durable?: boolean): Promise<void>;
  /** What the conversation awaited when the bot sent that message; null when unknown. */
  questionOf(chatId: string, messageId: string): Promise<string | null>;
  /** Whether an incoming update (its key) was applied to the report already (it came again after a restart). */
  applied(reportId: string, key: string): Promise<boolean>;
  /** A person wrote in a group: the platform delivered it, so they were a member then. */
  sawInGroup(userId: string, chatId: string, name: string): Promise<void>;
  /** The groups a person was seen in, and which report their private chat works on. */
  contacts(userId: string): Promise<GroupContact[]>;
  /** The people seen in a group. */
  groupContacts(chatId: string): Promise<GroupContact[]>;
  /** The report a person's private chat works on from now: a group's (its chat id) or their own (their id). */
  choose(userId: string, chatId: string): Promise<void>;
  /** The reports a person is a member (owner or editor) of, in any chat. */
  memberReports(userId: string): Promise<StoredReport[]>;
  close(): Promise<void>;
}
