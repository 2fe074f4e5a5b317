import type { ReportRepository, StoredReport } from "../../storage/repository.js";
import { type EngineState, step } from "../conversation/index.js";
import {
  asReportFile,
  exampleOf,
  listText,
  notASource,
  numbered,
  SEED_HOW,
  seededState,
  seedTarget,
  titleOf,
} from "../reportList.js";
import { readReport, render } from "./render.js";

/**
 * The terminal's several reports (one terminal chat, as many reports as the clerk starts): `/reports`
 * lists them, `/use N` works on another, `/seed N` or `/seed 文件` starts the next year's report from one
 * and works on it — the report it started from is never changed.
 */
export interface ReportsContext {
  repo: ReportRepository;
  chatId: string;
  userId: string;
}

/** What the terminal's session offers these commands: its report and how to work on another. */
export interface TerminalSession {
  readonly report: StoredReport;
  readonly state: EngineState;
  switchTo(report: StoredReport): void;
}

const SEED_EXAMPLE = `${SEED_HOW}；或以上年的报告文件为起点：/seed 文件名，例如 /seed 衡阳县2020年报告.json`;

export async function reportsCommand(
  session: TerminalSession,
  name: string,
  arg: string,
  c: ReportsContext,
): Promise<string> {
  const reports = await numbered(c.repo, c.chatId);
  const list = () => listText("你", reports, session.report.id);
  if (name === "reports" || (name === "use" && arg === "")) return list();
  if (name === "seed" && arg === "") return `${SEED_EXAMPLE}\n${list()}`;
  if (name === "seed" && !/^\d{1,3}$/.test(arg)) return seedFromFile(session, arg, c);
  const picked = reports[Number(arg) - 1];
  const example = exampleOf(name === "use" ? "use" : "seed", reports.length);
  if (!/^\d{1,3}$/.test(arg) || !picked)
    return `${/^\d+$/.test(arg) ? `没有第 ${arg} 份报告。` : `“${arg}”不是编号。`}请写列表中的编号，${example}。\n${list()}`;
  if (name === "use") {
    await c.repo.setCurrent(c.chatId, picked.id);
    session.switchTo(picked);
    const kind = picked.status === "final" ? "定稿" : "草稿";
    const where = render(step(session.state, "/status").replies);
    return `已切换到“${titleOf(picked)}”（${kind}）。\n${where}\n${render(step(session.state, { kind: "repeat" }).replies)}`;
  }
  const last = asReportFile(picked);
  if (!last) return notASource(picked);
  return seed(session, last, `“${titleOf(picked)}”`, c);
}

async function seedFromFile(session: TerminalSession, path: string, c: ReportsContext): Promise<string> {
  const read = readReport(path);
  if ("issues" in read)
    return `不能导入：\n${read.issues.map((i) => `  ${i.path}：${i.message}`).join("\n")}`;
  return seed(session, read.report, path, c);
}

/** A new report of the terminal seeded from last year's; refused when that report exists already. */
async function seed(
  session: TerminalSession,
  last: Parameters<typeof seedTarget>[0],
  from: string,
  c: ReportsContext,
): Promise<string> {
  const target = seedTarget(last);
  const taken = async () => {
    const reports = await numbered(c.repo, c.chatId);
    const k = reports.findIndex(
      (r) => r.unit === target.unit && r.year === target.year && r.subject === target.subject,
    );
    return k < 0
      ? null
      : `已有“${titleOf(target)}”的报告，没有新建，也没有改动任何报告。要接着填那一份，请发送 /use ${k + 1}`;
  };
  const exists = await taken();
  if (exists) return exists;
  // a path stands apart with spaces; a quoted title needs none
  const named = from.startsWith("“") ? from : ` ${from} `;
  const r = seededState(last, `已以${named}为起点（${target.year}年度）。`);
  const { created, report } = await c.repo.create({
    ...target,
    chatId: c.chatId,
    ownerId: c.userId,
    state: r.state,
  });
  if (!created) return (await taken()) ?? "";
  await c.repo.setCurrent(c.chatId, report.id);
  session.switchTo(report);
  return `已新建“${titleOf(report)}”，原来的报告没有改动（/reports 查看全部）。\n${render(r.replies)}`;
}
