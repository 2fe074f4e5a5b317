import { runChecks } from "../../core/checks/index.js";
import { buildDeviations } from "../../core/deviations.js";
import { deviationsText, findingsText, scoreText, whatIfText } from "../../core/explain.js";
import { reportFileName } from "../../core/naming.js";
import { referenceIndex } from "../../core/places.js";
import type { Report } from "../../core/report.js";
import { computeScore } from "../../core/scoring.js";
import { parseWhatIfPairs, whatIf } from "../../core/whatif.js";
import { next } from "./asking.js";
import { currentQuestion } from "./cursor.js";
import { materialize } from "./draft.js";
import { startFinal } from "./finalSteps.js";
import { back, edit, goto, skip } from "./navigation.js";
import { resolveImport } from "./officeImport.js";
import { reviewCommand } from "./reviewSteps.js";
import type { EngineState, Outcome, Reply } from "./state.js";
import { status } from "./status.js";

/** The commands of the conversation, each by its name: moving the cursor, the core's views, what-if. */

/** A plain-words what-if ("如果直补人数达到23330人，总分多少？") rather than an answer to the question asked. */
export function isWhatIfQuestion(s: EngineState, text: string): boolean {
  const q = currentQuestion(s);
  const asksForText = q !== null && q.answer.kind === "text";
  return !asksForText && /^(如果|假如|假设|要是)/.test(text.trim()) && /[?？]|多少|能不能|会不会/.test(text);
}

export const HELP = [
  "直接回答问题即可；不明白某个问题就回“？”或“这个填什么”。一条消息可以写多个数（例如：基本工资51.91 津贴补贴20.63），表格可从 Excel 直接粘贴，核对后点“确认”才记录。",
  "/status 查看进度　/back 回到上一题　/skip 跳过本题（留空）",
  "/goto 二 跳到某部分　/edit 名称（例如 /edit 电费）修改已填的项目　/figures 正文数字的编号",
  "/check 审核　/score 得分　/deviations 偏差　/whatif 名称=数值 试算（也可以直接问：如果……，总分多少？）",
  "/draft 起草第五、六部分（/accept 接受，/replace 替换）",
  "/pdf 报告草稿 PDF　/pdf 定稿 正式版　/word 可编辑的 Word 文档　/excel 附件1-1、1-2 的 Excel 表　/export 导出报告文件（备份，可再导入）",
  "发送上年报告 .docx 或决算表 .xlsx 可导入",
  "/reports 列出全部报告　/use 2 换一份填　/seed 1 以第 1 份为起点新建下一年度（原报告不变）",
].join("\n");

export const NO_UNIT = "请先填写单位名称、年度和金额单位。";

type Command = (s: EngineState, arg: string) => Outcome;
const same = (s: EngineState, replies: Reply[]): Outcome => ({ state: s, replies, changes: [] });
/** A command that reads the report as it stands (nothing changes). */
const view =
  (show: (r: Report, arg: string) => Reply[], none = NO_UNIT): Command =>
  (s, arg) => {
    const r = materialize(s.draft);
    return same(s, r ? show(r, arg) : [{ text: none }]);
  };

const COMMANDS: Record<string, Command> = {
  help: (s) => same(s, next(s, [{ text: HELP }])),
  start: (s) => same(s, next(s, [{ text: HELP }])),
  status: (s, arg) => same(s, [status(s, arg)]),
  back: (s) => back(s),
  skip: (s) => skip(s),
  goto: goto,
  edit: edit,
  accept: (s, arg) => reviewCommand(s, "accept", arg),
  replace: (s, arg) => reviewCommand(s, "replace", arg),
  export: view((r) => [
    {
      text: "报告文件（可用 zipin check / score 审核，也可再导入）",
      file: {
        name: reportFileName(r, "json"),
        mime: "application/json",
        content: `${JSON.stringify(r, null, 2)}\n`,
      },
    },
  ]),
  figures: (s) => {
    const r = materialize(s.draft);
    const lines = r
      ? [...referenceIndex(r).entries()]
          .filter(([id]) => !/\.(target|actual)$/.test(id))
          .map(
            ([id, p]) =>
              `${id}  ${p.label}${p.quantity && "value" in p.quantity ? `：${p.quantity.value}` : ""}`,
          )
      : [];
    return same(s, [{ text: lines.length > 0 ? lines.join("\n") : "还没有可引用的数字。" }]);
  },
  check: view((r) => [{ text: findingsText(runChecks(r), "chat") }]),
  score: view((r) => [{ text: scoreText(r, computeScore(r)) }]),
  deviations: view((r) => [{ text: deviationsText(buildDeviations(r), "chat") }]),
  whatif: view((r, arg) => {
    const pairs = parseWhatIfPairs(arg);
    if (!pairs.ok) return [{ text: pairs.error.message }];
    const w = whatIf(r, pairs.changes);
    return [{ text: w.ok ? whatIfText(w.value) : w.error.message }];
  }),
  draft: (s) => {
    const report = materialize(s.draft);
    return report ? { ...same(s, []), effect: { kind: "draft", report } } : same(s, [{ text: NO_UNIT }]);
  },
  word: (s, arg) => office(s, arg, "docx"),
  excel: (s, arg) => office(s, arg, "xlsx"),
  confirm: (s, arg) =>
    resolveImport(s, `/confirm ${arg}`) ??
    same(s, [{ text: "没有待确认的导入。发送上年的报告（.docx）或决算表（.xlsx）即可导入。" }]),
  pdf: (s, arg) => {
    const report = materialize(s.draft);
    if (!report) return same(s, [{ text: `${NO_UNIT.slice(0, -1)}，再生成 PDF。` }]);
    const words = arg.split(/\s+/).filter(Boolean);
    const isFinal = (w: string) => /^(定稿|final|正式|--final)$/i.test(w);
    const path = words.filter((w) => !isFinal(w)).join(" ");
    // 定稿: the errors still open and the declared scores that differ are put to the user first
    if (words.some(isFinal)) return startFinal(s, path);
    return { ...same(s, []), effect: { kind: "pdf", report, final: false, path } };
  },
};

/** /word and /excel: the report as an editable Word document, the attachments as an Excel workbook. */
function office(s: EngineState, arg: string, format: "docx" | "xlsx"): Outcome {
  const report = materialize(s.draft);
  const what = format === "docx" ? "Word 文档" : "Excel 附表";
  if (!report) return same(s, [{ text: `${NO_UNIT.slice(0, -1)}，再生成${what}。` }]);
  const words = arg.split(/\s+/).filter(Boolean);
  const isFinal = (w: string) => /^(定稿|final|正式|--final)$/i.test(w);
  const path = words.filter((w) => !isFinal(w)).join(" ");
  return { ...same(s, []), effect: { kind: "office", format, report, final: words.some(isFinal), path } };
}

/** A command by its name ("status" for /status), with what follows it. */
export function command(s: EngineState, name: string, arg: string): Outcome {
  const run = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined; // not "__proto__"
  return run ? run(s, arg) : same(s, [{ text: `不认识的命令 /${name}。\n${HELP}` }]);
}
