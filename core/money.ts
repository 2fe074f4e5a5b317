import { Decimal } from "decimal.js";

/**
 * The one decimal type of Zipin. A private clone so that no other code can change its settings.
 * Money only ever adds, subtracts and multiplies by exact factors (元 ↔ 万元), so 40 significant
 * digits are exact for every figure a unit can report; division lives in `ratio.ts`.
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

export type MoneyUnit = "元" | "万元";

/** How many 元 one unit holds. */
const YUAN_PER: Record<MoneyUnit | "亿元", number> = { 元: 1, 万元: 10_000, 亿元: 100_000_000 };

/** Decimal places a unit can carry exactly: 万元 down to the 分 (0.000001 万元), 元 down to the 分. */
export const MAX_DECIMALS: Record<MoneyUnit, number> = { 元: 2, 万元: 6 };

/** Parses a canonical decimal string (as stored in report files). Throws on anything else: a bug, not input. */
export function dec(value: string | number | Dec): Dec {
  if (typeof value === "string" && !/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value)) {
    throw new Error(`not a canonical decimal string: ${JSON.stringify(value)}`);
  }
  return new Dec(value);
}

/** Converts an amount between 元, 万元 and 亿元 exactly (powers of ten only). */
export function convertMoney(amount: Dec, from: MoneyUnit | "亿元", to: MoneyUnit | "亿元"): Dec {
  if (from === to) return amount;
  return amount.times(YUAN_PER[from]).dividedBy(YUAN_PER[to]);
}

/** The canonical decimal string of a value: no exponent, no trailing zeros after the point. */
export function toDecimalString(value: Dec): string {
  const s = value.toFixed();
  return s === "-0" ? "0" : s;
}

/** Number of decimals written in a canonical decimal string ("2.30" → 2). */
export function decimalsOf(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}
