import { parseDateSpec } from "./date.js";
import { type Expected, LIMITS, type ReasonCode } from "./expected.js";
import { messageFor } from "./messages.js";
import { convertMoney, Dec, MAX_DECIMALS, type MoneyUnit, toDecimalString } from "./money.js";
import type { Quantity } from "./quantity.js";

export type { Expected, ReasonCode };

/**
 * The one entry point for what staff type in chat. Pure and synchronous: a rejection is a returned
 * value with a reason code and a Chinese message (`messages.ts`); a throw means a bug in the caller.
 *
 * A value is accepted only when it is exactly what was typed: "1,5" is never 1.5, "约100" is never 100,
 * and no floating point touches a typed number (digits go straight into `Dec`).
 */
export interface Rejection {
  code: ReasonCode;
  message: string;
  /** the answer exactly as typed */
  input: string;
}

export type ParseResult = { ok: true; value: Quantity } | { ok: false; error: Rejection };

/** Unit an amount is written in; 万 and 亿 alone mean 万元 and 亿元. */
type WrittenMoneyUnit = "元" | "万元" | "亿元";
const MONEY_SUFFIX: Readonly<Record<string, WrittenMoneyUnit>> = {
  元: "元",
  万元: "万元",
  万: "万元",
  亿元: "亿元",
  亿: "亿元",
};

/** A unit of a count in an indicator value: CJK or latin letters only ("人次", "KM", "亩"). */
const UNIT_LETTERS = /^[\p{Script=Han}A-Za-z]+$/u;

/**
 * Normalises a typed answer: NFKC (full-width digits, "％", "，", "．", "￥" become ASCII), invisible
 * characters removed, whitespace collapsed and trimmed, and spaces between a number and its unit or sign
 * dropped ("352.29 万元" → "352.29万元"). Spaces between two digits, or next to "," or ".", stay, so that
 * "3 522 900" or "1, 234" are not silently joined into one number.
 */
export function normalizeInput(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\u2212/g, "-") // MINUS SIGN, as Word types it
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(?<=\d) (?=[^\d ,.])|(?<=[^\d ,.]) (?=\d)/g, "");
}

// ---------------------------------------------------------------------------------------------------
// Reading the number

interface Token {
  negative: boolean;
  /** two signs ("-¥-5"): never a number */
  doubleSign: boolean;
  /** "¥" was written */
  currency: boolean;
  /** the run of digits, "," and "." that starts the number */
  digits: string;
  /** what follows the number: its unit, or junk */
  rest: string;
}

/** Splits "-¥3,522,900.50元" into sign, currency, digits and unit; null when it does not start with a number. */
function tokenize(s: string): Token | null {
  const m = /^([+-])?(¥)?([+-])?(\d[\d.,]*)(.*)$/su.exec(s);
  if (!m) return null;
  const [, sign1, yen, sign2, digits = "", rest = ""] = m;
  return {
    negative: sign1 === "-" || sign2 === "-",
    doubleSign: sign1 !== undefined && sign2 !== undefined,
    currency: yen !== undefined,
    digits,
    rest: rest.trim(),
  };
}

/** An exact number as typed: integer digits without leading zeros, fraction digits as typed. */
interface Num {
  negative: boolean;
  int: string;
  frac: string;
}

/** Reads the digits of a token: grouping "3,522,900" only in whole groups of three, one ".", digits on both sides. */
function readNumber(tok: Token): Num | ReasonCode {
  if (tok.doubleSign) return "NOT_A_NUMBER";
  const parts = tok.digits.split(".");
  if (parts.length > 2) return "NOT_A_NUMBER";
  const [intPart = "", fracPart] = parts;
  if (fracPart !== undefined) {
    if (fracPart.includes(",")) return "BAD_GROUPING";
    if (fracPart === "") return "NOT_A_NUMBER"; // "5."
  }
  let int = intPart;
  if (int.includes(",")) {
    // the first group must not start with 0: "0,123" is a European 0.123, not 123
    if (!/^[1-9]\d{0,2}(,\d{3})+$/.test(int)) return "BAD_GROUPING";
    int = int.replaceAll(",", "");
  }
  if (int === "") return "NOT_A_NUMBER";
  int = int.replace(/^0+(?=\d)/, "");
  return { negative: tok.negative, int, frac: fracPart ?? "" };
}

