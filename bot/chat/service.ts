import { type Action, type Actor, actorOf, can, refusal } from "../../core/access.js";
import type { Member, StoredReport } from "../../storage/repository.js";
import {
  type EngineState,
  initialState,
  isState,
  type Reply,
  type StepResult,
  step,
} from "../conversation/index.js";
import { chatReport, identityOf, numberOf } from "../reportList.js";
import { actionOf, type Command, commandOf, NEW_EXAMPLE, parseNewArgs } from "./commands.js";
import { importReplies, officeReplies, pdfReplies } from "./documents.js";
import { GROUP_HELP } from "./help.js";
import { groupGate, HOW_PRIVATE, mentionRefusal, numberedInput, SEED_IN_GROUP } from "./mentions.js";
import { compact, type Incoming, type Option, type Outgoing, optionsOf, REVIEW_OPTIONS } from "./messages.js";
import type { ChatServiceOptions } from "./options.js";
import { Places, titleOf } from "./places.js";
import { listReports, type ReportsHost, seedFromFile, seedReport, useReport } from "./reports.js";

export type { Incoming, Option, Outgoing, Person } from "./messages.js";

import type { Person } from "./messages.js";

/**
 * The group conversation, messenger-neutral: which report a message is about, who may do what with it,
 * the conversation's step, what the step asks to be done (a draft, a PDF), the commit, and what to
 * answer. A messenger adapter only turns its updates into `Incoming` and `Outgoing` into its API calls.
 */
export type { ChatServiceOptions } from "./options.js";

const MAX_TEXT = 4000;
export const CANNOT_SAVE =
  "暂时无法保存（数据库不可用），这条消息没有记录。已保存的内容不受影响，请稍后再发一次。";
const UNNAMED = "（未命名）";

/** The conversation of a report started with `/new 单位 年度 [项目名称]`: those answered. */
export function newReportState(unit: string, year: number, subject = ""): EngineState {
  const draft = { unit: { name: unit, year }, ...(subject && { project: { name: subject } }) };
  return step(initialState(), { kind: "import", draft, asWritten: false }).state;
}

/**
 * What a sent question is remembered by (its message, across restarts): the report and what it awaits,
 * so that a late reply answers that question of that report, and none of another report of the chat.
 */
const askOf = (report: StoredReport, awaiting: string) =>
  awaiting === "done" ? awaiting : `${shortId(report)}:${awaiting}`;
const stateOf = (r: StoredReport): EngineState => (isState(r.state) ? r.state : initialState());
function shortId(report: StoredReport): string {
  return report.id.slice(0, 8);
}
/** What a stored state waits for: the question, its tag and the reply that asks it. */
const waiting = (s: EngineState): StepResult => step(s, { kind: "repeat" });

/** The question a private chat was asked last (see `rememberQuestion`), under this message id. */
const LAST_ASKED = "last";

export class ChatService {
  private readonly places: Places;
  private readonly host: ReportsHost;

  constructor(private readonly o: ChatServiceOptions) {
    this.places = new Places(o.repo);
    this.host = {
      o,
      mayStart: (m) => this.mayStart(m),
      // a group where only @-mentions arrive is answered in private: no question there
      asked: (report, before, m) =>
        m.mentionsOnly && m.group
          ? [{ text: `${before[0]?.text ?? ""}\n${HOW_PRIVATE}` }]
          : this.asked(report, waiting(stateOf(report)), before),
    };
  }

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

  private current(chatId: string): Promise<StoredReport | null> {
    return chatReport(this.o.repo, chatId);
  }

  /** Whether the sender may start or switch the group's report: its owner, editors, a group admin. */
  private async mayStart(m: Incoming): Promise<string | null> {
    const current = m.group ? await this.current(m.chatId) : null;
    if (!current) return null;
    const { actor } = await this.actor(current, m, "answer");
    if (can(actor, "answer") || can(actor, "members add")) return null;
    return `本群正在填写“${titleOf(current)}”的报告。只有它的负责人、填报人或群管理员可以新建或切换报告。`;
  }

