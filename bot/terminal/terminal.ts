import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Report } from "../../core/report.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository, StoredReport } from "../../storage/repository.js";
import {
  type AnswerChange,
  type EngineState,
  type Input,
  initialState,
  isState,
  type StepResult,
  step,
} from "../conversation/index.js";
import { isOfficeFile, readOfficeForChat, renderOfficeForChat } from "../office.js";
import { pdfName } from "../pdf.js";
import { chatReport, identityOf, otherYear, titleOf } from "../reportList.js";
import { readReport, render } from "./render.js";
import { type ReportsContext, reportsCommand } from "./reports.js";

/**
 * The terminal chat: the same conversation as the bot, one line a message, stored in the repository.
 * Every accepted answer is committed before the reply is printed; starting again continues where the
 * user left off. Works with piped input (one line a message, ends at end of input).
 */
export interface TerminalOptions {
  input: Readable;
  output: Writable;
  repo: ReportRepository;
  /** the local conversation's identity (one per data file) */
  chatId?: string;
  userId?: string;
  interactive?: boolean;
  /** the LLM for /draft and plain-words what-if; null: the offline drafter, and /whatif syntax */
  llm?: LlmConfig | null;
  /** where /pdf writes when no path is given: the data file's folder; default the current folder */
  pdfDir?: string;
}

/** One user's conversation in the terminal, with its stored report. */
class Session {
  state: EngineState;
  private version: number;
  /** why the last commit was not stored */
  notSaved = "";

  constructor(
    private readonly repo: ReportRepository,
    public report: StoredReport,
    private readonly userId: string,
  ) {
    this.state = isState(report.state) ? report.state : initialState();
    this.version = report.version;
  }

  /** The terminal works on another of its reports from now (`/use`, `/seed`). */
  switchTo(report: StoredReport): void {
    this.report = report;
    this.state = isState(report.state) ? report.state : initialState();
    this.version = report.version;
  }

  /** Stores a new state with its answers; false (and the stored one reloaded) when someone else changed it. */
  async commit(next: EngineState, changes: AnswerChange[], action: string): Promise<boolean> {
    if (next === this.state) return true;
    // the unit and year answered name the report (its title in /reports)
    const identity = identityOf(next, this.report);
    const r = await this.repo.commit({
      reportId: this.report.id,
      expectedVersion: this.version,
      state: next,
      by: this.userId,
      answers: changes,
      audit: { action },
      ...(identity && { identity }),
    });
    if (!r.ok && r.reason === "taken" && identity) {
      this.notSaved = `已有“${titleOf(identity)}”的报告，这条没有保存。要接着填那一份，请发送 /reports 查看编号，再发送 /use 编号。`;
      return false;
    }
    this.notSaved = CHANGED_ELSEWHERE;
    if (!r.ok) {
      // another terminal on the same file: reload and ask again
      this.report = (await this.repo.get(this.report.id)) ?? this.report;
      this.state = isState(this.report.state) ? this.report.state : this.state;
      this.version = this.report.version;
      return false;
    }
    this.version = r.version;
    this.state = next;
    if (identity) this.report = { ...this.report, ...identity, version: r.version };
    return true;
  }
}

