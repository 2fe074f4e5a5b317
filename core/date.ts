import type { DateSpec } from "./quantity.js";

/**
 * Dates as the forms write them: "2020年3月底前", "2020年5月份", "2020-03-31".
 *
 * Every date is turned into a span of days (`firstDay` … `lastDay`, days since 1970-01-01) by integer
 * arithmetic on the proleptic Gregorian calendar: no `Date`, no clock, no time zone.
 *
 * The one reading that no source settles is "…前" after a period. Zipin reads it as *no later than the
 * end of that period, inclusive*: "2020年3月底前" and "2020年3月前" both mean "by 31 March 2020", and
 * "2020年3月31日前" means "by 31 March 2020" (that day counts as on time). Staff who wrote "3月前" for
 * "before March" must write "2020年2月底前".
 */

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/**
 * "前", "以前", "之前" at the end: no later than the end of the period (inclusive); a deadline or a
 * completion may end with the work it names ("2021年12月完成", "12月底前完成"), which changes nothing.
 */
const BEFORE = "(前|以前|之前)?(?:完成|完工|办结|建成|实施)?";

/** 2020年 | 2020年底 | 2020年3月份 | 2020年3月31日, each optionally followed by 前. */
const CHINESE_FORM = new RegExp(
  `^(\\d{4})年(?:(\\d{1,2})月(?:(\\d{1,2})日|(份)|(底|末)|(初))?|(底|末)|(初)|(度))?${BEFORE}$`,
);

/** 2020-03-31 | 2020-3 | 2020.3.31 | 2020/3/31 | 2020.3, one separator throughout. */
const NUMERIC_FORM = new RegExp(`^(\\d{4})([-./])(\\d{1,2})(?:\\2(\\d{1,2}))?${BEFORE}$`);

/** True for a leap year of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a calendar day (Howard Hinnant's days_from_civil, integers only). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0 … February = 11
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parses a date as staff write it ("2020年3月底前", "2020年5月份", "2020-03-31", "2021年12月完成"); null
 * when it is not one. A date without its year ("12月底前完成") is read in `year` (the report's) when
 * one is given, else refused.
 */
export function parseDateSpec(text: string, year?: number): DateSpec | null {
  const given = text.trim();
  if (given === "") return null;
  // Spaces around 年/月/日 are harmless ("2020 年 3 月"); spaces between two digits are not ("20 20年").
  const written = given.normalize("NFKC").replace(/\s+(?=\D)|(?<=\D)\s+/g, "");
  const s = year !== undefined && /^\d{1,2}月/.test(written) ? `${year}年${written}` : written;

  const c = CHINESE_FORM.exec(s);
  if (c) {
    // groups 5 (份) and 10 (度) name the whole period, like a bare month or year
    const [, y, m, d, , monthEnd, monthStart, yearEnd, yearStart, , before] = c;
    let edge: DateSpec["edge"] = "whole";
    if (d !== undefined) edge = "day";
    else if (monthEnd !== undefined || yearEnd !== undefined) edge = "end";
    else if (monthStart !== undefined || yearStart !== undefined) edge = "start";
    return build(given, y, m, d, edge, before !== undefined);
  }

  const n = NUMERIC_FORM.exec(s);
  if (n) {
    const [, y, , m, d, before] = n;
    return build(given, y, m, d, d === undefined ? "whole" : "day", before !== undefined);
  }
  return null;
}

function build(
  text: string,
  y: string | undefined,
  m: string | undefined,
  d: string | undefined,
  edge: DateSpec["edge"],
  before: boolean,
): DateSpec | null {
  const year = Number(y);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return null;
  const spec: DateSpec = { kind: "date", text, year, edge, before };
  if (m === undefined) return spec;
  const month = Number(m);
  if (month < 1 || month > 12) return null;
  spec.month = month;
  if (d === undefined) return spec;
  const day = Number(d);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  spec.day = day;
  return spec;
}

/** The period a spec names, ignoring its edge: a year, a month or a day, as [first, last] day numbers. */
function period(spec: DateSpec): [number, number] {
  const { year, month, day } = spec;
  if (month === undefined) {
    if (day !== undefined) throw new Error(`DateSpec with a day but no month: ${JSON.stringify(spec)}`);
    return [dayNumber(year, 1, 1), dayNumber(year, 12, 31)];
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new Error(`DateSpec with an invalid month: ${JSON.stringify(spec)}`);
  }
  if (day === undefined) {
    if (spec.edge === "day") throw new Error(`DateSpec with edge "day" but no day: ${JSON.stringify(spec)}`);
    return [dayNumber(year, month, 1), dayNumber(year, month, daysInMonth(year, month))];
  }
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`DateSpec with an invalid day: ${JSON.stringify(spec)}`);
  }
  const n = dayNumber(year, month, day);
  return [n, n];
}

/**
 * The days a spec covers, as [first, last] day numbers:
 * - whole ("2020年5月份", "2020年"): the whole period;
 * - end ("2020年3月底", "2020年底"): its last day; with 前 ("2020年3月底前"): the whole period up to it;
 * - start ("2020年3月初"): its first day (also with 前);
 * - day ("2020年3月31日", with or without 前): that day.
 */
function span(spec: DateSpec): [number, number] {
  const [first, last] = period(spec);
  switch (spec.edge) {
    case "whole":
    case "day":
      return [first, last];
    case "end":
      return spec.before ? [first, last] : [last, last];
    case "start":
      return [first, first];
  }
}

/** Earliest day a spec covers, in days since 1970-01-01 ("2020年3月底前" → 2020-03-01). */
export function firstDay(spec: DateSpec): number {
  return span(spec)[0];
}

/** Latest day a spec covers, in days since 1970-01-01 ("2020年3月底前" and "2020年3月前" → 2020-03-31). */
export function lastDay(spec: DateSpec): number {
  return span(spec)[1];
}

export interface DeadlineComparison {
  onTime: boolean;
  /** days from the deadline's last day to the actual's last day; 0 when on time */
  daysLate: number;
  /** calendar months between the two months; null when either spec names only a year */
  monthsLate: number | null;
}

/** Compares a deadline row ("2020年3月底前") with its 完成值 ("2020年5月份"): on time iff actual ends by the deadline. */
export function compareDeadline(deadline: DateSpec, actual: DateSpec): DeadlineComparison {
  const due = lastDay(deadline);
  const done = lastDay(actual);
  const monthsLate =
    deadline.month !== undefined && actual.month !== undefined
      ? Math.max(0, actual.year * 12 + actual.month - (deadline.year * 12 + deadline.month))
      : null;
  return { onTime: done <= due, daysLate: Math.max(0, done - due), monthsLate };
}

/** The date as staff wrote it ("2020年3月底前"). */
export function formatDateSpec(spec: DateSpec): string {
  return spec.text;
}
