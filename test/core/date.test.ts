import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareDeadline,
  dayNumber,
  firstDay,
  formatDateSpec,
  lastDay,
  parseDateSpec,
} from "../../core/date.js";
import { type DateSpec, DateSpecSchema } from "../../core/quantity.js";

type Fields = Omit<DateSpec, "kind" | "text">;

const accepted: [string, Fields][] = [
  ["2020年3月底前", { year: 2020, month: 3, edge: "end", before: true }],
  ["2020年3月底", { year: 2020, month: 3, edge: "end", before: false }],
  ["2020年3月末", { year: 2020, month: 3, edge: "end", before: false }],
  ["2020年3月份", { year: 2020, month: 3, edge: "whole", before: false }],
  ["2020年3月", { year: 2020, month: 3, edge: "whole", before: false }],
  ["2020年3月初", { year: 2020, month: 3, edge: "start", before: false }],
  ["2020年3月31日", { year: 2020, month: 3, day: 31, edge: "day", before: false }],
  ["2020年3月31日前", { year: 2020, month: 3, day: 31, edge: "day", before: true }],
  ["2020年3月前", { year: 2020, month: 3, edge: "whole", before: true }],
  ["2020年3月底以前", { year: 2020, month: 3, edge: "end", before: true }],
  ["2020年3月底之前", { year: 2020, month: 3, edge: "end", before: true }],
  ["2020年底", { year: 2020, edge: "end", before: false }],
  ["2020年末", { year: 2020, edge: "end", before: false }],
  ["2020年底前", { year: 2020, edge: "end", before: true }],
  ["2020年初", { year: 2020, edge: "start", before: false }],
  ["2020年", { year: 2020, edge: "whole", before: false }],
  ["2020年度", { year: 2020, edge: "whole", before: false }],
  ["2020-03-31", { year: 2020, month: 3, day: 31, edge: "day", before: false }],
  ["2020-3", { year: 2020, month: 3, edge: "whole", before: false }],
  ["2020.3.31", { year: 2020, month: 3, day: 31, edge: "day", before: false }],
  ["2020/3/31", { year: 2020, month: 3, day: 31, edge: "day", before: false }],
  ["2020.3", { year: 2020, month: 3, edge: "whole", before: false }],
  ["2020-03-31前", { year: 2020, month: 3, day: 31, edge: "day", before: true }],
  ["2020年02月29日", { year: 2020, month: 2, day: 29, edge: "day", before: false }],
  ["2000年2月29日", { year: 2000, month: 2, day: 29, edge: "day", before: false }],
  ["2021年12月31日", { year: 2021, month: 12, day: 31, edge: "day", before: false }],
  ["1900年1月1日", { year: 1900, month: 1, day: 1, edge: "day", before: false }],
  ["2200年12月", { year: 2200, month: 12, edge: "whole", before: false }],
];

const rejected = [
  "",
  "2020年2月30日",
  "2020年13月",
  "2020年0月",
  "2021年2月29日",
  "1900年2月29日",
  "2020年4月31日",
  "2020年3月0日",
  "1899年",
  "2201年",
  "2020",
  "20年3月",
  "3月底前",
  "2020-13",
  "2020-3/31",
  "2020.3.31.1",
  "2020年3月31号",
  "2020年3月底后",
  "2020年第一季度",
  "明年3月",
  "20 20年",
  "约2020年",
];

describe("parseDateSpec", () => {
  it.each(accepted)("%j", (text, fields) => {
    const spec = parseDateSpec(text);
    expect(spec).toEqual({ kind: "date", text, ...fields });
    expect(DateSpecSchema.parse(spec)).toEqual(spec);
  });

  it.each(rejected)("%j → null", (text) => {
    expect(parseDateSpec(text)).toBeNull();
  });

  it("keeps the text as given, trimmed, and tolerates spaces around 年/月", () => {
    expect(parseDateSpec(" 2020 年 3 月底前 ")).toEqual({
      kind: "date",
      text: "2020 年 3 月底前",
      year: 2020,
      month: 3,
      edge: "end",
      before: true,
    });
  });
});

describe("dates as forms write them", () => {
  it("a completion ends with its work: 2021年12月完成, and 12月底前完成 in the report's year", () => {
    expect(parseDateSpec("2021年12月完成")).toEqual({
      kind: "date",
      text: "2021年12月完成",
      year: 2021,
      month: 12,
      edge: "whole",
      before: false,
    });
    expect(parseDateSpec("12月底前完成", 2021)).toEqual({
      kind: "date",
      text: "12月底前完成",
      year: 2021,
      month: 12,
      edge: "end",
      before: true,
    });
    // without the report's year a date without its year is not a date
    expect(parseDateSpec("12月底前完成")).toBeNull();
  });
});

