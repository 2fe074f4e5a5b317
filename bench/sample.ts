import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "../core/report.js";
import { parseReportFile } from "../core/reportFile.js";

/** The sample report file's text, found from dist/bench (the benchmark) or bench/ (tests importing it). */
export function sampleText(): string {
  return exampleText("hengyang-2020.json");
}

/** A report file of examples/ ("consistent/tech-center-2021.json"), found the same way. */
export function exampleText(name: string): string {
  const file = [
    new URL(`../../examples/${name}`, import.meta.url),
    new URL(`../examples/${name}`, import.meta.url),
  ]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p));
  if (!file) throw new Error(`examples/${name} not found`);
  return readFileSync(file, "utf8");
}

/** The sample report, parsed. */
export function sampleReport(): Report {
  const r = parseReportFile(sampleText());
  if (!r.ok) throw new Error("sample does not parse");
  return r.report;
}
