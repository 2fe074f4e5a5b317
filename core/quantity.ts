import { z } from "zod";
import { Ratio } from "./ratio.js";

/** 分 per unit: money magnitudes are counted in 分, so that sums of amounts are sums of integers. */
const FEN_PER: Record<"元" | "万元", Ratio> = { 元: Ratio.of(100), 万元: Ratio.of(1_000_000) };

/**
 * A decimal as stored in report files: "352.29", "0", "-0.1". No exponent, no grouping, and bounded:
 * at most 18 integer and 12 fraction digits (more than any figure of the form needs — 万元 to the 分 is
 * 6 — and short enough that exact arithmetic on it stays fast: a 160,000-digit fraction took a minute).
 */
export const DecimalString = z
  .string()
  .max(32, { message: "数字位数过多：整数至多 18 位，小数至多 12 位" })
  .regex(/^-?(0|[1-9]\d{0,17})(\.\d{1,12})?$/, {
    message: '应为十进制数字字符串（整数至多 18 位，小数至多 12 位），例如 "352.29"',
  })
  .meta({ description: '十进制数字字符串（不用科学计数法；整数至多 18 位，小数至多 12 位），例如 "352.29"' });

/** A share of 100 (a weight, a score, a tier bound): a decimal from 0 to 100. */
export const Points = DecimalString.refine((v) => !v.startsWith("-") && Number(v) <= 100, {
  message: "应为 0 到 100 之间的数，例如 10",
});

export const MoneyUnitSchema = z.enum(["元", "万元"]);

/**
 * A calendar point or period as written in the forms: "2020年3月底前" (by the end of March),
 * "2020年5月份" (some time in May), "2021年3月末", "2020年12月31日".
 * `edge` tells which part of the period is meant; `before` marks "…前" (no later than).
 */
export const DateSpecSchema = z.object({
  kind: z.literal("date"),
  text: z.string().min(1),
  year: z.number().int().min(1900).max(2200),
  month: z.number().int().min(1).max(12).optional(),
  day: z.number().int().min(1).max(31).optional(),
  edge: z.enum(["day", "start", "end", "whole"]),
  before: z.boolean(),
});
export type DateSpec = z.infer<typeof DateSpecSchema>;

/** A value of a figure or of an indicator's 指标值 / 完成值, with its own type. */
export const QuantitySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("money"),
    value: DecimalString,
    unit: MoneyUnitSchema,
    /** a rate per head or per item: 600 元/人 → per "人" */
    per: z.string().min(1).optional(),
  }),
  z.object({ kind: z.literal("count"), value: DecimalString, unit: z.string().min(1) }),
  z.object({ kind: z.literal("percent"), value: DecimalString }),
  z.object({ kind: z.literal("number"), value: DecimalString }),
  DateSpecSchema,
  z.object({ kind: z.literal("text"), text: z.string() }),
]);
export type Quantity = z.infer<typeof QuantitySchema>;
/** How a quantity is written in the forms: "23330人", "98%", "1200元", "2020年3月底前". */
export function formatQuantity(q: Quantity): string {
  switch (q.kind) {
    case "money":
      return `${q.value}${q.unit}${q.per ? `/${q.per}` : ""}`;
    case "count":
      return `${q.value}${q.unit}`;
    case "percent":
      return `${q.value}%`;
    case "number":
      return q.value;
    case "date":
      return q.text;
    case "text":
      return q.text;
  }
}

/**
 * The magnitude of a numeric quantity on a common scale, for comparing two places:
 * money in 分 (so 2.3 万元 equals 23000 元 = 2300000 分), counts and plain numbers as they are, percents as points.
 * `dim` says what may be compared with what: money with money, percent with percent, counts with
 * counts or plain numbers (the unit of a count is a label: 617 人 and 617 人次 count the same people).
 */
export function magnitude(q: Quantity): Magnitude | null {
  if (q.kind === "date" || q.kind === "text") return null;
  // Every rule compares the same few hundred values, most of them in objects built for one comparison:
  // parse each distinct value once. Keyed by content (kind and unit, then the value string, whose hash
  // V8 keeps), so a quantity changed in place is never read stale.
  // the common tables by constant names: no key string built per call
  const table =
    q.kind !== "money"
      ? q.kind
      : q.per !== undefined
        ? `m|${q.unit}|${q.per}`
        : q.unit === "万元"
          ? "m|万元|"
          : q.unit === "元"
            ? "m|元|"
            : `m|${q.unit}|`;
  let byValue = MAGNITUDES.get(table);
  if (!byValue) {
    byValue = new Map();
    MAGNITUDES.set(table, byValue);
  }
  const cached = byValue.get(q.value);
  if (cached !== undefined) return cached;
  const m = computeMagnitude(q);
  if (byValue.size >= 20_000) byValue.clear();
  byValue.set(q.value, m);
  return m;
}

export type Magnitude = { dim: "money" | "percent" | "count"; value: Ratio; per?: string };
const MAGNITUDES = new Map<string, Map<string, Magnitude | null>>();

function computeMagnitude(q: Quantity): Magnitude | null {
  switch (q.kind) {
    case "money": {
      const fen = Ratio.fromDecimal(q.value).mul(FEN_PER[q.unit]);
      return q.per ? { dim: "money", value: fen, per: q.per } : { dim: "money", value: fen };
    }
    case "percent":
      return { dim: "percent", value: Ratio.fromDecimal(q.value) };
    case "count":
    case "number":
      return { dim: "count", value: Ratio.fromDecimal(q.value) };
    default:
      return null;
  }
}

/**
 * A 完成值 written as a bare number beside a 指标值 with a unit ("72890" next to "72890元") is read in the
 * 指标值's unit: money, a count or a percent. Anything else is returned as it is.
 */
export function withUnitOf(target: Quantity, actual: Quantity): Quantity {
  if (actual.kind !== "number") return actual;
  switch (target.kind) {
    case "money":
      return target.per === undefined
        ? { kind: "money", value: actual.value, unit: target.unit }
        : { kind: "money", value: actual.value, unit: target.unit, per: target.per };
    case "count":
      return { kind: "count", value: actual.value, unit: target.unit };
    case "percent":
      return { kind: "percent", value: actual.value };
    default:
      return actual;
  }
}
