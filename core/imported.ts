import type { MoneyUnit } from "./money.js";
import type { Quantity } from "./quantity.js";

/**
 * What was read from a Word or Excel file (last year's report, a 决算 or 自评表 workbook), before the user
 * confirms it: each figure or text with the place of the report it fills (a path in the file's own year),
 * the form's label of that place, the value as the report stores it, the text as written and where it was
 * found. Nothing here fills a report: the conversation shows it and applies only what the user confirms.
 */
export interface ImportedItem {
  /** the report's path in the file's own year: "basicData.basic.current", "…rows.3.target" */
  path: string;
  /** the place in the words of the form: "附件1-1 部门基本支出（2020年决算数）" */
  label: string;
  /** as the report stores it: a decimal string (money in the file's unit, a count), a quantity, a text */
  value: string | Quantity;
  /** as written in the file */
  raw: string;
  /** where in the file: "附件1-1!C7" (sheet!cell), "表2 第3行第2列", "第12段" */
  where: string;
  /** a figure the user checks, or the text of a name, a label or a paragraph */
  kind: "figure" | "text";
}

export interface ImportedFile {
  format: "docx" | "xlsx";
  /** the unit, year and money unit the file states, when it does */
  unit?: string;
  year?: number;
  moneyUnit?: MoneyUnit;
  items: ImportedItem[];
  /**
   * passages with figures that have no place of the form (free prose): offered for manual entry, or to an
   * LLM when one is configured; `figures` is the list its figures would join (a part of 四)
   */
  unplaced: { where: string; text: string; figures?: string }[];
  /** what happened while reading, for the user (an LLM that failed, candidates dropped) */
  notes?: string[];
}

/** Whether a value read from a file is a number (a decimal string or a numeric quantity). */
export function isFigure(v: ImportedItem["value"]): boolean {
  return typeof v === "string" ? /^-?\d/.test(v) : v.kind !== "text" && v.kind !== "date";
}
