import { checkContext, type Finding, runChecks } from "../core/checks/index.js";
import { scoringConfigOf } from "../core/config.js";
import { buildDeviations, type Deviation } from "../core/deviations.js";
import type { Report } from "../core/report.js";
import type { ScoreResult } from "../core/scoring.js";
import { narrativeLines } from "../prompts/drafter.js";
import { draftInput } from "../prompts/input.js";
import { offlineNarrative } from "../prompts/offline.js";
import { buildContent, gradeBandTexts } from "./content.js";
import type { Block } from "./model.js";

/**
 * The report as blocks (what the PDF says, and the .docx and .xlsx of office/ with it), with the core's
 * results. Pure: no fonts, no pdfkit.
 */
export interface BlockOptions {
  score?: ScoreResult;
  findings?: Finding[];
  deviations?: Deviation[];
  /** the submitted document: the tables print the unit's declared scores where it wrote them */
  final?: boolean;
}

/** Sections 五 and 六: the report's lines when it has them, else the offline drafter's (numbers stripped). */
export function narrativeOf(
  report: Report,
  deviations?: Deviation[],
): { problems: string[]; improvements: string[]; drafted: boolean } {
  const has = report.problems.length > 0 && report.improvements.length > 0;
  if (has) return { problems: report.problems, improvements: report.improvements, drafted: false };
  const lines = narrativeLines(offlineNarrative(draftInput(report, deviations)));
  const strip = (l: string) => l.replace(/^\d+、/, "");
  return {
    problems: report.problems.length > 0 ? report.problems : lines.problems.map(strip),
    improvements: report.improvements.length > 0 ? report.improvements : lines.improvements.map(strip),
    drafted: true,
  };
}

/** The report's blocks (what the PDF says), with the core's results. */
export function reportBlocks(report: Report, o: BlockOptions = {}): Block[] {
  const ctx = checkContext(report, o.score);
  const deviations = o.deviations ?? buildDeviations(report, ctx, o.findings ?? runChecks(report, ctx));
  const config = scoringConfigOf(report);
  return buildContent({
    report,
    score: ctx.score,
    narrative: narrativeOf(report, deviations),
    grades: gradeBandTexts(config),
    profile: config.profile,
    final: o.final ?? false,
  });
}
