import { readFileSync } from "node:fs";
import { SAMPLE_PATH } from "../helpers.js";

/**
 * Every figure the sample stores, walked from its JSON (not from the program): a decimal string, or a
 * quantity (a number with its unit, a percent, a date), with its path in the report file.
 */
export function sampleFigures(): { path: string; value: string | Record<string, unknown> }[] {
  const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
  const out: { path: string; value: string | Record<string, unknown> }[] = [];
  const walk = (v: unknown, p: string) => {
    if (
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      typeof (v as { kind?: unknown }).kind === "string"
    ) {
      if ((v as { kind: string }).kind !== "text") out.push({ path: p, value: v as Record<string, unknown> });
      return;
    }
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${p}.${i}`);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    else if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) out.push({ path: p, value: v });
  };
  walk(raw, "");
  return out;
}

/** A figure stands alone in a text: not the tail or head of a longer number. */
export function hasFigure(text: string, figure: string): boolean {
  const esc = figure.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(?<![\\d.])${esc}(?![\\d])`).test(text);
}

/**
 * Where the document shows the core's computation instead of the stored figure (as the PDF does): the
 * 执行率, its 分值 and 得分, each group's 得分 and the 总分 of 附件1-2, the 控制率 of 附件1-1.
 */
export const COMPUTED = new Set([
  "selfEvaluation.funds.executionRate",
  "selfEvaluation.funds.weight",
  "selfEvaluation.funds.declaredScore",
  "selfEvaluation.indicators.0.declaredScore",
  "selfEvaluation.indicators.1.declaredScore",
  "selfEvaluation.declaredTotal",
  "basicData.controlRate",
]);
