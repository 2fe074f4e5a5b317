#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readConfig } from "../config/env.js";
import { checkContext, runChecks } from "../core/checks/index.js";
import { compareDeclared } from "../core/declaredScores.js";
import { buildDeviations } from "../core/deviations.js";
import { deviationsText, findingsText, scoreText, whatIfText } from "../core/explain.js";
import { allProfiles } from "../core/forms/registry.js";
import type { Report } from "../core/report.js";
import { parseReportFile, reportJsonSchema } from "../core/reportFile.js";
import { computeScore } from "../core/scoring.js";
import { parseWhatIfPairs, requiredValue, type WhatIfChange, whatIf } from "../core/whatif.js";
import { draftNarrative, narrativeLines } from "../prompts/drafter.js";
import { draftInput } from "../prompts/input.js";
import { importCommand } from "./import.js";
import { scoreJson } from "./json.js";

const USAGE = `用法：zipin <命令> [参数]

  zipin check FILE [--json]        审核：合计、跨表引用、比率、自评得分（有错误时退出码为 1）
  zipin score FILE [--json]        计分：自评得分与按规则计算的得分并列，逐行说明
  zipin deviations FILE [--json]   偏差清单：指标值、完成值、差距、失分、原因
  zipin whatif FILE --set "名称=数值" [--set …] [--json]
                                   试算：改动一个或多个数值后的总分和等级（不改文件）
  zipin whatif FILE --need 名称 (--total 95 | --grade 优秀) [--json]
                                   反向试算：此行完成值至少（至多）为多少才能达到目标
  zipin draft FILE [--offline] [--json]
                                   起草第五、六部分（配置了 OPENAI_API_KEY 时用大模型，否则用离线模板）
  zipin pdf FILE [-o OUT.pdf] [--final]
                                   生成 PDF 报告（正文一至七、附件1-1、附件1-2、得分图）；
                                   缺省输出到 FILE 同目录的同名 .pdf；未加 --final 时带“草稿”水印
  zipin docx FILE [-o OUT.docx] [--final]
                                   生成可修改的 Word 报告（与 PDF 内容相同；未加 --final 时带“草稿”水印）
  zipin xlsx FILE [-o OUT.xlsx]    生成附件1-1、附件1-2 的 Excel 表（合计、控制率、执行率、得分为公式）和“审核”表
  zipin import FILE.docx|FILE.xlsx [--base REPORT.json] [-o OUT.json] [--json]
                                   读入上年的报告（.docx）或决算、自评表（.xlsx）：列出识别到的每个数字及其位置，
                                   写出该年度的报告文件（可 zipin check，或在对话中 /seed 作下一年度起点）；
                                   有 --base 时填入该报告（上年的文件按 /seed 转为本年起点）
  zipin forms [--json]             列出可用的表样（报告文件以 "form" 指明；未指明为湖南省部门整体支出）
  zipin schema                     输出报告文件的 JSON Schema

FILE 为报告文件（JSON），例如 examples/hengyang-2020.json。
名称为三级指标（照表填写，例如 "资金直补受益移民（人）"）或其编号（例如 P1），
也可以是 年初预算数、全年预算数、全年执行数。
退出码：0 正常；1 审核发现错误；2 文件或参数有误；3 程序内部错误。`;