function isZero(n: Num): boolean {
  return /^0+$/.test(n.int + n.frac);
}

/** The number as typed: no grouping, no leading zeros, trailing zeros kept, no "-0". */
function typedString(n: Num): string {
  const sign = n.negative && !isZero(n) ? "-" : "";
  return `${sign}${n.int}${n.frac === "" ? "" : `.${n.frac}`}`;
}

function decOf(n: Num): Dec {
  return new Dec(typedString(n));
}

/** "NaN", "Infinity", "∞", with a sign and a unit or not. */
function isNonFinite(s: string): boolean {
  return /^[+-]?¥?[+-]?(?:nan|infinity|inf|∞)[\p{Script=Han}%]*$/iu.test(s);
}

const APPROX_PREFIX =
  "约为|约合|约计|大约|大概|大致|将近|接近|几乎|差不多|不到|不足|不少于|不低于|不超过|不高于|不多于|不大于|不小于|至少|最少|最多|超过|多于|少于|高于|低于|大于|小于|约|近|逾|>=|<=|[~〜≈≥≤><±]";
/** markers right after the number, possibly after a magnitude: "100多", "1382万余元", "100余人" */
const APPROX_AFTER_NUMBER =
  /^[十百千万亿]?(?:多|余|来|许|左右|上下|以上|以下|以内|之内|开外|出头|\+)[\p{L}%]*(?:\/\p{L}+)?$/u;
/** markers after the unit: "100万元左右", "98%以上" */
const APPROX_AFTER_UNIT = /^[\p{L}%]*(?:左右|上下|以上|以下|以内|之内|开外|出头|\+)$/u;
/** a range is not one value: "100-200", "100~200万元", "5至8人" */
const RANGE = /^[\p{L}%]*\s*(?:-|~|〜|至|到|—|–)\s*\d[\d.,]*[\p{L}%]*$/u;
const APPROX_LEADING = new RegExp(`^(?:${APPROX_PREFIX})\\s*([+-]?¥?[+-]?\\d[\\d.,]*)(.*)$`, "su");

/** True when the answer is a number hedged with 约 / 左右 / 多 / 以上 / ≥ …, or a range. */
function isApproximate(s: string): boolean {
  const lead = APPROX_LEADING.exec(s);
  if (lead) {
    const rest = (lead[2] ?? "").trim();
    return /^[\p{L}%]*(?:\/\p{L}+)?$/u.test(rest) || APPROX_AFTER_NUMBER.test(rest);
  }
  const tok = tokenize(s);
  if (!tok || isForeignNotation(tok)) return false; // "1e-5" is not the range 1e … 5
  return APPROX_AFTER_NUMBER.test(tok.rest) || APPROX_AFTER_UNIT.test(tok.rest) || RANGE.test(tok.rest);
}

/** A number in a notation we do not read: "1e5", "0x10", "123。45" (ideographic full stop). */
function isForeignNotation(tok: Token): boolean {
  return (
    /^[eE][+-]?\d+$/.test(tok.rest) ||
    (/^0$/.test(tok.digits) && /^[xX][0-9a-fA-F]+$/.test(tok.rest)) ||
    /^。\d+$/.test(tok.rest)
  );
}

/** In a numeric field, a "unit" with a digit in it is more number, not a unit. */
function looksLikeMoreNumber(tok: Token): boolean {
  return isForeignNotation(tok) || /\d/.test(tok.rest);
}

// ---------------------------------------------------------------------------------------------------
// Checks shared by the numeric kinds

