import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseReportFile } from "../../core/reportFile.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import type { ReportRepository } from "../../storage/repository.js";
import { materialize } from "../conversation/draft.js";
import { seedFromLastYear } from "../conversation/seed.js";
import {
  type EngineState,
  initialState,
  isWhatIfQuestion,
  prefill,
  type Reply,
  step,
} from "../conversation/step.js";
import { draftStep, plainWhatIfStep } from "../drafting.js";

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

function render(replies: Reply[]): string {
  return replies
    .map((r) =>
      r.options
        ? `${r.text}\n${r.options.map((o, i) => (/^\d/.test(o) ? `  ${o}` : `  ${i + 1}. ${o}`)).join("\n")}`
        : r.text,
    )
    .join("\n");
}

function isState(v: unknown): v is EngineState {
  return v !== null && typeof v === "object" && (v as { v?: unknown }).v === 1;
}

export async function runTerminal(opts: TerminalOptions): Promise<void> {
  const { repo, output } = opts;
  const chatId = opts.chatId ?? "terminal";
  const userId = opts.userId ?? "local";
  const say = (text: string) => output.write(`${text}\n`);

  const existing = (await repo.findByChat(chatId))[0];
  let report =
    existing ??
    (await repo.create({ chatId, unit: "（未命名）", year: 0, ownerId: userId, state: initialState() }))
      .report;
  let state: EngineState = isState(report.state) ? report.state : initialState();
  let version = report.version;

  const commit = async (
    next: EngineState,
    changes: { field: string; value: string | null; previous: string | null }[],
    action: string,
  ) => {
    const r = await repo.commit({
      reportId: report.id,
      expectedVersion: version,
      state: next,
      by: userId,
      answers: changes,
      audit: { action },
    });
    if (!r.ok) {
      // someone else changed it (another terminal on the same file): reload and ask again
      report = (await repo.get(report.id)) ?? report;
      state = isState(report.state) ? report.state : state;
      version = report.version;
      return false;
    }
    version = r.version;
    state = next;
    return true;
  };

  say(
    existing
      ? "继续上次的填报（输入 /help 查看命令）。"
      : "Zipin 自评助手：我会逐项询问部门整体支出绩效自评所需的数字。",
  );
  say(render(step(state, existing ? "/status" : "/start").replies));
  if (existing) say(render(step(state, "/help").replies.slice(-1)));

  const rl = createInterface({ input: opts.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  if (opts.interactive) output.write("> ");
  /** One message; "quit" ends the chat. */
  const handle = async (line: string): Promise<"quit" | undefined> => {
    const text = line.trim();
    if (text === "") return;
    if (text === "/quit" || text === "/exit") return "quit";
    const file = /^\/(import|export|seed)\s+(.+)$/.exec(text);
    if (file) {
      const [, verb, path] = file as unknown as [string, string, string];
      if (verb === "export") {
        const file = step(state, "/export").replies[0]?.file;
        if (!file) say(render(step(state, "/export").replies));
        else {
          writeFileSync(path, file.content);
          say(`已导出到 ${path}`);
        }
      } else {
        let parsed: ReturnType<typeof parseReportFile>;
        try {
          parsed = parseReportFile(readFileSync(path, "utf8"));
        } catch (e) {
          parsed = {
            ok: false,
            issues: [
              {
                path: "(文件)",
                message: `无法读取：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
              },
            ],
          };
        }
        if (!parsed.ok)
          say(`不能导入：\n${parsed.issues.map((i) => `  ${i.path}：${i.message}`).join("\n")}`);
        else if (verb === "seed") {
          // last year's report as the starting point: structure kept, this year's figures asked
          const next = prefill(initialState(), seedFromLastYear(parsed.report), { asWritten: false });
          if (await commit(next, [], `seed ${path}`)) {
            say(
              `已以 ${path} 为起点（${parsed.report.unit.year + 1}年度）。\n${render(step(state, "/status").replies)}`,
            );
            say(render(step(state, "/help").replies.slice(-1)));
          }
        } else {
          const next = prefill(state, parsed.report as unknown as Record<string, unknown>);
          if (await commit(next, [], `import ${path}`))
            say(`已导入 ${path}。${render(step(state, "/status").replies)}`);
        }
      }
    } else if (text === "/draft") {
      say("正在起草第五、六部分……");
      const r = await draftStep(state, opts.llm ?? null);
      if (r.state === state || (await commit(r.state, r.changes, "draft"))) say(render(r.replies));
    } else if (isWhatIfQuestion(state, text)) {
      say(render((await plainWhatIfStep(state, text, opts.llm ?? null)).replies));
    } else if (text === "/pdf" || text.startsWith("/pdf ")) {
      say(await pdfCommand(state, text.slice(4).trim(), opts.pdfDir ?? "."));
    } else {
      const r = step(state, text);
      const changed = r.state !== state;
      if (changed && !(await commit(r.state, r.changes, r.changes.length > 0 ? "answer" : "navigate"))) {
        say("数据刚被另一处修改，已重新载入，请再发一次。");
      } else {
        say(render(r.replies));
        for (const f of r.replies.flatMap((x) => (x.file ? [x.file] : []))) {
          writeFileSync(f.name, f.content); // a file reply lands in the current folder
          say(`已保存：${f.name}`);
        }
      }
    }
    return undefined;
  };

  for await (const line of rl) {
    try {
      if ((await handle(line)) === "quit") break;
    } catch (e) {
      // a bug must not end the conversation: the message is refused, the stored answers are untouched
      process.stderr.write(`内部错误：${(e as Error).stack ?? String(e)}\n`);
      say("抱歉，处理这条消息时出错了，已记录。已保存的内容不受影响，请换一种写法或稍后再试。");
    }
    if (opts.interactive) output.write("> ");
  }
  rl.close();
}

/**
 * `/pdf [定稿] [路径]`: the report as a PDF, written to the path or, without one, to
 * `单位-年度-自评报告(-草稿).pdf` in `dir`. A draft carries the "草稿" watermark; characters the fonts
 * cannot draw are listed with their place (they are marked 〓 in the PDF).
 */
async function pdfCommand(state: EngineState, args: string, dir: string): Promise<string> {
  const words = args.split(/\s+/).filter(Boolean);
  const final = words.some((w) => w === "定稿" || w === "--final");
  const path = words.filter((w) => w !== "定稿" && w !== "--final").join(" ");
  const report = materialize(state.draft);
  if (!report) return "报告还不完整，暂不能生成 PDF；用 /status 查看还缺哪些内容。";
  // the renderer and its fonts are loaded on first use
  const { renderReportPdf, missingGlyphs } = await import("../../pdf/index.js");
  const missing = missingGlyphs(report);
  const pdf = await renderReportPdf(report, { final });
  const target =
    path || join(dir, `${report.unit.name}-${report.unit.year}-自评报告${final ? "" : "-草稿"}.pdf`);
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
