import type { Report } from "../../core/report.js";
import type { StoredReport } from "../../storage/repository.js";
import { initialState, isState, step } from "../conversation/index.js";
import {
  asReportFile,
  chatReport,
  exampleOf,
  listText,
  notASource,
  numbered,
  SEED_HOW,
  seededState,
  seedTarget,
  titleOf,
} from "../reportList.js";
import { NEW_EXAMPLE } from "./commands.js";
import { reportFileOf } from "./documents.js";
import type { Incoming, Outgoing } from "./messages.js";
import type { ChatServiceOptions } from "./options.js";

/**
 * A chat's several reports (a unit's 部门整体 report and its 项目支出 tables, this year and last):
 * `/reports` lists them, `/use N` switches the chat's current one (in a group: the group's), `/seed N`
 * starts the next year's report from one of them and never changes it. Only the chat's own reports are
 * listed or reached: the list is read by the chat the message came from.
 */

export interface ReportsHost {
  o: ChatServiceOptions;
  /** null when the sender may start or switch the chat's report; else why not */
  mayStart(m: Incoming): Promise<string | null>;
  /** messages, then the question the report waits for (with its buttons) */
  asked(report: StoredReport, before: Outgoing[], m: Incoming): Outgoing[];
}

/** How to seed: a file with a caption only where files carry one (not 钉钉 and 企业微信). */
const seedExample = (m: Incoming) =>
  m.mentionsOnly ? `${SEED_HOW}。` : `${SEED_HOW}。也可以发送上年的报告文件（.json），说明写 /seed。`;

const whose = (m: Incoming) => (m.group ? "本群" : "你");

/** `/reports`: the chat's reports, numbered, the current one marked. */
export async function listReports(h: ReportsHost, m: Incoming): Promise<Outgoing[]> {
  const reports = await numbered(h.o.repo, m.chatId);
  const current = await chatReport(h.o.repo, m.chatId);
  return [{ text: listText(whose(m), reports, current?.id ?? null) }];
}

/** The report numbered `arg` in the list, or what to answer instead (the list again, with an example). */
async function pick(h: ReportsHost, m: Incoming, arg: string, command: "use" | "seed") {
  const reports = await numbered(h.o.repo, m.chatId);
  if (reports.length === 0) return [{ text: `${whose(m)}还没有报告。开始：${NEW_EXAMPLE}` }];
  const example = exampleOf(command, reports.length);
  const n = /^\d{1,3}$/.test(arg) ? Number(arg) : 0;
  const report = reports[n - 1];
  if (report) return { report, reports };
  const current = await chatReport(h.o.repo, m.chatId);
  const bad = arg === "" ? "" : /^\d+$/.test(arg) ? `没有第 ${arg} 份报告。` : `“${arg}”不是编号。`;
  return [
    { text: `${bad}请写列表中的编号，${example}。\n${listText(whose(m), reports, current?.id ?? null)}` },
  ];
}

/** `/use N`: the chat works on report N from now; where it stands and its next question. */
export async function useReport(h: ReportsHost, m: Incoming, arg: string): Promise<Outgoing[]> {
  if (arg === "") return listReports(h, m);
  const picked = await pick(h, m, arg, "use");
  if (Array.isArray(picked)) return picked;
  const refused = await h.mayStart(m);
  if (refused) return [{ text: refused }];
  const { report } = picked;
  await h.o.repo.setCurrent(m.chatId, report.id);
  const s = isState(report.state) ? report.state : initialState();
  const kind = report.status === "final" ? "定稿" : "草稿";
  return h.asked(
    report,
    [
      { text: `已切换到“${titleOf(report)}”（${kind}）。` },
      ...step(s, "/status").replies.map((x) => ({ text: x.text })),
    ],
    m,
  );
}

/** `/seed N`: the next year's report of report N's unit and subject, seeded from it; N is not changed. */
export async function seedReport(h: ReportsHost, m: Incoming, arg: string): Promise<Outgoing[]> {
  if (arg === "") {
    const reports = await numbered(h.o.repo, m.chatId);
    const current = await chatReport(h.o.repo, m.chatId);
    return [{ text: `${seedExample(m)}\n${listText(whose(m), reports, current?.id ?? null)}` }];
  }
  const picked = await pick(h, m, arg, "seed");
  if (Array.isArray(picked)) return picked;
  const refused = await h.mayStart(m);
  if (refused) return [{ text: refused }];
  const last = asReportFile(picked.report);
  if (!last) return [{ text: notASource(picked.report) }];
  return seedFrom(h, m, last, `“${titleOf(picked.report)}”`, true);
}

/** A new report in the chat seeded from last year's `last`; refused when the chat has that report already. */
export async function seedFrom(
  h: ReportsHost,
  m: Incoming,
  last: Report,
  from: string,
  allowed = false,
): Promise<Outgoing[]> {
  const refused = allowed ? null : await h.mayStart(m);
  if (refused) return [{ text: refused }];
  const target = seedTarget(last);
  if (target.year > 2100) return [{ text: `${target.year}年度超出了可填报的年度（至 2100 年）。` }];
  const taken = async () => {
    const reports = await numbered(h.o.repo, m.chatId);
    const k = reports.findIndex(
      (r) => r.unit === target.unit && r.year === target.year && r.subject === target.subject,
    );
    if (k < 0) return null;
    return [
      {
        text: `${whose(m)}已有“${titleOf(target)}”的报告，没有新建，也没有改动任何报告。要接着填那一份，请发送 /use ${k + 1}`,
      },
    ];
  };
  const exists = await taken();
  if (exists) return exists;
  const r = seededState(
    last,
    `已以${from}为起点（${target.year}年度）：沿用单位、表样、项目和指标，今年的数字逐项再问。`,
  );
  const { created, report } = await h.o.repo.create({
    ...target,
    chatId: m.chatId,
    ownerId: m.from.id,
    ownerName: m.from.name,
    state: r.state,
  });
  if (!created) return (await taken()) ?? [];
  await h.o.repo.setCurrent(m.chatId, report.id);
  return h.asked(
    report,
    [
      { text: `已新建“${titleOf(report)}”，负责人：${m.from.name || m.from.id}。原来的报告没有改动。` },
      ...r.replies.slice(0, -1).map((x) => ({ text: x.text })),
    ],
    m,
  );
}

/** A report file sent with `/seed`: who may start a report is asked before the file is read. */
export async function seedFromFile(h: ReportsHost, m: Incoming): Promise<Outgoing[]> {
  const doc = m.document as NonNullable<Incoming["document"]>;
  const refused = await h.mayStart(m);
  if (refused) return [{ text: refused }];
  if (doc.name !== "" && !/\.json$/i.test(doc.name))
    return [
      {
        text: `以文件为起点只认报告文件（.json，例如 /export 导出的 hengyang-2020.json），收到的是“${doc.name}”。上年的 Word 报告请不带说明直接发送：按上年的报告导入。`,
      },
    ];
  const last = await reportFileOf(h.o, m);
  return Array.isArray(last) ? last : seedFrom(h, m, last, `“${doc.name || "报告文件"}”`, true);
}