interface Rules {
  allowNegative: boolean;
  integer: boolean;
  maxDecimals: number;
  /** true when |value| is out of range */
  tooLarge: (abs: Dec) => boolean;
}

/** Applies sign, integer, decimals and range rules; returns the value string as typed, or the reason. */
function checkNumber(n: Num, rules: Rules): { value: string } | { code: ReasonCode } {
  if (n.negative && !isZero(n) && !rules.allowNegative) return { code: "NEGATIVE" };
  let num = n;
  if (rules.integer) {
    if (/[1-9]/.test(n.frac)) return { code: "NOT_INTEGER" };
    num = { ...n, frac: "" }; // "617.00" is the integer 617
  }
  if (num.frac.length > rules.maxDecimals) return { code: "TOO_MANY_DECIMALS" };
  if (rules.tooLarge(decOf(num).abs())) return { code: "TOO_LARGE" };
  return { value: typedString(num) };
}

const COUNT_MAX = new Dec(LIMITS.countMax);
const PERCENT_MAX = new Dec(LIMITS.percentMax);
const NUMBER_MAX = new Dec(LIMITS.numberMax);
const MONEY_MAX_YUAN = new Dec(LIMITS.moneyMaxYuan);

/** An amount written in `written`, kept or converted to `target`; the value string as typed when not converted. */
function readMoney(
  n: Num,
  written: WrittenMoneyUnit,
  target: MoneyUnit,
  allowNegative: boolean,
): { value: string } | { code: ReasonCode } {
  if (n.negative && !isZero(n) && !allowNegative) return { code: "NEGATIVE" };
  if (n.frac.length > LIMITS.moneyDecimals[written]) return { code: "TOO_MANY_DECIMALS" };
  const amount = decOf(n);
  if (convertMoney(amount, written, "元").abs().gte(MONEY_MAX_YUAN)) return { code: "TOO_LARGE" };
  if (written === target) return { value: typedString(n) };
  const converted = convertMoney(amount, written, target);
  if (converted.decimalPlaces() > MAX_DECIMALS[target]) return { code: "TOO_MANY_DECIMALS" };
  return { value: toDecimalString(converted) };
}

// ---------------------------------------------------------------------------------------------------
// The entry point

function reject(code: ReasonCode, expected: Expected, input: string): ParseResult {
  return { ok: false, error: { code, message: messageFor(code, expected, input), input } };
}

type Numeric = Exclude<Expected, { kind: "date" } | { kind: "text" } | { kind: "quantity" }>;

/**
 * Parses one answer typed in chat against what the question expects; never throws on user input.
 * Money is returned in the field's unit, exactly; percentages, counts and numbers as typed.
 */
export function parseAnswer(input: string, expected: Expected): ParseResult {
  const s = normalizeInput(input);
  if (s === "") return reject("EMPTY", expected, input);
  switch (expected.kind) {
    case "text":
      return parseText(input, expected.maxLength ?? LIMITS.textMaxLength, expected);
    case "date": {
      const date = parseDateSpec(s, expected.year);
      return date ? { ok: true, value: date } : reject("NOT_A_DATE", expected, input);
    }
    case "quantity":
      return parseQuantity(s, input, expected);
    default:
      return parseNumeric(s, input, expected);
  }
}

/** Text is kept as typed (trimmed, not NFKC): prose keeps its Chinese punctuation and ㈠ ⒈ ⑴ numbering. */
function parseText(input: string, maxLength: number, expected: Expected): ParseResult {
  if (!Number.isInteger(maxLength) || maxLength < 1)
    throw new Error(`text maxLength must be ≥ 1: ${maxLength}`);
  const text = input.trim();
  if ([...text].length > maxLength) return reject("TOO_LONG", expected, input);
  // a name becomes a file name and a line of the PDF: a line break or a control character is refused
  if (expected.kind === "text" && expected.singleLine && /[\p{Cc}\u2028\u2029]/u.test(text))
    return reject("MULTILINE", expected, input);
  return { ok: true, value: { kind: "text", text } };
}

