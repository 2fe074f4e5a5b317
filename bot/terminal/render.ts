import { readFileSync } from "node:fs";
import type { Report } from "../../core/report.js";
import { parseReportFile } from "../../core/reportFile.js";
import type { Reply } from "../conversation/index.js";

/** The terminal's replies as printed lines: choices numbered (or with what to type) under their question. */
export function render(replies: Reply[]): string {
  return replies
    .map((r) => {
      if (!r.options) return r.text;
      const lines = r.options.map((o, i) => {
        const input = r.inputs?.[i];
        if (input !== undefined) return `  ${input}  ${o}`;
        return /^\d/.test(o) ? `  ${o}` : `  ${i + 1}. ${o}`;
      });
      return `${r.text}\n${lines.join("\n")}`;
    })
    .join("\n");
}

/** A report file read from disk, or why not (as a list of places and messages). */
export function readReport(
  path: string,
): { report: Report } | { issues: { path: string; message: string }[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return {
      issues: [
        { path: "(文件)", message: `无法读取：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` },
      ],
    };
  }
  const parsed = parseReportFile(text);
  return parsed.ok ? { report: parsed.report } : { issues: parsed.issues };
}
