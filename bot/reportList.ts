import { type Report, ReportSchema } from "../core/report.js";
import type { ReportRepository, StoredReport } from "../storage/repository.js";
import { type EngineState, initialState, isState, step } from "./conversation/index.js";

/**
 * Several reports in one chat (a unit's 部门整体 report and its 项目支出 tables, this year and last), for
 * the chats and the terminal alike: which one the chat works on, the list `/reports` shows (numbered in
 * the order they were started, so a number stays the same while the chat works), and what `/seed` starts.
 */

/** The report a chat works on: the one it chose (`/use`, `/new`, `/seed`), else its most recently changed. */
export async function chatReport(repo: ReportRepository, chatId: string): Promise<StoredReport | null> {
  const reports = await repo.findByChat(chatId);
  // one report (the usual case): it is the current one, whatever was chosen; no second read
  if (reports.length <= 1) return reports[0] ?? null;
  const chosen = await repo.currentOf(chatId);
  if (chosen === null) return reports[0] as StoredReport;
  const listed = reports.find((r) => r.id === chosen);
  if (listed) return listed;
  // chosen, and not in a list read a moment before it was made: read it, if it is still this chat's
  const direct = await repo.get(chosen);
  return direct?.chatId === chatId ? direct : (reports[0] as StoredReport);
}

/** A chat's reports in the order they were started: the numbers of `/reports`, `/use` and `/seed`. */
export async function numbered(repo: ReportRepository, chatId: string): Promise<StoredReport[]> {
  const reports = await repo.findByChat(chatId);
  return reports.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** The number of the chat's report with this unit, year and subject (0: none). */
export async function numberOf(
  repo: ReportRepository,
  chatId: string,
  key: { unit: string; year: number; subject?: string } | undefined,
): Promise<number> {
  const reports = await numbered(repo, chatId);
  const same = (r: StoredReport) =>
    r.unit === key?.unit && r.year === key?.year && r.subject === (key?.subject ?? "");
  return reports.findIndex(same) + 1;
}

/** "衡阳县库区移民事务中心2020年度", with the project of a 项目支出 table: "…2020年度 农村饮水安全巩固提升工程". */
export function titleOf(r: { unit: string; year: number; subject: string }): string {
  const base = r.year > 0 ? `${r.unit}${r.year}年度` : r.unit;
  return r.subject ? `${base} ${r.subject}` : base;
}

/** One line of the list: title, 部门整体 or the project, draft or final, how many questions answered. */
export function listLine(r: StoredReport, n: number, current: boolean): string {
  const s: EngineState = isState(r.state) ? r.state : initialState();
  // a report whose unit is not answered yet is not yet anything's
  const what = r.year === 0 ? "" : r.subject ? " 项目支出" : " 部门整体";
  const where = `${r.status === "final" ? "定稿" : "草稿"}，已答 ${s.answered.length} 题`;
  return `${n}. ${titleOf(r)}${what}（${where}）${current ? " ← 当前" : ""}`;
}

export const USE_HOW = "切换请发送 /use 编号，例如 /use 2";
export const SEED_HOW = "以某一份为起点新建下一年度（原报告不变）：/seed 编号，例如 /seed 1";

/** The list as `/reports` shows it. */
export function listText(whose: string, reports: StoredReport[], currentId: string | null): string {
  if (reports.length === 0) return `${whose}还没有报告。`;
  return [
    `${whose}的报告（共 ${reports.length} 份）：`,
    ...reports.map((r, i) => listLine(r, i + 1, r.id === currentId)),
    reports.length > 1 ? USE_HOW : "",
    SEED_HOW,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * The report as a report file holds it (what `/export` writes: the report as it stands, valid by the
 * report schema; an unfinished one may still lack figures its prose refers to); null while its unit
 * (name, year, money unit) is not answered.
 */
export function asReportFile(r: StoredReport): Report | null {
  const s: EngineState = isState(r.state) ? r.state : initialState();
  const content = step(s, "/export").replies[0]?.file?.content;
  if (content === undefined) return null;
  const parsed = ReportSchema.safeParse(JSON.parse(content));
  return parsed.success ? parsed.data : null;
}

/** Why a report cannot be a starting point (its unit not answered, or not yet a report file /export writes). */
export function notASource(r: StoredReport): string {
  const s: EngineState = isState(r.state) ? r.state : initialState();
  const unit = (s.draft as { unit?: { name?: unknown; year?: unknown; moneyUnit?: unknown } }).unit;
  const missing = [
    unit?.name === undefined || unit.name === "（未命名）" ? "单位名称" : "",
    !unit?.year ? "年度" : "",
    unit?.moneyUnit === undefined ? "金额单位" : "",
  ].filter(Boolean);
  return missing.length > 0
    ? `“${titleOf(r)}”还没有填写${missing.join("、")}，不能作为起点；请先接着填它，或选另一份。`
    : `“${titleOf(r)}”还没有填到能导出报告文件（/export）的程度，暂时不能作为起点；请先接着填它，或选另一份。`;
}

/** "例如 /use 2": an example with a number the list has (the second, or the only one). */
export function exampleOf(command: "use" | "seed", count: number): string {
  return `例如 /${command} ${Math.max(1, Math.min(2, count))}`;
}

/** What `/seed` starts from a report: the next year's report of the same unit and subject. */
export function seedTarget(last: Report): { unit: string; year: number; subject: string } {
  return { unit: last.unit.name.trim(), year: last.unit.year + 1, subject: last.project?.name?.trim() ?? "" };
}

/** The conversation of a report seeded from last year's (structure kept, this year's figures asked). */
export function seededState(last: Report, note: string) {
  return step(initialState(), { kind: "seed", report: last, note });
}

/** The unit, year and project (a 项目支出 table's name) answered, when they differ from the stored report's. */
export function identityOf(s: EngineState, report: StoredReport) {
  const draft = s.draft as { unit?: { name?: unknown; year?: unknown }; project?: { name?: unknown } };
  const unit = draft.unit?.name;
  const year = draft.unit?.year;
  if (typeof unit !== "string" || typeof year !== "number") return undefined;
  const p = draft.project?.name;
  const subject = typeof p === "string" && p.trim() !== "" ? p.trim() : report.subject;
  if (unit === report.unit && year === report.year && subject === report.subject) return undefined;
  return { unit, year, subject };
}

/**
 * Why a report file may not fill the report being filled in: it is another year's (its figures would
 * replace this year's answers); `seedable` when it could start a report of a year the chat is not
 * filling in. Null when it may: the same year (a unit written another way is still this report's).
 */
export function otherYear(s: EngineState, file: Report): { text: string; seedable: boolean } | null {
  const unit = (s.draft as { unit?: { name?: unknown; year?: unknown } }).unit;
  const year = typeof unit?.year === "number" && unit.year > 0 ? unit.year : null;
  if (year === null || year === file.unit.year) return null;
  const name = typeof unit?.name === "string" && unit.name !== "（未命名）" ? unit.name : "";
  return {
    text: `没有导入：这个文件是“${file.unit.name}${file.unit.year}年度”的报告，而现在填写的是“${name}${year}年度”。导入只用于同一年度的报告`,
    seedable: file.unit.year + 1 !== year,
  };
}