export async function runTerminal(opts: TerminalOptions): Promise<void> {
  const { repo, output } = opts;
  const chatId = opts.chatId ?? "terminal";
  const userId = opts.userId ?? "local";
  const say = (text: string) => output.write(`${text}\n`);

  const existing = await chatReport(repo, chatId);
  const report =
    existing ??
    (await repo.create({ chatId, unit: "（未命名）", year: 0, ownerId: userId, state: initialState() }))
      .report;
  const session = new Session(repo, report, userId);
  const reports: ReportsContext = { repo, chatId, userId };
  say(
    existing
      ? "继续上次的填报（输入 /help 查看命令）。"
      : "Zipin 自评助手：我会逐项询问部门整体支出绩效自评所需的数字。",
  );
  say(render(step(session.state, existing ? "/status" : "/start").replies));
  if (existing) say(render(step(session.state, { kind: "repeat" }).replies));

  const rl = createInterface({ input: opts.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  if (opts.interactive) output.write("> ");
  for await (const line of rl) {
    const text = line.trim();
    if (text === "/quit" || text === "/exit") break;
    try {
      if (text !== "") say(await message(session, text, opts, reports));
    } catch (e) {
      // a bug must not end the conversation: the message is refused, the stored answers are untouched
      process.stderr.write(`内部错误：${(e as Error).stack ?? String(e)}\n`);
      say("抱歉，处理这条消息时出错了，已记录。已保存的内容不受影响，请换一种写法或稍后再试。");
    }
    if (opts.interactive) output.write("> ");
  }
  rl.close();
}

const CHANGED_ELSEWHERE = "数据刚被另一处修改，已重新载入，请再发一次。";

/** One line typed: a file command of the terminal, or a message of the conversation. */
async function message(
  session: Session,
  text: string,
  opts: TerminalOptions,
  reports: ReportsContext,
): Promise<string> {
  const several = /^\/(reports|use|seed)(?:\s+(.+))?$/.exec(text);
  if (several) return reportsCommand(session, several[1] as string, several[2]?.trim() ?? "", reports);
  const file = /^\/(import|export)\s+(.+)$/.exec(text);
  if (file) return fileCommand(session, file[1] as string, file[2] as string, opts.llm ?? null);
  const r = step(session.state, text);
  if (r.effect) return carryOut(session, r, opts);
  if (!(await session.commit(r.state, r.changes, r.changes.length > 0 ? "answer" : "navigate")))
    return session.notSaved;
  const lines = [render(r.replies)];
  for (const f of r.replies.flatMap((x) => (x.file ? [x.file] : []))) {
    writeFileSync(f.name, f.content); // a file reply lands in the current folder
    lines.push(`已保存：${f.name}`);
  }
  return lines.join("\n");
}

/** /export PATH writes the report file there; /import PATH and /seed PATH read one. */
async function fileCommand(
  session: Session,
  verb: string,
  path: string,
  llm: LlmConfig | null,
): Promise<string> {
  if (verb === "import" && isOfficeFile(path)) return officeImport(session, path, llm);
  if (verb === "export") {
    const replies = step(session.state, "/export").replies;
    const file = replies[0]?.file;
    if (!file) return render(replies);
    writeFileSync(path, file.content);
    return `已导出到 ${path}`;
  }
  const read = readReport(path);
  if ("issues" in read) return notRead(read.issues);
  const other = otherYear(session.state, read.report);
  if (other)
    return other.seedable
      ? `${other.text}；要以它为起点新建${read.report.unit.year + 1}年度的报告：/seed ${path}（原报告不变）。`
      : `${other.text}。`;
  const input: Input = {
    kind: "import",
    draft: read.report as unknown as Record<string, unknown>,
    asWritten: true,
    note: `已导入 ${path}。`,
  };
  const r = step(session.state, input);
  return (await session.commit(r.state, [], `${verb} ${path}`)) ? render(r.replies) : session.notSaved;
}

const notRead = (issues: { path: string; message: string }[]) =>
  `不能导入：\n${issues.map((i) => `  ${i.path}：${i.message}`).join("\n")}`;

/** What a step asked to be done: the draft of 五 and 六, a what-if in plain words, the PDF. */
async function carryOut(session: Session, r: StepResult, opts: TerminalOptions): Promise<string> {
  const effect = r.effect as NonNullable<StepResult["effect"]>;
  const { draftFor, whatIfReplies } = await import("../effects.js"); // the LLM's client, when first needed
  switch (effect.kind) {
    case "draft": {
      const drafted = step(session.state, await draftFor(effect.report, opts.llm ?? null));
      const saved = await session.commit(drafted.state, drafted.changes, "draft");
      return `正在起草第五、六部分……\n${saved ? render(drafted.replies) : session.notSaved}`;
    }
    case "whatif":
      return render(await whatIfReplies(effect.text, effect.report, opts.llm ?? null));
    case "pdf": {
      // the end of the /pdf 定稿 dialogue: what it changed (scores adopted, a reason kept) is stored first
      if (r.changes.length > 0 || (session.state.pending ?? null) !== (r.state.pending ?? null))
        if (!(await session.commit(r.state, r.changes, "pdf final"))) return session.notSaved;
      const said = r.replies.length > 0 ? `${render(r.replies)}\n` : "";
      return `${said}${await pdfCommand(effect.report, effect.final, effect.path, opts.pdfDir ?? ".")}`;
    }
    case "office":
      return officeCommand(effect.report, effect.format, effect.final, effect.path, opts.pdfDir ?? ".");
  }
}

/** `/word [定稿] [路径]` and `/excel [路径]`: written beside where /pdf writes, named as the PDF is. */
async function officeCommand(
  report: Report,
  format: "docx" | "xlsx",
  final: boolean,
  path: string,
  dir: string,
): Promise<string> {
  const doc = await renderOfficeForChat(report, format, final);
  const target = path || join(dir, doc.name);
  try {
    writeFileSync(target, doc.content);
  } catch (e) {
    return `无法写入 ${target}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const what = format === "docx" ? "Word 文档" : "Excel 附表";
  const draft = format === "docx" && !final ? "（带“草稿”水印；定稿时发送 /word 定稿）" : "";
  return `已生成${what}：${target}（${Math.round(doc.content.length / 1024)} KB）${draft}`;
}

/** `/import FILE.docx|FILE.xlsx`: read, then shown to confirm (nothing is filled before “全部” or numbers). */
async function officeImport(session: Session, path: string, llm: LlmConfig | null): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return `无法读取 ${path}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const read = await readOfficeForChat(basename(path), bytes, llm);
  if (!read.ok) return read.message;
  const r = step(session.state, { kind: "office", file: basename(path), found: read.file });
  return (await session.commit(r.state, [], `import ${path}`)) ? render(r.replies) : session.notSaved;
}

/**
 * `/pdf [定稿] [路径]`: the report as a PDF, written to the path or, without one, to
 * `单位-年度-自评报告(-草稿).pdf` in `dir`. A draft carries the "草稿" watermark; characters the fonts
 * cannot draw are listed with their place (they are marked 〓 in the PDF).
 */
async function pdfCommand(report: Report, final: boolean, path: string, dir: string): Promise<string> {
  // the renderer and its fonts are loaded on first use
  const { renderReportPdf, missingGlyphs } = await import("../../pdf/index.js");
  const missing = missingGlyphs(report);
  const pdf = await renderReportPdf(report, { final });
  const target = path || join(dir, pdfName(report, final));
  try {
    writeFileSync(target, pdf);
  } catch (e) {
    return `无法写入 ${target}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  const lines = [
    `已生成 PDF：${target}（${Math.round(pdf.length / 1024)} KB${final ? "，定稿" : "，草稿"}）`,
  ];
  if (missing.length > 0) {
    lines.push(`字体缺少 ${missing.length} 处字符，PDF 中以〓标出：`);
    for (const m of missing) lines.push(`  “${m.char}”：${m.where}`);
  }
  if (!final) lines.push("（定稿时发送 /pdf 定稿，去掉“草稿”水印）");
  return lines.join("\n");
}
