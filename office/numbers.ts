/**
 * Figures between the report's decimal strings and a spreadsheet's numbers. A stored decimal becomes the
 * number it names with a number format that shows it as stored (two decimals at least for money: "2.3" is
 * shown 2.30; a unit as the form writes it: 23330 shown 23330人); reading back, a number is written with
 * the decimals its format shows. Pure.
 */
import type { Quantity } from "../core/quantity.js";

/** Digits after the point of a decimal string ("2.30" → 2). */
export const decimalsOf = (s: string) => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);

/** Whether a double holds the decimal exactly enough to give it back (at most 15 significant digits). */
export function fitsNumber(s: string): boolean {
  return s.replace(/^-/, "").replace(".", "").replace(/^0+/, "").length <= 15;
}

const zeros = (n: number) => (n > 0 ? `.${"0".repeat(n)}` : "");
const quoted = (unit: string) => `"${unit.replace(/"/g, "")}"`;

/** Money in the report's unit: thousands separated, two decimals, more when stored with more. */
export const moneyFormat = (s: string) => `#,##0${zeros(Math.max(2, decimalsOf(s)))}`;

/**
 * A stored quantity as a cell: a number with its format, or text (a date as written, text, a figure too long
 * for a double). Percents are stored as fractions (98% → 0.98) so that formulas read them as Excel does.
 */
export function quantityCell(q: Quantity): { value: number; numFmt: string } | { text: string } {
  switch (q.kind) {
    case "money":
      if (!fitsNumber(q.value)) break;
      return {
        value: Number(q.value),
        numFmt: `0${zeros(decimalsOf(q.value))}${quoted(`${q.unit}${q.per ? `/${q.per}` : ""}`)}`,
      };
    case "count":
      if (!fitsNumber(q.value)) break;
      return { value: Number(q.value), numFmt: `0${zeros(decimalsOf(q.value))}${quoted(q.unit)}` };
    case "percent":
      if (!fitsNumber(q.value)) break;
      return { value: percentFraction(q.value), numFmt: `0${zeros(decimalsOf(q.value))}%` };
    case "number":
      if (!fitsNumber(q.value)) break;
      return { value: Number(q.value), numFmt: `0${zeros(decimalsOf(q.value))}` };
  }
  return { text: q.kind === "date" || q.kind === "text" ? (q.kind === "date" ? q.text : q.text) : q.value };
}

/** "98" (percent) → 0.98, without the binary error of 98 / 100 where the decimal is exact. */
export function percentFraction(s: string): number {
  const neg = s.startsWith("-");
  const [int = "0", frac = ""] = s.replace(/^-/, "").split(".");
  const padded = int.padStart(3, "0");
  const shifted = `${padded.slice(0, -2)}.${padded.slice(-2)}${frac}`;
  return Number(`${neg ? "-" : ""}${shifted}`);
}

/** A number written with `decimals` digits after the point, exactly as a format shows it (no exponent). */
export function numberText(n: number, decimals: number): string {
  const t = n.toFixed(decimals);
  return t === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : t;
}

/** The digits after the point a number format shows ("#,##0.00" → 2, `0"人"` → 0, "0.0%" → 1). */
export function formatDecimals(numFmt: string): number {
  const plain = numFmt.replace(/"[^"]*"/g, "");
  const m = /\.(0+)/.exec(plain);
  return m ? (m[1] as string).length : 0;
}
