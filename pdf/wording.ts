/**
 * What the content modules share: what they are built from (`ReportContent`: the report, the core's
 * results, sections 五 and 六, the grade bands) and how they write it — a computed figure as the core
 * shows it (two decimals, half-up), a clause without its end mark, a table cell with its place.
 */
import type { FormProfile } from "../core/forms/schema.js";
import { Ratio } from "../core/ratio.js";
import type { Report } from "../core/report.js";
import type { ScoreResult } from "../core/scoring.js";
import type { TableCell } from "./model.js";

/** What the report's blocks are built from (the input of buildContent). */
export interface ReportContent {
  report: Report;
  score: ScoreResult;
  /** sections 五 and 六, one item per line, without list numbers */
  narrative: { problems: string[]; improvements: string[] };
  /** the grade bands of the form's 说明 ("优秀（S≥90）" …), from the scoring settings */
  grades: string[];
  /** the form the report is filled in on: its documents, tables and labels */
  profile: FormProfile;
  /** the submitted document: its 得分 cells print the unit's declared scores (the draft, the rules') */
  final: boolean;
}

const HUNDRED = Ratio.of(100);
/** A computed rate as the core shows it ("94.74%"). */
export const percentText = (r: Ratio) => `${r.mul(HUNDRED).toFixed(2)}%`;
/** A computed score as the core shows it ("49.18"). */
export const scoreNumber = (r: Ratio) => r.toFixed(2);

export const trimEnd = (s: string) => s.trim().replace(/[。；;，,]+$/, "");

export const cell = (
  text: string,
  col: number,
  where: string,
  o: Partial<Omit<TableCell, "text" | "col" | "where">> = {},
): TableCell => ({ text, col, where, ...o });
