import { createHash } from "node:crypto";
import { type Action, type Actor, actorOf, can, refusal } from "../core/access.js";
import { parseReportFile } from "../core/reportFile.js";
import type { LlmConfig } from "../prompts/drafter.js";
import type { Member, ReportRepository, StoredReport } from "../storage/repository.js";
import { getAt } from "./conversation/draft.js";
import { SECTIONS } from "./conversation/plan.js";
import {
  awaiting,
  type EngineState,
  initialState,
  isWhatIfQuestion,
  labelOf,
  prefill,
  prompt as promptOf,
  type Reply,
  type StepResult,
  step,
} from "./conversation/step.js";
import { draftStep, plainWhatIfStep } from "./drafting.js";

/**
 * The group conversation, transport-neutral: which report a message is about, who may do what with it,
 * the engine's step, the commit, and what to answer. The Telegram adapter only turns updates into
 * `Incoming` and `Outgoing` into API calls, so every rule here is tested without Telegram as well.
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
  document?: { name: string; size: number; read: () => Promise<string> };
  /** whether the sender administers the group; asked only when an action depends on it */
  isAdmin: () => Promise<boolean>;
  /** the person a /members command names (the author of the message it replies to, or a mention) */
  target?: Person;
  /** a button press: the report and question the button was made for (see `buttonTag`) */
  button?: { report: string; question: string };
  /** the question (see `awaiting`) of the bot's message this one replies to, when known */
  repliesTo?: string;
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

export interface ChatServiceOptions {
  repo: ReportRepository;
  llm: LlmConfig | null;
  /** renders the report's PDF; loaded lazily (fonts are large) */
  renderPdf?: (
    state: EngineState,
    final: boolean,
  ) => Promise<{ name: string; content: Buffer; notes: string[] }>;
  /** called before slow work, so the chat can show "uploading…" */
  busy?: (chatId: string, what: "upload_document" | "typing") => void;
  /** where errors of storage are logged (never with secrets) */
  log?: (line: string) => void;
}

const MAX_TEXT = 4000;
export const CANNOT_SAVE =
  "暂时无法保存（数据库不可用），这条消息没有记录。已保存的内容不受影响，请稍后再发一次。";
const MAX_FILE = 2 * 1024 * 1024;
const UNNAMED = "（未命名）";

const NEW_EXAMPLE = "/new 衡阳县库区移民事务中心 2020";
const GROUP_HELP = [
  "Zipin 自评助手：帮本单位逐项填写部门整体支出绩效自评，并生成报告 PDF。",
  `开始：${NEW_EXAMPLE}（发起人为报告负责人）`,
  "回答问题：直接回复我的提问；选项可点按钮。已有报告文件（.json）可作为文件发送，说明写 /import。",
  "负责人或群管理员回复某人的消息发送 /members add，可把他加为填报人；其他人可查看 /status、/score、/whatif、/deviations。",
].join("\n");

/** The conversation of a report started with `/new 单位 年度`: those two answered. */
export function newReportState(unit: string, year: number): EngineState {
  return prefill(initialState(), { unit: { name: unit, year } } as never, { asWritten: false });
}

/** A short tag of the question a state waits for: a button answers that question or none. */
export function questionTag(s: EngineState): string {
  return createHash("sha256").update(awaiting(s)).digest("hex").slice(0, 8);
}
const tagOf = (report: StoredReport, s: EngineState) => ({
  report: report.id.slice(0, 8),
  question: questionTag(s),
});

function isState(v: unknown): v is EngineState {
  return v !== null && typeof v === "object" && (v as { v?: unknown }).v === 1;
}
const stateOf = (r: StoredReport): EngineState => (isState(r.state) ? r.state : initialState());

/** The input each choice stands for: 是/否 as written, numbered choices by their number. */
export function optionsOf(reply: Reply): Option[] | undefined {
  if (!reply.options) return undefined;
  return reply.options.map((label, i) => {
    if (label === "是" || label === "否") return { label, input: label };
    const n = /^(\d+)[.\s]\s*/.exec(label);
    return n ? { label: label.slice(n[0].length), input: n[1] as string } : { label, input: String(i + 1) };
  });
}

const REVIEW_OPTIONS: Option[] = [
  { label: "接受第五部分", input: "/accept 五" },
  { label: "接受第六部分", input: "/accept 六" },
  { label: "全部接受", input: "/accept 全部" },
  { label: "重新起草", input: "/draft" },
];

