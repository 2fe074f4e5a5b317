import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "../core/report.js";
import { parseReportFile } from "../core/reportFile.js";

export const SAMPLE_PATH = fileURLToPath(new URL("../examples/hengyang-2020.json", import.meta.url));

/** The sample report, freshly parsed (callers may change their copy). */
export function sample(): Report {
  const r = parseReportFile(readFileSync(SAMPLE_PATH, "utf8"));
  if (!r.ok) throw new Error(`sample does not parse: ${JSON.stringify(r.issues)}`);
  return r.report;
}

/** The sample with a change applied to its raw JSON, re-validated. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON by path, as a person editing the file would
export function sampleWith(change: (raw: any) => void): Report {
  const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
  change(raw);
  const r = parseReportFile(JSON.stringify(raw));
  if (!r.ok) throw new Error(`changed sample does not parse: ${JSON.stringify(r.issues)}`);
  return r.report;
}

/** A report file of examples/ (e.g. "consistent/tech-center-2021.json"), with a change to its raw JSON. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON by path, as a person editing the file would
export function exampleWith(file: string, change: (raw: any) => void = () => {}): Report {
  const raw = JSON.parse(
    readFileSync(fileURLToPath(new URL(`../examples/${file}`, import.meta.url)), "utf8"),
  );
  change(raw);
  const r = parseReportFile(JSON.stringify(raw));
  if (!r.ok) throw new Error(`${file} does not parse: ${JSON.stringify(r.issues)}`);
  return r.report;
}
