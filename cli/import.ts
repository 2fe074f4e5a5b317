import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { type EngineState, initialState, step } from "../bot/conversation/index.js";
import { readConfig } from "../config/env.js";
import type { ImportedItem } from "../core/imported.js";
import { formatQuantity, type Quantity } from "../core/quantity.js";
import type { Report } from "../core/report.js";
import { importOfficeFile } from "../office/importer.js";

/**
 * `zipin import FILE.docx|FILE.xlsx [--base REPORT.json] [-o OUT.json] [--json]`: what the file holds,
 * figure by figure with where it was found, then the report file — through the conversation's own import
 * (the chats' /import), every recognised figure confirmed. Without --base the file is written as it is: a
 * report of its own year (check it, or /seed this year's from it). With --base the file fills that report:
 * a file of its year fills its places, last year's seeds it as /seed does (what the base has stays).
 */
export interface ImportIo {
  out: (text: string) => void;
  fail: (message: string) => Error;
  loadReport: (file: string | undefined) => Report;
}

const shown = (v: ImportedItem["value"]) => (typeof v === "string" ? v : formatQuantity(v as Quantity));

export async function importCommand(
  file: string | undefined,
  values: { base?: string | undefined; output?: string | undefined; json?: boolean },
  io: ImportIo,
): Promise<number> {
  if (!file) throw io.fail("缺少要导入的文件，例如：zipin import 2020年自评报告.docx -o 2021.json");
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw io.fail(`无法读取文件 ${file}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const read = await importOfficeFile(basename(file), bytes);
  if (!read.ok) throw io.fail(read.message);
  // with an LLM configured, the figures of free prose too (each checked against its sentence)
  const config = readConfig(process.env);
  const llm = config.ok ? config.config.llm : null;
  const found = llm
    ? await (await import("../prompts/proseFigures.js")).extractProseFigures(read.file, llm)
    : read.file;
  const base = values.base ? io.loadReport(values.base) : null;
  // without a report to fill, the file is written as it is, a report of its own year (to /seed from, or check)
  if (!base && !found.year)
    throw io.fail("未能从文件中识别出年度（例如“2020年度”）：请用 --base 给出要填入的报告文件。");
  let state: EngineState = base
    ? step(initialState(), {
        kind: "import",
        draft: base as unknown as Record<string, unknown>,
        asWritten: true,
      }).state
    : initialState({ unit: { year: found.year } });
  const offered = step(state, { kind: "office", file: basename(file), found });
  if (!offered.state.officeImport) throw io.fail(offered.replies.map((r) => r.text).join("\n"));
  state = step(offered.state, "/confirm 全部").state;
  const exported = step(state, "/export").replies[0]?.file;
  if (!exported)
    throw io.fail(
      "识别到的内容不足以写成报告文件（缺少单位名称、年度或金额单位）：请用 --base 给出报告文件。",
    );
  const target = values.output ?? `${file.replace(/\.(docx|xlsx)$/i, "")}.json`;
  writeFileSync(target, exported.content);
  const p = offered.state.officeImport;
  if (values.json) {
    io.out(JSON.stringify({ found, mode: p.mode, year: p.year, written: target }, null, 2));
    return 0;
  }
  const figures = found.items.filter((i) => i.kind === "figure");
  io.out(
    [
      `“${basename(file)}”：${found.unit ?? "（未写明单位）"} ${found.year ?? "（未写明年度）"}年度，金额单位 ${found.moneyUnit ?? "万元（默认）"}`,
      `识别出 ${figures.length} 个数字、${found.items.length - figures.length} 项文字：`,
      ...figures.map((i) => `  ${i.label}：${shown(i.value)}　← ${i.where}`),
      ...(found.notes ?? []),
      ...(found.unplaced.length > 0
        ? [
            `以下 ${found.unplaced.length} 段的数字没有对应的表格位置，请手工填写：`,
            ...found.unplaced.map((u) => `  ${u.where}：${u.text}`),
          ]
        : []),
      p.mode === "lastYear"
        ? `已按上年（${p.fileYear ?? "?"}年度）报告转为 ${p.year ?? "?"} 年度的起点（决算数转为上年决算数，沿用指标和指标值）：${target}`
        : `已写出 ${p.year ?? ""} 年度报告文件：${target}${base ? "" : `（以它为起点填写下一年度：在对话中发送 /seed ${target}）`}`,
    ].join("\n"),
  );
  return 0;
}