/** The command a message is, with its argument; null for an answer. */
function commandOf(text: string): { name: string; arg: string } | null {
  const m = /^\/([A-Za-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: (m[1] as string).toLowerCase(), arg: (m[2] ?? "").trim() } : null;
}

/** The action a message needs permission for. */
function actionOf(cmd: { name: string; arg: string } | null): Action {
  if (!cmd) return "answer";
  if (cmd.name === "pdf") return /^(final|正式|定稿)/i.test(cmd.arg) ? "pdf final" : "pdf";
  if (cmd.name === "members") {
    if (/^(add|添加)/i.test(cmd.arg)) return "members add";
    if (/^(remove|删除|移除)/i.test(cmd.arg)) return "members remove";
    return "members";
  }
  const known: Record<string, Action> = {
    start: "start",
    help: "help",
    status: "status",
    score: "score",
    whatif: "whatif",
    deviations: "deviations",
    check: "check",
    figures: "figures",
    export: "export",
    new: "new",
    back: "back",
    skip: "skip",
    goto: "goto",
    edit: "edit",
    draft: "draft",
    accept: "accept",
    replace: "replace",
  };
  return known[cmd.name] ?? "help";
}

/** "衡阳县库区移民事务中心 2020" → unit and year; either may be missing. */
export function parseNewArgs(arg: string): { unit?: string; year?: number; bad?: string } {
  const t = arg.replace(/\s+/g, " ").trim();
  if (t === "") return {};
  const m = /^(.*?)\s*(\d{4})\s*年?度?$/.exec(t);
  const unit = (m ? (m[1] as string) : t).trim();
  const year = m ? Number(m[2]) : undefined;
  if (year !== undefined && (year < 2000 || year > 2100))
    return { bad: `年度应在 2000–2100 之间，例如 ${NEW_EXAMPLE}` };
  if (unit.length > 60) return { bad: `单位名称太长（至多 60 字），例如 ${NEW_EXAMPLE}` };
  return { ...(unit && { unit }), ...(year !== undefined && { year }) };
}

export class ChatService {
  constructor(private readonly o: ChatServiceOptions) {}

  /** One incoming message or button press; what to send back. Never throws for a user's input. */
  async handle(m: Incoming): Promise<Outgoing[]> {
    if (m.text !== undefined && m.text.length > MAX_TEXT)
      return [{ text: `消息太长（${m.text.length} 字）；请分几条发送，每条不超过 ${MAX_TEXT} 字。` }];
    const cmd = m.text !== undefined ? commandOf(m.text) : null;
    if (m.text !== undefined && m.text.trim() === "") return [];
    try {
      // conflicts (another instance changed the report at the same moment) are retried on fresh data
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await this.once(m, cmd);
        if (r !== "retry") return compact(r);
      }
      return [{ text: "同时修改的人太多，这条没有保存，请再发一次。" }];
    } catch (e) {
      // the database is unavailable (file read-only, server down): nothing of this message was stored,
      // and the user is told so instead of "已记录"; what was stored before is untouched
      this.o.log?.(
        `chat ${m.chatId}: ${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message ?? String(e)}`,
      );
      return [{ text: CANNOT_SAVE }];
    }
  }

  private async current(chatId: string): Promise<StoredReport | null> {
    return (await this.o.repo.findByChat(chatId))[0] ?? null;
  }

  private async actor(
    report: StoredReport,
    m: Incoming,
    needs: Action,
  ): Promise<{ actor: Actor; member?: Member }> {
    const member = (await this.o.repo.members(report.id)).find((x) => x.userId === m.from.id);
    if (member && m.from.name && member.name !== m.from.name) {
      await this.o.repo.setMember(report.id, member.userId, member.role, member.userId, m.from.name);
    }
    const role = member?.role;
    // the group admin lookup is a network call: only when membership does not already decide it
    const decided = role !== undefined && can(actorOf(role, false), needs);
    const admin = !decided && m.group ? await m.isAdmin() : false;
    return { actor: actorOf(role, admin), member };
  }

  private async once(m: Incoming, cmd: { name: string; arg: string } | null): Promise<Outgoing[] | "retry"> {
    const action: Action = m.document ? "import" : actionOf(cmd);
    if (cmd?.name === "new") return this.newReport(m, cmd.arg);
    let report = await this.current(m.chatId);
    if (!report) {
      if (m.group) {
        return [
          {
            text:
              cmd?.name === "start" || cmd?.name === "help" ? GROUP_HELP : `本群还没有报告。${GROUP_HELP}`,
          },
        ];
      }
      // a private chat is one person's: their report starts with their first message
      report = (
        await this.o.repo.create({
          chatId: m.chatId,
          unit: UNNAMED,
          year: 0,
          ownerId: m.from.id,
          ownerName: m.from.name,
          state: initialState(),
        })
      ).report;
      const s = stateOf(report);
      return this.withQuestion(report, s, [
        { text: "Zipin 自评助手：我会逐项询问部门整体支出绩效自评所需的数字，随时可用 /help 查看命令。" },
        ...(cmd?.name === "start" ? [] : [{ text: "（已为你新建一份报告。）" }]),
      ]);
    }
    const state = stateOf(report);
    const { actor } = await this.actor(report, m, action);
    if (!can(actor, action)) return [{ text: refusal(actor, action) }];

    // a button made for another report or an older question
    if (m.button && (m.button.report !== report.id.slice(0, 8) || m.button.question !== questionTag(state))) {
      return this.withQuestion(report, state, [{ text: "这个按钮已过期（问题已经回答或换了）。" }]);
    }
    // in a group everybody sees what was pressed, and by whom
    const pressed = m.button
      ? [...(optionsOf(promptOf(state)) ?? []), ...REVIEW_OPTIONS].find((o) => o.input === m.text)
      : undefined;
    if (pressed && m.group) {
      const out = await this.once({ ...m, button: undefined }, cmd);
      return out === "retry" ? out : [{ text: `${m.from.name} 选择：${pressed.label}` }, ...out];
    }
    // an answer to a question somebody else answered already
    if (!cmd && m.repliesTo !== undefined && m.repliesTo !== awaiting(state)) {
      return this.withQuestion(report, state, [{ text: "这个问题已经有人回答了，请回答下面这个。" }]);
    }

    if (m.document) return this.importFile(report, state, m);
    switch (cmd?.name) {
      case "start":
        return this.withQuestion(report, state, [{ text: m.group ? GROUP_HELP : "继续上次的填报。" }]);
      case "members":
        return this.members(report, m, action);
      case "goto":
        if (cmd.arg === "") {
          // the sections as buttons
          return [
            {
              text: "跳到哪一部分？",
              options: SECTIONS.map((x) => ({ label: x.title, input: `/goto ${x.id}` })),
              button: tagOf(report, state),
            },
          ];
        }
        break;
      case "pdf":
        return this.pdf(report, state, m, action === "pdf final");
      case "status": {
        const r = step(state, m.text as string);
        return [...r.replies.map((x) => ({ text: x.text })), { text: await this.whoAnswered(report, state) }];
      }
      case "draft": {
        this.o.busy?.(m.chatId, "typing");
        const r = await draftStep(state, this.o.llm);
        return this.apply(report, state, m, r, "draft", REVIEW_OPTIONS);
      }
      case undefined:
        if (isWhatIfQuestion(state, m.text as string)) {
          this.o.busy?.(m.chatId, "typing");
          return (await plainWhatIfStep(state, m.text as string, this.o.llm)).replies.map((x) => ({
            text: x.text,
          }));
        }
    }
    const r = step(state, m.text as string);
    if (r.state !== state && !can(actor, "answer")) return [{ text: refusal(actor, "answer") }];
    const review = cmd?.name === "accept" || cmd?.name === "replace";
    return this.apply(
      report,
      state,
      m,
      r,
      r.changes.length > 0 ? "answer" : "navigate",
      review ? REVIEW_OPTIONS : undefined,
    );
  }

  /** Commits what a step changed, then answers; an unchanged state only answers. */
  private async apply(
    report: StoredReport,
    before: EngineState,
    m: Incoming,
    r: StepResult,
    action: string,
    extra?: Option[],
  ): Promise<Outgoing[] | "retry"> {
    if (r.state !== before) {
      const identity = identityOf(r.state, report);
      const c = await this.o.repo.commit({
        reportId: report.id,
        expectedVersion: report.version,
        state: r.state,
        by: m.from.id,
        updateKey: m.key,
        answers: r.changes,
        audit: { action },
        ...(identity && { identity }),
        ...(report.status === "final" && { status: "draft" as const }),
      });
      if (!c.ok) {
        if (c.reason === "conflict") return "retry";
        if (c.reason === "duplicate") {
          // applied before (the update came again after a restart): say where we are
          const now = (await this.o.repo.get(report.id)) ?? report;
          return this.withQuestion(now, stateOf(now), [{ text: "已记录。" }]);
        }
        if (c.reason === "taken") {
          return this.withQuestion(report, before, [
            {
              text: `本群已有“${identity?.unit}”${identity?.year}年度的报告，这条没有保存。要改填那一份，请发送 /new ${identity?.unit} ${identity?.year}`,
            },
          ]);
        }
        return [{ text: "这份报告已不存在。发送 /new 单位 年度 重新开始。" }];
      }
    }
    const replies = r.replies.map((x) => ({ text: x.text, options: optionsOf(x), file: x.file }));
    const out: Outgoing[] = replies.map((x) => ({
      text: x.text,
      ...(x.options && { options: x.options, button: tagOf(report, r.state) }),
      ...(x.file && { document: { name: x.file.name, mime: x.file.mime, content: x.file.content } }),
    }));
    if (extra) {
      const last = out[out.length - 1];
      if (last && !last.options) Object.assign(last, { options: extra, button: tagOf(report, r.state) });
    }
    // the last reply asks the next question (if any): addressed to the one who answered
    const last = out[out.length - 1];
    if (last && !last.document) last.ask = awaiting(r.state);
    return out;
  }

  /** Replies followed by the question the report is waiting for. */
  private withQuestion(report: StoredReport, s: EngineState, before: Outgoing[]): Outgoing[] {
    const prompt = promptOf(s);
    return [
      ...before,
      {
        text: prompt.text,
        ...(prompt.options && {
          options: optionsOf(prompt),
          button: tagOf(report, s),
        }),
        ask: awaiting(s),
      },
    ];
  }

  private async newReport(m: Incoming, arg: string): Promise<Outgoing[]> {
    const p = parseNewArgs(arg);
    if (p.bad) return [{ text: p.bad }];
    if ((p.unit === undefined) !== (p.year === undefined) || (m.group && p.unit === undefined)) {
      return [{ text: `请写单位名称和年度，例如：${NEW_EXAMPLE}` }];
    }
    const unit = p.unit ?? UNNAMED;
    const year = p.year ?? 0;
    const start = p.unit ? newReportState(unit, year) : initialState();
    const { created, report } = await this.o.repo.create({
      chatId: m.chatId,
      unit,
      year,
      ownerId: m.from.id,
      ownerName: m.from.name,
      state: start,
    });
    const s = stateOf(report);
    if (created) {
      return this.withQuestion(report, s, [
        {
          text: `已新建“${unit === UNNAMED ? "新报告" : `${unit}${year}年度`}”，负责人：${m.from.name || m.from.id}。`,
        },
      ]);
    }
    // the report exists: it becomes the chat's current one (for its members)
    const { actor } = await this.actor(report, m, "answer");
    if (!can(actor, "answer")) return [{ text: `本群已有这份报告。${refusal(actor, "answer")}` }];
    const c = await this.o.repo.commit({
      reportId: report.id,
      expectedVersion: report.version,
      state: s,
      by: m.from.id,
      updateKey: m.key,
      audit: { action: "switch" },
    });
    const now = c.ok ? { ...report, version: c.version } : report;
    return this.withQuestion(now, s, [{ text: `继续填写“${report.unit}${report.year}年度”。` }]);
  }

  private async members(report: StoredReport, m: Incoming, action: Action): Promise<Outgoing[]> {
    const list = async () => {
      const ms = await this.o.repo.members(report.id);
      return ms.map((x) => `${x.role === "owner" ? "负责人" : "填报人"}：${x.name || x.userId}`).join("\n");
    };
    if (action === "members")
      return [{ text: `${report.unit}${report.year || ""}年度报告\n${await list()}` }];
    const t = m.target;
    if (!t) {
      return [{ text: "请回复要添加或移除的人的某条消息，再发送 /members add 或 /members remove。" }];
    }
    if (t.id === report.ownerId) return [{ text: "负责人不能被移除或更改。" }];
    if (action === "members add") await this.o.repo.setMember(report.id, t.id, "editor", m.from.id, t.name);
    else await this.o.repo.removeMember(report.id, t.id);
    const c = await this.o.repo.commit({
      reportId: report.id,
      expectedVersion: report.version,
      state: report.state,
      by: m.from.id,
      updateKey: m.key,
      audit: { action: action === "members add" ? "member add" : "member remove", detail: t.id },
    });
    void c; // the membership itself is already stored; the audit line is best effort under a conflict
    return [
      { text: `${action === "members add" ? "已添加填报人" : "已移除"}：${t.name || t.id}\n${await list()}` },
    ];
  }

  private async pdf(report: StoredReport, s: EngineState, m: Incoming, final: boolean): Promise<Outgoing[]> {
    if (!this.o.renderPdf) return [{ text: "此处暂不能生成 PDF；可用 /export 导出报告文件。" }];
    if (!getAt(s.draft, "unit.name")) return [{ text: "请先填写单位名称、年度和金额单位，再生成 PDF。" }];
    this.o.busy?.(m.chatId, "upload_document");
    let pdf: Awaited<ReturnType<NonNullable<ChatServiceOptions["renderPdf"]>>>;
    try {
      pdf = await this.o.renderPdf(s, final);
    } catch (e) {
      this.o.log?.(`pdf ${m.chatId}: ${(e as Error)?.stack ?? String(e)}`);
      return [
        { text: "PDF 暂时无法生成（已记录这个错误）。可先用 /export 导出报告文件；填写的内容不受影响。" },
      ];
    }
    if (final && report.status !== "final") {
      await this.o.repo.commit({
        reportId: report.id,
        expectedVersion: report.version,
        state: report.state,
        by: m.from.id,
        status: "final",
        audit: { action: "final" },
      });
    }
    return [
      ...pdf.notes.map((text) => ({ text })),
      {
        text: final ? "正式版报告。" : "报告草稿（带“草稿”水印；负责人发送 /pdf final 生成正式版）。",
        document: {
          name: pdf.name,
          mime: "application/pdf",
          content: pdf.content,
          caption: final ? "正式版" : "草稿",
        },
      },
    ];
  }

  private async importFile(report: StoredReport, s: EngineState, m: Incoming): Promise<Outgoing[] | "retry"> {
    const doc = m.document as NonNullable<Incoming["document"]>;
    if (!/\.json$/i.test(doc.name)) {
      return [
        {
          text: `只能导入报告文件（.json，例如 /export 导出的 hengyang-2020.json），收到的是“${doc.name}”。`,
        },
      ];
    }
    if (doc.size > MAX_FILE)
      return [{ text: `文件太大（${Math.ceil(doc.size / 1024)} KB）；报告文件不超过 2 MB。` }];
    const parsed = parseReportFile(await doc.read());
    if (!parsed.ok) {
      const shown = parsed.issues.slice(0, 8).map((i) => `  ${i.path}：${i.message}`);
      const more = parsed.issues.length > 8 ? [`  ……另有 ${parsed.issues.length - 8} 处`] : [];
      return [{ text: ["不能导入：", ...shown, ...more].join("\n") }];
    }
    const next = prefill(s, parsed.report as unknown as Record<string, unknown>);
    const r: StepResult = {
      state: next,
      replies: [{ text: `已导入“${doc.name}”。` }, ...step(next, "/status").replies],
      changes: [],
    };
    const out = await this.apply(report, s, m, r, "import");
    if (out === "retry") return out;
    return [...out.slice(0, -1), ...this.withQuestion(report, next, [out[out.length - 1] as Outgoing])].map(
      (x, i, a) => (i < a.length - 1 ? { ...x, ask: undefined } : x),
    );
  }

  /** Who answered how many of the report's fields (their latest answers), and the last few answers. */
  private async whoAnswered(report: StoredReport, s: EngineState): Promise<string> {
    const history = await this.o.repo.history(report.id);
    if (history.length === 0) return "还没有人回答。";
    const names = new Map((await this.o.repo.members(report.id)).map((x) => [x.userId, x.name || x.userId]));
    const latest = new Map<string, (typeof history)[number]>();
    for (const a of history) latest.set(a.field, a);
    const counts = new Map<string, number>();
    for (const a of latest.values()) counts.set(a.by, (counts.get(a.by) ?? 0) + 1);
    const who = [...counts].map(([by, n]) => `${names.get(by) ?? by} ${n} 项`).join("，");
    const recent = history
      .slice(-5)
      .map(
        (a) =>
          `  ${labelOf(s, a.field)}：${a.value === null ? "（空）" : shortValue(a.value)}（${names.get(a.by) ?? a.by}）`,
      );
    return [`填写人：${who}`, "最近的回答：", ...recent].join("\n");
  }
}

/** Consecutive plain texts go out as one message: a group reads "已记录。" and the next question together. */
function compact(out: Outgoing[]): Outgoing[] {
  const merged: Outgoing[] = [];
  for (const x of out) {
    const prev = merged[merged.length - 1];
    if (prev && !prev.options && !prev.document && !x.document && prev.ask === undefined) {
      merged[merged.length - 1] = { ...x, text: `${prev.text}\n${x.text}` };
    } else merged.push(x);
  }
  return merged;
}

function shortValue(json: string): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = json;
  }
  const t = typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v);
  return t.length > 30 ? `${t.slice(0, 30)}…` : t;
}

/** The unit and year answered, when they differ from the stored report's. */
function identityOf(s: EngineState, report: StoredReport): { unit: string; year: number } | undefined {
  const unit = getAt(s.draft, "unit.name");
  const year = getAt(s.draft, "unit.year");
  if (typeof unit !== "string" || typeof year !== "number") return undefined;
  return unit === report.unit && year === report.year ? undefined : { unit, year };
}