/** The unit a numeric field accepts after the number, resolved; null when the typed unit does not fit. */
function acceptedUnit(tok: Token, expected: Numeric): { money: WrittenMoneyUnit } | { unit: string } | null {
  switch (expected.kind) {
    case "money": {
      if (tok.rest === "") return { money: tok.currency ? "元" : expected.unit };
      const written = MONEY_SUFFIX[tok.rest];
      return written ? { money: written } : null;
    }
    case "count": {
      if (tok.currency) return null;
      const [first] = expected.units;
      if (first === undefined) throw new Error("count expects at least one unit");
      if (tok.rest === "") return { unit: first };
      const i = expected.units.findIndex((u) => u.normalize("NFKC").trim() === tok.rest);
      const unit = expected.units[i];
      return unit === undefined ? null : { unit };
    }
    case "percent":
      return !tok.currency && (tok.rest === "" || tok.rest === "%") ? { unit: "%" } : null;
    case "number":
      return !tok.currency && (tok.rest === "" || (expected.unit !== undefined && tok.rest === expected.unit))
        ? { unit: "" }
        : null;
  }
}

function parseNumeric(s: string, input: string, expected: Numeric): ParseResult {
  if (isNonFinite(s)) return reject("NOT_FINITE", expected, input);
  const tok = tokenize(s);
  const unit = tok ? acceptedUnit(tok, expected) : null;
  if (!tok || !unit) {
    if (isApproximate(s)) return reject("APPROXIMATE", expected, input);
    if (!tok) return reject("NOT_A_NUMBER", expected, input);
    const n = readNumber(tok);
    if (typeof n === "string") return reject(n, expected, input);
    return reject(looksLikeMoreNumber(tok) ? "NOT_A_NUMBER" : "UNIT_MISMATCH", expected, input);
  }
  const n = readNumber(tok);
  if (typeof n === "string") return reject(n, expected, input);
  const allowNegative = expected.allowNegative ?? false;

  if (expected.kind === "money") {
    if (!("money" in unit)) throw new Error("money field resolved to a non-money unit");
    const r = readMoney(n, unit.money, expected.unit, allowNegative);
    if ("code" in r) return reject(r.code, expected, input);
    return { ok: true, value: { kind: "money", value: r.value, unit: expected.unit } };
  }
  if (!("unit" in unit)) throw new Error("non-money field resolved to a money unit");

  switch (expected.kind) {
    case "count": {
      const r = checkNumber(n, {
        allowNegative,
        integer: expected.integer ?? true,
        maxDecimals: LIMITS.countDecimals,
        tooLarge: (abs) => abs.gt(COUNT_MAX),
      });
      if ("code" in r) return reject(r.code, expected, input);
      return { ok: true, value: { kind: "count", value: r.value, unit: unit.unit } };
    }
    case "percent": {
      const r = checkNumber(n, {
        allowNegative,
        integer: false,
        maxDecimals: LIMITS.percentDecimals,
        tooLarge: (abs) => abs.gt(PERCENT_MAX),
      });
      if ("code" in r) return reject(r.code, expected, input);
      return { ok: true, value: { kind: "percent", value: r.value } };
    }
    case "number": {
      const max = expected.max;
      const r = checkNumber(n, {
        allowNegative,
        integer: expected.integer ?? false,
        maxDecimals: LIMITS.numberDecimals,
        tooLarge: (abs) => abs.gte(NUMBER_MAX) || (max !== undefined && abs.gt(max)),
      });
      if ("code" in r) return reject(r.code, expected, input);
      return { ok: true, value: { kind: "number", value: r.value } };
    }
  }
}

/** How an indicator value reads once its number is split off. */
type QuantityShape =
  | { kind: "money"; written: WrittenMoneyUnit; per?: string }
  | { kind: "percent" }
  | { kind: "count"; unit: string }
  | { kind: "number" };