  private async actor(
    report: StoredReport,
    m: Incoming,
    needs: Action,
  ): Promise<{ actor: Actor; member?: Member }> {
    const member = (await this.o.repo.members(report.id)).find((x) => x.userId === m.from.id);
    if (member && m.from.name && member.name !== m.from.name) {
      await this.o.repo.renameMember(report.id, member.userId, m.from.name);
    }
    const role = member?.role;
    // the group admin lookup is a network call: only when membership does not already decide it
    const decided = role !== undefined && can(actorOf(role, false), needs);
    const admin = !decided && m.group ? await m.isAdmin() : false;
    return { actor: actorOf(role, admin), member };
  }

  /** Where a message goes: its chat's report, or (a private chat where groups deliver only @-mentions) a group's. */
  private async once(m: Incoming, cmd: Command | null): Promise<Outgoing[] | "retry"> {
    const action: Action = m.document ? "import" : actionOf(cmd);
    if (m.mentionsOnly && m.group) {
      await this.o.repo.sawInGroup(m.from.id, m.chatId, m.from.name);
      const here = await this.current(m.chatId);
      const gate = groupGate(cmd, action, here && titleOf(here));
      if (gate) return [{ text: gate }];
    }
    if (cmd?.name === "new") return this.newReport(m, cmd.arg);
    if (!m.mentionsOnly || m.group) {
      if (cmd?.name === "reports") return listReports(this.host, m);
      if (cmd?.name === "use") return useReport(this.host, m, cmd.arg);
      if (cmd?.name === "seed" && m.document) return seedFromFile(this.host, m);
      if (cmd?.name === "seed") return seedReport(this.host, m, cmd.arg);
      const report = await this.current(m.chatId);
      return report ? this.onReport(m, cmd, action, report) : this.noReport(m, cmd);
    }
    const own = () => this.current(m.chatId);
    if (cmd?.name === "use" || cmd?.name === "reports") {
      const listed = await this.places.use(m, cmd.name === "use" ? cmd.arg : "", own);
      if (listed) return listed;
    }
    if (cmd?.name === "seed") return [{ text: SEED_IN_GROUP }];
    const place = await this.places.of(m, own);
    // several groups' reports and no choice yet: a bare number chooses
    if (Array.isArray(place)) {
      const n = m.text?.trim() ?? "";
      return /^\d{1,2}$/.test(n) ? this.once(m, { name: "use", arg: n }) : place;
    }
    if (!place.report) return this.noReport(m, cmd);
    const report = place.report;
    const chose = cmd?.name === "use";
    if (chose || place.notes.length > 0) {
      const note = chose ? [{ text: `已切换到“${titleOf(report)}”。` }] : place.notes;
      return this.remembered(m, place.viaGroup, this.asked(report, waiting(stateOf(report)), note));
    }
    // in a private chat an answer is to the question last asked there (another member may have answered it)
    const answer = !cmd && !m.document && !m.button;
    const asked = place.viaGroup && answer ? await this.o.repo.questionOf(m.chatId, LAST_ASKED) : null;
    const out = await this.onReport(asked === null ? m : { ...m, repliesTo: asked }, cmd, action, report);
    return out === "retry" ? out : this.remembered(m, place.viaGroup, out);
  }

  /** Remembers the question a private chat on a group's report was asked last. */
  private async remembered(m: Incoming, viaGroup: boolean, out: Outgoing[]): Promise<Outgoing[]> {
    const ask = [...out].reverse().find((x) => x.ask !== undefined)?.ask;
    if (viaGroup && ask !== undefined) await this.o.repo.rememberQuestion(m.chatId, LAST_ASKED, ask, true);
    return out;
  }