class UsageError extends Error {}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function loadReport(file: string | undefined): Report {
  if (!file) throw new UsageError("缺少报告文件路径，例如：zipin score examples/hengyang-2020.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(
      `无法读取文件 ${file}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const parsed = parseReportFile(text);
  if (!parsed.ok) {
    throw new UsageError(
      [
        `报告文件 ${file} 有 ${parsed.issues.length} 处不符合格式：`,
        ...parsed.issues.slice(0, 20).map((i) => `  ${i.path}：${i.message}`),
        parsed.issues.length > 20 ? `  ……另有 ${parsed.issues.length - 20} 处` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    );
  }
  return parsed.report;
}

type Values = ReturnType<typeof parseCli>["values"];

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean", default: false },
      set: { type: "string", multiple: true },
      need: { type: "string" },
      total: { type: "string" },
      grade: { type: "string" },
      offline: { type: "boolean", default: false },
      output: { type: "string", short: "o" },
      final: { type: "boolean", default: false },
      base: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/** Each command: what it prints, and its exit status. */
const COMMANDS: Record<string, (file: string | undefined, values: Values) => number | Promise<number>> = {
  forms: (_file, values) => {
    const list = allProfiles().map((p) => ({ id: p.id, name: p.name, kind: p.kind, region: p.region }));
    out(
      values.json
        ? JSON.stringify({ forms: list }, null, 2)
        : list.map((p) => `${p.id}\t${p.kind}\t${p.region}\t${p.name}`).join("\n"),
    );
    return 0;
  },
  schema: () => {
    out(JSON.stringify(reportJsonSchema(), null, 2));
    return 0;
  },
  check: (file, values) => {
    const findings = runChecks(loadReport(file));
    out(values.json ? JSON.stringify({ findings }, null, 2) : findingsText(findings));
    return findings.some((f) => f.severity === "error") ? 1 : 0;
  },
  score: (file, values) => {
    const report = loadReport(file);
    const s = computeScore(report);
    out(
      values.json ? JSON.stringify(scoreJson(s, compareDeclared(report, s)), null, 2) : scoreText(report, s),
    );
    return 0;
  },
  deviations: (file, values) => {
    const report = loadReport(file);
    const deviations = buildDeviations(report, checkContext(report));
    out(values.json ? JSON.stringify({ deviations }, null, 2) : deviationsText(deviations));
    return 0;
  },
  whatif: (file, values) => whatIfCommand(loadReport(file), values),
  draft: (file, values) => draftCommand(loadReport(file), values),
  pdf: (file, values) => pdfCommand(loadReport(file), file as string, values),
  docx: (file, values) => officeCommand(loadReport(file), file as string, values, "docx"),
  xlsx: (file, values) => officeCommand(loadReport(file), file as string, values, "xlsx"),
  import: (file, values) => importCommand(file, values, { out, fail: (m) => new UsageError(m), loadReport }),
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(argv);
  const [command, file, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (rest.length > 0) throw new UsageError(`多余的参数：${rest.join(" ")}`);
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new UsageError(`不认识的命令“${command}”。\n\n${USAGE}`);
  return run(file, values);
}

function whatIfCommand(report: Report, values: Values): number {
  if (values.need !== undefined) {
    if ((values.total === undefined) === (values.grade === undefined)) {
      throw new UsageError("--need 需要且只需要 --total 或 --grade 之一，例如：--need P1 --total 99.2");
    }
    const goal = values.total !== undefined ? { total: values.total } : { grade: values.grade as string };
    const r = requiredValue(report, values.need, goal);
    if (!r.ok) throw new UsageError(r.error.message);
    out(values.json ? JSON.stringify(r.value, null, 2) : r.value.message);
    return 0;
  }
  const sets = values.set ?? [];
  if (sets.length === 0)
    throw new UsageError('whatif 需要 --set "名称=数值"，例如：--set "资金直补受益移民（人）=23330"');
  const changes: WhatIfChange[] = [];
  for (const s of sets) {
    const p = parseWhatIfPairs(s);
    if (!p.ok) throw new UsageError(p.error.message);
    changes.push(...p.changes);
  }
  const r = whatIf(report, changes);
  if (!r.ok) throw new UsageError(r.error.message);
  out(values.json ? JSON.stringify(r.value, null, 2) : whatIfText(r.value));
  return 0;
}

async function draftCommand(report: Report, values: Values): Promise<number> {
  const config = readConfig(process.env);
  if (!config.ok) throw new UsageError(`环境变量有误：\n${config.errors.map((e) => `  ${e}`).join("\n")}`);
  const d = await draftNarrative(draftInput(report), values.offline ? null : config.config.llm);
  if (values.json) {
    out(JSON.stringify(d, null, 2));
    return 0;
  }
  const lines = narrativeLines(d);
  const by = d.source === "llm" ? `由大模型 ${d.model} 起草（模板 ${d.templateVersion}）` : "由离线模板起草";
  out(
    [
      `五、存在的问题及原因分析`,
      ...lines.problems,
      "",
      `六、下一步改进措施`,
      ...lines.improvements,
      "",
      `（${by}）`,
      ...d.notes.map((n) => `- ${n}`),
      ...d.dropped.map((x) => `- 已删去：${x.sentence}（无依据的数字：${x.numbers.join("、")}）`),
    ].join("\n"),
  );
  return 0;
}

async function pdfCommand(report: Report, file: string, values: Values): Promise<number> {
  const target = values.output ?? file.replace(/(\.json)?$/i, ".pdf");
  // the renderer and its fonts are loaded only for this command
  const { renderReportPdf, missingGlyphs } = await import("../pdf/index.js");
  const missing = missingGlyphs(report);
  const pdf = await renderReportPdf(report, { final: values.final });
  try {
    writeFileSync(target, pdf);
  } catch (e) {
    throw new UsageError(`无法写入 ${target}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  out(`已生成 ${target}（${Math.round(pdf.length / 1024)} KB${values.final ? "" : "，草稿"}）`);
  if (missing.length > 0) {
    out(`字体缺少 ${missing.length} 处字符，PDF 中以〓标出：`);
    for (const m of missing)
      out(`  “${m.char}”（U+${(m.char.codePointAt(0) as number).toString(16).toUpperCase()}）：${m.where}`);
  }
  return 0;
}

async function officeCommand(
  report: Report,
  file: string,
  values: Values,
  format: "docx" | "xlsx",
): Promise<number> {
  const target = values.output ?? file.replace(/(\.json)?$/i, `.${format}`);
  const content =
    format === "docx"
      ? await (await import("../office/docx.js")).renderReportDocx(report, { final: values.final })
      : await (await import("../office/xlsx.js")).renderReportXlsx(report);
  try {
    writeFileSync(target, content);
  } catch (e) {
    throw new UsageError(`无法写入 ${target}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  out(
    `已生成 ${target}（${Math.round(content.length / 1024)} KB${format === "docx" && !values.final ? "，草稿" : ""}）`,
  );
  return 0;
}

// `zipin schema | head` closes the pipe early: that is not an error
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exitCode = 2;
    } else {
      // a bug, not the file: said plainly, and never exit status 1 ("the check found errors")
      process.stderr.write(
        `内部错误（不是报告文件的问题）：${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message ?? String(e)}\n`,
      );
      process.exitCode = 3;
    }
  },
);
