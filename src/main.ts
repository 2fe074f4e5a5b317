import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkContext, runChecks } from "./core/checks.js";
import { buildDeviations } from "./core/deviations.js";
import { deviationsText, findingsText, scoreText } from "./core/explain.js";
import { parseReportFile } from "./core/reportFile.js";

/**
 * The main job. Until the conversation engine and the terminal chat land, it reviews a report file
 * (the sample by default): the checks, the score beside the declared one, and the deviations.
 */
const file = process.argv[2] ?? fileURLToPath(new URL("../../examples/hengyang-2020.json", import.meta.url));
const parsed = parseReportFile(readFileSync(file, "utf8"));
if (!parsed.ok) {
  process.stderr.write(`${file}：\n${parsed.issues.map((i) => `  ${i.path}：${i.message}`).join("\n")}\n`);
  process.exit(2);
}
const report = parsed.report;
const ctx = checkContext(report);
const findings = runChecks(report, ctx);
process.stdout.write(
  [
    `Zipin 自评助手 — ${file}`,
    "",
    findingsText(findings),
    "",
    scoreText(report, ctx.score),
    "",
    deviationsText(buildDeviations(report, ctx, findings)),
    "",
    "更多用法：npx zipin --help",
    "",
  ].join("\n"),
);