  private async onReport(
    m: Incoming,
    cmd: Command | null,
    asked: Action,
    report: StoredReport,
  ): Promise<Outgoing[] | "retry"> {
    const state = stateOf(report);
    // an answer in the /pdf 定稿 dialogue is part of 定稿: whoever may make it final may answer it
    const action: Action = !m.document && !cmd && state.pending?.kind === "final" ? "pdf final" : asked;
    const { actor } = await this.actor(report, m, action);
    const no = (a: Action) => [{ text: m.mentionsOnly ? mentionRefusal(actor, a) : refusal(actor, a) }];
    if (!can(actor, action)) return no(action);
    // what the report waits for: worked out only when a button or a reply needs it
    let waited: StepResult | undefined;
    const now = () => {
      waited ??= waiting(state);
      return waited;
    };

    // a button made for another report or an older question
    if (m.button && (m.button.report !== shortId(report) || m.button.question !== now().tag)) {
      return this.asked(report, now(), [{ text: "这个按钮已过期（问题已经回答或换了）。" }]);
    }
    // in a group everybody sees what was pressed, and by whom
    const pressed = m.button
      ? [...(optionsOf(now().replies.at(-1)) ?? []), ...REVIEW_OPTIONS].find((o) => o.input === m.text)
      : undefined;
    if (pressed && m.group) {
      const out = await this.once({ ...m, button: undefined }, cmd);
      return out === "retry" ? out : [{ text: `${m.from.name} 选择：${pressed.label}` }, ...out];
    }
    // an answer to a question somebody else answered already, or to a question of another report
    // (a question remembered before the report's id was part of it counts by what it awaits alone)
    const to = m.repliesTo;
    if (!cmd && to !== undefined && to !== askOf(report, now().awaiting) && to !== now().awaiting) {
      if (await this.o.repo.applied(report.id, m.key))
        return this.asked(report, now(), [{ text: "已记录。" }]);
      if (/^[0-9a-f]{8}:/.test(to) && !to.startsWith(`${shortId(report)}:`))
        return this.asked(report, now(), [
          {
            text: `这条没有记录：那个问题属于另一份报告，现在填写的是“${titleOf(report)}”（/reports 查看全部）。`,
          },
        ]);
      const who = m.mentionsOnly && !m.group ? "其他填报人（群里的报告大家一起填）" : "有人";
      return this.asked(report, now(), [{ text: `这个问题已经${who}回答了，请回答下面这个。` }]);
    }
    if (m.document) return importReplies(this.o, state, m, (r) => this.apply(report, state, m, r, "import"));
    if (cmd?.name === "start")
      return this.asked(report, now(), [{ text: m.group ? GROUP_HELP : "继续上次的填报。" }]);
    if (cmd?.name === "members") return this.members(report, m, action);
    if (cmd?.name === "status") return this.status(report, state, cmd.arg);

    const text = m.numbered && !cmd ? numberedInput(state, now, m.text as string) : (m.text as string);
    const r = step(state, text);
    // a message handled before a restart comes again (its answer is stored): not an answer to what is asked now
    if (!cmd && r.changes.length === 0 && (await this.o.repo.applied(report.id, m.key)))
      return this.asked(report, now(), [{ text: "已记录。" }]);
    if (r.effect) return this.carryOut(report, state, m, r, actor);
    const writes = action === "pdf final" ? action : "answer";
    if (r.state !== state && !can(actor, writes)) return no(writes);
    // the draft's buttons while a part of it still waits to be accepted
    const review =
      (cmd?.name === "accept" || cmd?.name === "replace") &&
      Object.values(r.state.review?.sections ?? {}).some((x) => x.status === "pending");
    return this.apply(
      report,
      state,
      m,
      r,
      r.changes.length > 0 ? "answer" : "navigate",
      review ? REVIEW_OPTIONS : undefined,
    );
  }

  /** No report in this chat yet: a group is told how to start one; a private chat starts one. */
  private async noReport(m: Incoming, cmd: Command | null): Promise<Outgoing[]> {
    if (m.group) {
      return [
        {
          text: cmd?.name === "start" || cmd?.name === "help" ? GROUP_HELP : `本群还没有报告。${GROUP_HELP}`,
        },
      ];
    }
    // a private chat is one person's: their report starts with their first message
    const { report } = await this.o.repo.create({
      chatId: m.chatId,
      unit: UNNAMED,
      year: 0,
      ownerId: m.from.id,
      ownerName: m.from.name,
      state: initialState(),
    });
    return this.asked(report, waiting(stateOf(report)), [
      { text: "Zipin 自评助手：我会逐项询问部门整体支出绩效自评所需的数字，随时可用 /help 查看命令。" },
      ...(cmd?.name === "start" ? [] : [{ text: "（已为你新建一份报告。）" }]),
    ]);
  }