function quantityShape(tok: Token): QuantityShape | null {
  const rest = tok.rest;
  const money = /^(元|万元|亿元|万|亿)?(?:\/([\p{Script=Han}A-Za-z]+))?$/u.exec(rest);
  if (money) {
    const [, suffix, per] = money;
    // without "¥", an amount needs 元 in its unit: "100万" alone is a count of 万, not money
    let written: WrittenMoneyUnit | undefined;
    if (tok.currency) written = suffix === undefined ? "元" : MONEY_SUFFIX[suffix];
    else if (suffix?.endsWith("元")) written = MONEY_SUFFIX[suffix];
    if (written) return per === undefined ? { kind: "money", written } : { kind: "money", written, per };
  }
  if (tok.currency) return null;
  if (rest === "") return { kind: "number" };
  if (rest === "%") return { kind: "percent" };
  if (UNIT_LETTERS.test(rest)) return { kind: "count", unit: rest };
  return null;
}

/**
 * An indicator's 指标值 / 完成值, kind detected from the answer: a date, a percentage, an amount (kept in
 * its own unit, 元 or 万元; 亿元 becomes 万元), a count with its unit, a bare number, or else text.
 * Negative values are accepted (change rates). `moneyUnit` only chooses the examples in messages.
 */
function parseQuantity(
  s: string,
  input: string,
  expected: Extract<Expected, { kind: "quantity" }>,
): ParseResult {
  // A bare "2020.3" is a number here, not March 2020: only a date written with 年 or with a day is a date.
  const yearless = expected.year !== undefined && /^\d{1,2}月/.test(s);
  const date =
    /年/.test(s) || yearless || /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/.test(s)
      ? parseDateSpec(s, expected.year)
      : null;
  if (date) return { ok: true, value: date };
  if (isNonFinite(s)) return reject("NOT_FINITE", expected, input);
  if (isApproximate(s)) return reject("APPROXIMATE", expected, input);

  const tok = tokenize(s);
  if (tok) {
    const shape = quantityShape(tok);
    if (shape) {
      const n = readNumber(tok);
      if (typeof n === "string") return reject(n, expected, input);
      const result = quantityValue(n, shape);
      return "code" in result ? reject(result.code, expected, input) : { ok: true, value: result.value };
    }
    // "2020年3月5日至10日" is text, but "1e5" is a number we refuse to guess at
    if (isForeignNotation(tok)) return reject("NOT_A_NUMBER", expected, input);
  }
  return parseText(input, LIMITS.textMaxLength, expected);
}

function quantityValue(n: Num, shape: QuantityShape): { value: Quantity } | { code: ReasonCode } {
  switch (shape.kind) {
    case "money": {
      const unit: MoneyUnit = shape.written === "元" ? "元" : "万元";
      const r = readMoney(n, shape.written, unit, true);
      if ("code" in r) return r;
      const value: Quantity = { kind: "money", value: r.value, unit };
      if (shape.per !== undefined) value.per = shape.per;
      return { value };
    }
    case "percent": {
      const r = checkNumber(n, {
        allowNegative: true,
        integer: false,
        maxDecimals: LIMITS.percentDecimals,
        tooLarge: (abs) => abs.gt(PERCENT_MAX),
      });
      return "code" in r ? r : { value: { kind: "percent", value: r.value } };
    }
    case "count": {
      const r = checkNumber(n, {
        allowNegative: true,
        integer: false,
        maxDecimals: LIMITS.countDecimals,
        tooLarge: (abs) => abs.gt(COUNT_MAX),
      });
      return "code" in r ? r : { value: { kind: "count", value: r.value, unit: shape.unit } };
    }
    case "number": {
      const r = checkNumber(n, {
        allowNegative: true,
        integer: false,
        maxDecimals: LIMITS.numberDecimals,
        tooLarge: (abs) => abs.gte(NUMBER_MAX),
      });
      return "code" in r ? r : { value: { kind: "number", value: r.value } };
    }
  }
}
