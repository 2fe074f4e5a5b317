import type { MoneyUnit } from "./money.js";

/**
 * What a question of the form expects, and the limits of what is accepted: shared by the parser
 * (`parse.ts`), which enforces them, and the messages (`messages.ts`), which state them.
 */
export type Expected = (
  | { kind: "money"; unit: MoneyUnit; allowNegative?: boolean }
  | { kind: "count"; units: readonly string[]; integer?: boolean /* default true */; allowNegative?: boolean }
  | { kind: "percent"; allowNegative?: boolean }
  | {
      kind: "number";
      integer?: boolean;
      allowNegative?: boolean /** at most (a weight, a score: 100) */;
      max?: number;
      /** a word that may follow the number ("分" after a score, "年" after a year); stored without it */
      unit?: string;
    }
  | { kind: "date" /** the report's year, for a date written without one ("12月底前") */; year?: number }
  | {
      kind: "text";
      maxLength?: number /* default 2000 */ /** a name: one line, no control characters */;
      singleLine?: boolean;
    }
  | { kind: "quantity"; moneyUnit: MoneyUnit; year?: number }
) & {
  /** examples that fit the question asked (a year: "2023"), shown instead of the kind's own; each must parse */
  examples?: readonly string[];
}; // quantity: auto-detect, for an indicator's 指标值 / 完成值

export type ReasonCode =
  | "EMPTY"
  | "NOT_A_NUMBER"
  | "NOT_FINITE"
  | "NEGATIVE"
  | "TOO_MANY_DECIMALS"
  | "BAD_GROUPING"
  | "UNIT_MISMATCH"
  | "NOT_INTEGER"
  | "TOO_LARGE"
  | "NOT_A_DATE"
  | "TOO_LONG"
  | "MULTILINE"
  | "APPROXIMATE";

/** The limits the messages state and the parser enforces. */
export const LIMITS = {
  /** decimals a typed amount may carry, by the unit it is written in (down to the 分) */
  moneyDecimals: { 元: 2, 万元: 6, 亿元: 10 },
  /** an amount must be below 1万亿元, in 元 */
  moneyMaxYuan: "1000000000000",
  /** a count may be at most 100亿 */
  countMax: "10000000000",
  countDecimals: 6,
  /** a percentage may be at most 100000% */
  percentMax: "100000",
  percentDecimals: 6,
  /** a plain number must be below 1000万亿 in absolute value */
  numberMax: "1000000000000000",
  numberDecimals: 10,
  /** characters (code points) of a text answer, unless the question sets its own */
  textMaxLength: 2000,
} as const;