  /** What a step asked to be done: the draft of 五 and 六, a what-if in plain words, the PDF. */
  private async carryOut(
    report: StoredReport,
    state: EngineState,
    m: Incoming,
    r: StepResult,
    actor: Actor,
  ): Promise<Outgoing[] | "retry"> {
    const effect = r.effect as NonNullable<StepResult["effect"]>;
    // the LLM's client is loaded when it is first needed
    const llmSteps = () => import("../effects.js");
    switch (effect.kind) {
      case "draft": {
        this.o.busy?.(m.chatId, "typing");
        const drafted = step(state, await (await llmSteps()).draftFor(effect.report, this.o.llm));
        if (!can(actor, "answer")) return [{ text: refusal(actor, "answer") }];
        return this.apply(report, state, m, drafted, "draft", REVIEW_OPTIONS);
      }
      case "whatif":
        this.o.busy?.(m.chatId, "typing");
        return (await (await llmSteps()).whatIfReplies(effect.text, effect.report, this.o.llm)).map((x) => ({
          text: x.text,
        }));
      case "pdf": {
        // the end of the /pdf 定稿 dialogue: what it changed (scores adopted, a reason kept) is stored first
        let now = report;
        if (r.changes.length > 0 || (state.pending ?? null) !== (r.state.pending ?? null)) {
          const refused = await this.commit(report, state, m, r, "pdf final");
          if (refused) return refused;
          now = (await this.o.repo.get(report.id)) ?? report;
        }
        const said = r.replies.map((x) => ({ text: x.text }));
        return [...said, ...(await pdfReplies(this.o, now, m, effect.report, effect.final))];
      }
      case "office":
        return officeReplies(this.o, m, effect.report, effect.format, effect.final);
    }
  }

