import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "../core/report.js";
import { parseReportFile } from "../core/reportFile.js";

/** The sample report file's text, found from dist/bench (the benchmark) or bench/ (tests importing it). */
export function sampleText(): string {
  const file = [
    new URL("../../examples/hengyang-2020.json", import.meta.url),
    new URL("../examples/hengyang-2020.json", import.meta.url),
  ]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p));
  if (!file) throw new Error("examples/hengyang-2020.json not found");
  return readFileSync(file, "utf8");
}

/** The sample report, parsed. */
export function sampleReport(): Report {
  const r = parseReportFile(sampleText());
  if (!r.ok) throw new Error("sample does not parse");
  return r.report;
}