const day = (y: number, m: number, d: number) => dayNumber(y, m, d);
const spec = (text: string): DateSpec => {
  const s = parseDateSpec(text);
  if (!s) throw new Error(`test date does not parse: ${text}`);
  return s;
};

describe("dayNumber", () => {
  it("counts days from 1970-01-01", () => {
    expect(day(1970, 1, 1)).toBe(0);
    expect(day(1969, 12, 31)).toBe(-1);
    expect(day(2000, 3, 1)).toBe(11017);
    expect(day(2020, 3, 31)).toBe(18352);
    expect(day(1900, 1, 1)).toBe(-25567);
  });

  it("agrees with UTC calendar arithmetic on every day from 1900 to 2200", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1) / 86400000, max: Date.UTC(2200, 11, 31) / 86400000 }),
        (n) => {
          const d = new Date(n * 86400000);
          expect(day(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("firstDay / lastDay", () => {
  it.each([
    ["2020年5月份", day(2020, 5, 1), day(2020, 5, 31)],
    ["2020年5月", day(2020, 5, 1), day(2020, 5, 31)],
    ["2020年3月底前", day(2020, 3, 1), day(2020, 3, 31)],
    ["2020年3月前", day(2020, 3, 1), day(2020, 3, 31)],
    ["2020年3月底", day(2020, 3, 31), day(2020, 3, 31)],
    ["2020年3月末", day(2020, 3, 31), day(2020, 3, 31)],
    ["2020年3月初", day(2020, 3, 1), day(2020, 3, 1)],
    ["2020年3月31日", day(2020, 3, 31), day(2020, 3, 31)],
    ["2020年3月31日前", day(2020, 3, 31), day(2020, 3, 31)],
    ["2020年2月", day(2020, 2, 1), day(2020, 2, 29)],
    ["2021年2月底", day(2021, 2, 28), day(2021, 2, 28)],
    ["2020年", day(2020, 1, 1), day(2020, 12, 31)],
    ["2020年底", day(2020, 12, 31), day(2020, 12, 31)],
    ["2020年底前", day(2020, 1, 1), day(2020, 12, 31)],
    ["2020年初", day(2020, 1, 1), day(2020, 1, 1)],
    ["2021-03-31", day(2021, 3, 31), day(2021, 3, 31)],
  ])("%j covers %i … %i", (text, first, last) => {
    const s = spec(text);
    expect(firstDay(s)).toBe(first);
    expect(lastDay(s)).toBe(last);
  });

  it("throws on a spec no parser produces (a bug, not input)", () => {
    expect(() =>
      lastDay({ kind: "date", text: "x", year: 2021, month: 2, day: 29, edge: "day", before: false }),
    ).toThrow();
    expect(() =>
      lastDay({ kind: "date", text: "x", year: 2021, month: 2, edge: "day", before: false }),
    ).toThrow();
  });
});

describe("compareDeadline", () => {
  it("the sample: due by the end of March, done in May → late by 61 days, 2 months", () => {
    expect(compareDeadline(spec("2020年3月底前"), spec("2020年5月份"))).toEqual({
      onTime: false,
      daysLate: 61,
      monthsLate: 2,
    });
  });

  it.each([
    ["2020年3月底前", "2020年3月31日", { onTime: true, daysLate: 0, monthsLate: 0 }],
    ["2020年3月底前", "2020年3月份", { onTime: true, daysLate: 0, monthsLate: 0 }],
    ["2020年3月前", "2020年3月31日", { onTime: true, daysLate: 0, monthsLate: 0 }],
    ["2020年3月底前", "2020年2月", { onTime: true, daysLate: 0, monthsLate: 0 }],
    ["2020年3月31日", "2020-04-01", { onTime: false, daysLate: 1, monthsLate: 1 }],
    ["2020年底", "2021年3月末", { onTime: false, daysLate: 90, monthsLate: null }],
    ["2020年底前", "2020年12月31日", { onTime: true, daysLate: 0, monthsLate: null }],
    ["2020年6月底前", "2021年1月", { onTime: false, daysLate: 215, monthsLate: 7 }],
  ])("%j vs %j", (deadline, actual, result) => {
    expect(compareDeadline(spec(deadline), spec(actual))).toEqual(result);
  });
});

describe("formatDateSpec", () => {
  it("returns the text as written", () => {
    expect(formatDateSpec(spec("2020年3月底前"))).toBe("2020年3月底前");
  });
});