  /** /status: where the report stands and who answered what. */
  private async status(report: StoredReport, s: EngineState, arg: string): Promise<Outgoing[]> {
    const answers = await this.o.repo.history(report.id);
    const names = new Map((await this.o.repo.members(report.id)).map((x) => [x.userId, x.name || x.userId]));
    return step(s, { kind: "status", arg, answers, names }).replies.map((x) => ({ text: x.text }));
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
      const refused = await this.commit(report, before, m, r, action);
      if (refused) return refused;
    }
    const out = this.outgoing(report, r, r.replies);
    if (extra) {
      const last = out[out.length - 1];
      if (last && !last.options) Object.assign(last, { options: extra, button: this.tag(report, r) });
    }
    // the last reply asks the next question (if any): addressed to the one who answered
    const last = out[out.length - 1];
    if (last && !last.document) last.ask = askOf(report, r.awaiting);
    return out;
  }

  /** Stores a step's state and answers; what to say instead when it could not be stored. */
  private async commit(
    report: StoredReport,
    before: EngineState,
    m: Incoming,
    r: StepResult,
    action: string,
  ): Promise<Outgoing[] | "retry" | null> {
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
    if (c.ok) return null;
    if (c.reason === "conflict") return "retry";
    if (c.reason === "duplicate") {
      // applied before (the update came again after a restart): say where we are
      const now = (await this.o.repo.get(report.id)) ?? report;
      return this.asked(now, waiting(stateOf(now)), [{ text: "已记录。" }]);
    }
    if (c.reason === "taken") {
      return this.asked(report, waiting(before), [
        {
          text: `${report.chatId === m.chatId && !m.group ? "你" : "本群"}已有“${titleOf({ ...report, ...identity })}”的报告，这条没有保存。要改填那一份，${await this.switchHow(m, report, identity)}`,
        },
      ]);
    }
    return [{ text: "这份报告已不存在。发送 /new 单位 年度 重新开始。" }];
  }

  /** How to switch to report N of the report's chat: there, or (a group's report filled in privately) in the group. */
  private async switchHow(m: Incoming, report: StoredReport, key: Parameters<typeof numberOf>[2]) {
    const n = await numberOf(this.o.repo, report.chatId, key);
    return report.chatId === m.chatId ? `请发送 /use ${n}` : `请在群里 @我 发送“切换 ${n}”`;
  }

  private tag(report: StoredReport, r: StepResult) {
    return { report: shortId(report), question: r.tag };
  }

  /** A step's replies as messages: choices with their buttons, files as documents. */
  private outgoing(report: StoredReport, r: StepResult, replies: Reply[]): Outgoing[] {
    return replies.map((x) => {
      const options = optionsOf(x);
      return {
        text: x.text,
        ...(options && { options, button: this.tag(report, r) }),
        ...(x.file && { document: { name: x.file.name, mime: x.file.mime, content: x.file.content } }),
      };
    });
  }

  /** Messages, then the question the report is waiting for (asked of the sender). */
  private asked(report: StoredReport, now: StepResult, before: Outgoing[]): Outgoing[] {
    const question = this.outgoing(report, now, now.replies.slice(-1));
    return [...before, ...question.map((q) => ({ ...q, ask: askOf(report, now.awaiting) }))];
  }

  private async newReport(m: Incoming, arg: string): Promise<Outgoing[]> {
    const p = parseNewArgs(arg);
    if (p.bad) return [{ text: p.bad }];
    if ((p.unit === undefined) !== (p.year === undefined) || (m.group && p.unit === undefined)) {
      return [{ text: `请写单位名称和年度，例如：${NEW_EXAMPLE}` }];
    }
    // the group's report is the one its members work on: only they (or a group admin) may start another
    const refused = await this.mayStart(m);
    if (refused) return [{ text: refused }];
    const unit = p.unit ?? UNNAMED;
    const year = p.year ?? 0;
    const subject = p.subject ?? "";
    const start = p.unit ? newReportState(unit, year, subject) : initialState();
    const { created, report } = await this.o.repo.create({
      chatId: m.chatId,
      unit,
      year,
      subject,
      ownerId: m.from.id,
      ownerName: m.from.name,
      state: start,
    });
    const s = stateOf(report);
    if (m.mentionsOnly && !m.group) await this.o.repo.choose(m.from.id, m.chatId);
    if (created) await this.o.repo.setCurrent(m.chatId, report.id);
    if (created && m.mentionsOnly && m.group) {
      return [{ text: `已新建“${titleOf(report)}”，负责人：${m.from.name || m.from.id}。\n${HOW_PRIVATE}` }];
    }
    if (created) {
      return this.asked(report, waiting(s), [
        {
          text: `已新建“${unit === UNNAMED ? "新报告" : titleOf(report)}”，负责人：${m.from.name || m.from.id}。`,
        },
      ]);
    }
    // the report exists: it becomes the chat's current one (for its members)
    const { actor } = await this.actor(report, m, "answer");
    if (!can(actor, "answer")) return [{ text: `本群已有这份报告。${refusal(actor, "answer")}` }];
    await this.o.repo.setCurrent(m.chatId, report.id);
    if (m.mentionsOnly && m.group) return [{ text: `继续填写“${titleOf(report)}”。\n${HOW_PRIVATE}` }];
    return this.asked(report, waiting(s), [{ text: `继续填写“${titleOf(report)}”。` }]);
  }

  /** "/members add 李四" where mentions are not structured: somebody seen in this group by name or id. */
  private async named(m: Incoming): Promise<Person | undefined> {
    const name = /^\/members\s+(?:add|remove|添加|删除|移除)\s*@?(.+)$/i
      .exec(m.text?.trim() ?? "")?.[1]
      ?.trim();
    if (!name || !m.mentionsOnly) return undefined;
    const seen = await this.o.repo.groupContacts(m.chatId);
    const c = seen.find((x) => x.name === name) ?? seen.find((x) => x.userId.endsWith(`:${name}`));
    return c && { id: c.userId, name: c.name };
  }

  private async members(report: StoredReport, m: Incoming, action: Action): Promise<Outgoing[]> {
    const list = async () => {
      const ms = await this.o.repo.members(report.id);
      ms.sort((a, b) => (a.role === b.role ? 0 : a.role === "owner" ? -1 : 1));
      return ms.map((x) => `${x.role === "owner" ? "负责人" : "填报人"}：${x.name || x.userId}`).join("\n");
    };
    if (action === "members")
      return [{ text: `${report.unit}${report.year || ""}年度报告\n${await list()}` }];
    const t = m.target ?? (await this.named(m));
    if (!t) {
      return [
        {
          text: m.mentionsOnly
            ? "请 @ 要添加或移除的人（他需在本群 @过我），例如：@自评助手 填报人 添加 @李四"
            : "请回复要添加或移除的人的某条消息，再发送 /members add 或 /members remove。",
        },
      ];
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
}
