import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleFor, examplesFor, messageFor } from "../../core/messages.js";
import { Dec } from "../../core/money.js";
import { type Expected, normalizeInput, parseAnswer, type ReasonCode } from "../../core/parse.js";
import { type Quantity, QuantitySchema } from "../../core/quantity.js";

const W: Expected = { kind: "money", unit: "万元" };
const WN: Expected = { kind: "money", unit: "万元", allowNegative: true };
const Y: Expected = { kind: "money", unit: "元" };
const PERSON: Expected = { kind: "count", units: ["人"] };
const TRAINED: Expected = { kind: "count", units: ["人次", "人"] };
const KM: Expected = { kind: "count", units: ["KM"], integer: false };
const PCT: Expected = { kind: "percent" };
const PCTN: Expected = { kind: "percent", allowNegative: true };
const NUM: Expected = { kind: "number" };
const NUMN: Expected = { kind: "number", allowNegative: true };
const INT: Expected = { kind: "number", integer: true };
const DATE: Expected = { kind: "date" };
const TEXT: Expected = { kind: "text" };
const TEXT10: Expected = { kind: "text", maxLength: 10 };
const Q: Expected = { kind: "quantity", moneyUnit: "万元" };
const QY: Expected = { kind: "quantity", moneyUnit: "元" };

const ALL_EXPECTED: Expected[] = [
  W,
  WN,
  Y,
  { kind: "money", unit: "元", allowNegative: true },
  PERSON,
  TRAINED,
  KM,
  { kind: "count", units: ["㎞", "亩"], allowNegative: true },
  { kind: "count", units: ["m2"] },
  PCT,
  PCTN,
  NUM,
  NUMN,
  INT,
  DATE,
  TEXT,
  TEXT10,
  { kind: "text", maxLength: 1 },
  Q,
  QY,
];

const money = (value: string, unit: "元" | "万元" = "万元"): Quantity => ({ kind: "money", value, unit });
const count = (value: string, unit: string): Quantity => ({ kind: "count", value, unit });
const percent = (value: string): Quantity => ({ kind: "percent", value });
const number = (value: string): Quantity => ({ kind: "number", value });
const text = (t: string): Quantity => ({ kind: "text", text: t });

const accepted: [string, Expected, Quantity][] = [
  // money, in the report's unit (万元)
  ["352.29", W, money("352.29")],
  ["352.29万元", W, money("352.29")],
  ["352.29万", W, money("352.29")],
  ["3,522,900元", W, money("352.29")],
  ["3522900元", W, money("352.29")],
  ["0.035229亿元", W, money("352.29")],
  ["¥3522900", W, money("352.29")],
  ["￥3,522,900", W, money("352.29")],
  ["３５２．２９万元", W, money("352.29")],
  ["  352.29 万元 ", W, money("352.29")],
  ["2.30", W, money("2.30")],
  ["007", W, money("7")],
  ["0", W, money("0")],
  ["-0", W, money("0")],
  ["-0.00", W, money("0.00")],
  ["1元", W, money("0.0001")],
  ["1,382.28", W, money("1382.28")],
  ["-0.5", WN, money("-0.5")],
  ["-0.1万元", WN, money("-0.1")],
  // money into 元
  ["0.0001万元", Y, money("1", "元")],
  ["0.000001万元", Y, money("0.01", "元")],
  ["352.29万元", Y, money("3522900", "元")],
  ["3,522,900", Y, money("3522900", "元")],
  ["3522900.50元", Y, money("3522900.50", "元")],
  ["999999999999.99元", Y, money("999999999999.99", "元")],
  // counts
  ["617", PERSON, count("617", "人")],
  ["617人", PERSON, count("617", "人")],
  ["617 人", PERSON, count("617", "人")],
  ["23,038人", PERSON, count("23038", "人")],
  ["617.00", PERSON, count("617", "人")],
  ["617", TRAINED, count("617", "人次")],
  ["617人次", TRAINED, count("617", "人次")],
  ["617人", TRAINED, count("617", "人")],
  ["17.5KM", KM, count("17.5", "KM")],
  ["１７ＫＭ", KM, count("17", "KM")],
  ["17km", { kind: "count", units: ["㎞"] }, count("17", "㎞")],
  // percentages, as typed
  ["98%", PCT, percent("98")],
  ["98", PCT, percent("98")],
  ["98.5%", PCT, percent("98.5")],
  ["89.95%", PCT, percent("89.95")],
  ["35.70%", PCT, percent("35.70")],
  ["0.98", PCT, percent("0.98")],
  ["９８％", PCT, percent("98")],
  ["98 %", PCT, percent("98")],
  ["-4.17%", PCTN, percent("-4.17")],
  // numbers
  ["+5", NUM, number("5")],
  ["1,234.5", NUM, number("1234.5")],
  ["\u22123", NUMN, number("-3")],
  ["23038", INT, number("23038")],
  // dates
  [
    "2020年3月底前",
    DATE,
    { kind: "date", text: "2020年3月底前", year: 2020, month: 3, edge: "end", before: true },
  ],
  [
    "2020-03-31",
    DATE,
    { kind: "date", text: "2020-03-31", year: 2020, month: 3, day: 31, edge: "day", before: false },
  ],
  [
    "２０２０年５月份",
    DATE,
    { kind: "date", text: "2020年5月份", year: 2020, month: 5, edge: "whole", before: false },
  ],
  // text keeps its Chinese punctuation and numbering (no NFKC)
  ["  完成，效果良好（详见附件）  ", TEXT, text("完成，效果良好（详见附件）")],
  ["㈠基本支出；⒈工资福利", TEXT, text("㈠基本支出；⒈工资福利")],
  ["1234567890", TEXT10, text("1234567890")],
  // indicator values, auto-detected
  ["617人次", Q, count("617", "人次")],
  ["98%", Q, percent("98")],
  ["352.29万元", Q, money("352.29")],
  ["3,522,900元", Q, money("3522900", "元")],
  ["0.035229亿元", Q, money("352.29")],
  ["600元/人", Q, { kind: "money", value: "600", unit: "元", per: "人" }],
  ["¥600", QY, money("600", "元")],
  ["17KM", Q, count("17", "KM")],
  ["1.5万人", Q, count("1.5", "万人")],
  [
    "2020年3月底前",
    Q,
    { kind: "date", text: "2020年3月底前", year: 2020, month: 3, edge: "end", before: true },
  ],
  [
    "2020年5月份",
    Q,
    { kind: "date", text: "2020年5月份", year: 2020, month: 5, edge: "whole", before: false },
  ],
  ["100", Q, number("100")],
  ["0", Q, number("0")],
  ["-4.17%", Q, percent("-4.17")],
  ["按时完成", Q, text("按时完成")],
  ["2020年3月5日至10日", Q, text("2020年3月5日至10日")],
  ["2000.5", Q, { kind: "number", value: "2000.5" }],
  ["—", Q, text("—")],
];

const rejected: [string, Expected, ReasonCode][] = [
  ["", W, "EMPTY"],
  ["   ", W, "EMPTY"],
  ["\u3000", TEXT, "EMPTY"],
  ["\u200b", Q, "EMPTY"],
  ["", DATE, "EMPTY"],
  // grouping: never read "1,5" as 1.5
  ["1,5", W, "BAD_GROUPING"],
  ["12,34", W, "BAD_GROUPING"],
  ["1，5", W, "BAD_GROUPING"],
  ["0,123", NUM, "BAD_GROUPING"],
  ["1,234,56", W, "BAD_GROUPING"],
  ["1.234,5", NUM, "BAD_GROUPING"],
  ["1,5人", PERSON, "BAD_GROUPING"],
  ["1, 234", NUM, "BAD_GROUPING"],
  // not a number
  ["1e5", W, "NOT_A_NUMBER"],
  ["1e-5", W, "NOT_A_NUMBER"],
  ["0x10", NUM, "NOT_A_NUMBER"],
  ["二十", PERSON, "NOT_A_NUMBER"],
  ["二十万元", W, "NOT_A_NUMBER"],
  ["123。45", W, "NOT_A_NUMBER"],
  ["1.2.3", NUM, "NOT_A_NUMBER"],
  [".5", NUM, "NOT_A_NUMBER"],
  ["5.", NUM, "NOT_A_NUMBER"],
  ["3 522 900", Y, "NOT_A_NUMBER"],
  ["--5", NUMN, "NOT_A_NUMBER"],
  // not finite
  ["NaN", W, "NOT_FINITE"],
  ["Infinity", NUM, "NOT_FINITE"],
  ["∞", PCT, "NOT_FINITE"],
  ["-Infinity", NUMN, "NOT_FINITE"],
  // approximate
  ["约100", W, "APPROXIMATE"],
  ["100左右", W, "APPROXIMATE"],
  ["100多", PERSON, "APPROXIMATE"],
  ["100余", PERSON, "APPROXIMATE"],
  ["近100", NUM, "APPROXIMATE"],
  ["100以上", PCT, "APPROXIMATE"],
  ["1382万余元", W, "APPROXIMATE"],
  ["100万元左右", W, "APPROXIMATE"],
  ["100-200万元", W, "APPROXIMATE"],
  ["≥90%", Q, "APPROXIMATE"],
  ["约100人", Q, "APPROXIMATE"],
  // sign
  ["-0.5", W, "NEGATIVE"],
  ["-1人", PERSON, "NEGATIVE"],
  ["-5%", PCT, "NEGATIVE"],
  ["-3", NUM, "NEGATIVE"],
  // decimals
  ["1.234元", W, "TOO_MANY_DECIMALS"],
  ["1.234元", Y, "TOO_MANY_DECIMALS"],
  ["1.234", Y, "TOO_MANY_DECIMALS"],
  ["352.2900001万元", W, "TOO_MANY_DECIMALS"],
  ["0.00000000001亿元", W, "TOO_MANY_DECIMALS"],
  ["98.1234567%", PCT, "TOO_MANY_DECIMALS"],
  ["1.234元", Q, "TOO_MANY_DECIMALS"],
  // units
  ["100美元", W, "UNIT_MISMATCH"],
  ["100人", W, "UNIT_MISMATCH"],
  ["98%", W, "UNIT_MISMATCH"],
  ["5个", W, "UNIT_MISMATCH"],
  ["600元/人", W, "UNIT_MISMATCH"],
  ["617人次", PERSON, "UNIT_MISMATCH"],
  ["98‰", PCT, "UNIT_MISMATCH"],
  ["¥100", PCT, "UNIT_MISMATCH"],
  ["100元", NUM, "UNIT_MISMATCH"],
  // integers
  ["1.5", PERSON, "NOT_INTEGER"],
  ["1.5", INT, "NOT_INTEGER"],
  // range
  ["1000000000000元", Y, "TOO_LARGE"],
  ["100000000万元", W, "TOO_LARGE"],
  ["0.01万亿元", W, "UNIT_MISMATCH"],
  ["10000000001", PERSON, "TOO_LARGE"],
  ["100000.1%", PCT, "TOO_LARGE"],
  ["1000000000000000", NUM, "TOO_LARGE"],
  // dates
  ["2020年2月30日", DATE, "NOT_A_DATE"],
  ["2020年13月", DATE, "NOT_A_DATE"],
  ["明年", DATE, "NOT_A_DATE"],
  // text
  ["a".repeat(2001), TEXT, "TOO_LONG"],
  ["12345678901", TEXT10, "TOO_LONG"],
  // indicator values keep the number rules
  ["NaN", Q, "NOT_FINITE"],
  ["1,5", Q, "BAD_GROUPING"],
  ["1e5", Q, "NOT_A_NUMBER"],
  ["1e-5", Q, "NOT_A_NUMBER"],
  ["1.2.3", Q, "NOT_A_NUMBER"],
  ["99%以上", Q, "APPROXIMATE"],
  ["10-20", Q, "APPROXIMATE"],
];

describe("parseAnswer: accepted", () => {
  it.each(accepted)("%j → ok", (input, expected, value) => {
    const r = parseAnswer(input, expected);
    expect(r).toEqual({ ok: true, value });
    if (r.ok) expect(QuantitySchema.parse(r.value)).toEqual(value);
  });
});

describe("parseAnswer: rejected", () => {
  it.each(rejected)("%j → %s", (input, expected, code) => {
    const r = parseAnswer(input, expected);
    expect(r).toEqual({ ok: false, error: { code, message: messageFor(code, expected, input), input } });
  });
});

describe("messages", () => {
  it("say what is expected, with examples", () => {
    expect(messageFor("EMPTY", W, "")).toBe(
      "没有填写内容。应为金额（单位：万元），例如：352.29 或 3,522,900元",
    );
    const r = parseAnswer("1,5", W);
    expect(r.ok ? "" : r.error.message).toBe(
      "“1,5”中的逗号用法不对：逗号只能作千位分隔，每三位一组；小数点请用“.”。" +
        "应为金额（单位：万元），例如：352.29 或 3,522,900元",
    );
    const u = parseAnswer("617人次", PERSON);
    expect(u.ok ? "" : u.error.message).toBe(
      "“617人次”的单位不对：单位应为“人”，或不写单位。应为整数（单位：人），例如：617 或 617人",
    );
    expect(messageFor("TOO_LONG", TEXT10, "12345678901")).toBe(
      "内容过长（11字），最多10字。应为文字（不超过10字），例如：按计划完成",
    );
  });

  it("shorten a long input", () => {
    expect(messageFor("NOT_A_NUMBER", NUM, `${"九".repeat(30)}`)).toContain(`“${"九".repeat(20)}…”`);
  });

  it.each(ALL_EXPECTED)("every example for %j parses and is in the message", (expected) => {
    const examples = examplesFor(expected);
    expect(examples.length).toBeGreaterThan(0);
    expect(exampleFor(expected)).toBe(examples[0]);
    for (const example of examples) {
      expect(parseAnswer(example, expected).ok, example).toBe(true);
      expect(messageFor("EMPTY", expected, "")).toContain(example);
    }
  });
});

describe("normalizeInput", () => {
  it.each([
    ["１２３．４５", "123.45"],
    ["９８％", "98%"],
    ["１，５", "1,5"],
    ["  352.29   万元 ", "352.29万元"],
    ["¥ 3 522 900", "¥3 522 900"],
    ["1, 234", "1, 234"],
    ["2020 年 3 月底", "2020年3月底"],
  ])("%j → %j", (input, out) => {
    expect(normalizeInput(input)).toBe(out);
  });
});

/** A decimal with at most two places, built from integers: [string, value×100]. */
const twoPlaceDecimal = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 99_999_999n }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 2 }),
  )
  .map(([int, cents, places]) => {
    const frac = places === 0 ? "" : String(cents).padStart(2, "0").slice(0, places);
    const hundredths = int * 100n + BigInt(`${frac}00`.slice(0, 2));
    return { text: frac === "" ? `${int}` : `${int}.${frac}`, hundredths };
  });

function grouped(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+$)/g, ",");
}

describe("properties", () => {
  it("an amount typed as X万元, X or N元 into a 万元 field is exactly that amount", () => {
    fc.assert(
      fc.property(twoPlaceDecimal, ({ text: x, hundredths }) => {
        const exact = new Dec(hundredths.toString()).dividedBy(100);
        const yuan = grouped(hundredths * 100n); // ×10000 as an integer, grouped by thousands
        for (const typed of [`${x}万元`, x, `${yuan}元`]) {
          const r = parseAnswer(typed, W);
          if (!r.ok || r.value.kind !== "money") throw new Error(`${typed} rejected: ${JSON.stringify(r)}`);
          expect(r.value.unit).toBe("万元");
          expect(new Dec(r.value.value).equals(exact), `${typed} → ${r.value.value}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  const numericish = fc
    .array(
      fc.constantFrom(
        ..."0123456789.,,-+%¥￥元万亿人次个年月日底末初份前约多余左右以上eExX。 ：　—~≥１２．％，".split(""),
        "万元",
        "亿元",
        "人次",
        "NaN",
        "Infinity",
        "∞",
        "2020年",
        "3月底前",
        "/人",
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(""));

  const arbitrary = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: "binary" }),
    numericish,
  );

  it("arbitrary input never throws; ok values pass the schema, rejections explain with a parseable example", () => {
    fc.assert(
      fc.property(arbitrary, fc.constantFrom(...ALL_EXPECTED), (input, expected) => {
        const r = parseAnswer(input, expected);
        if (r.ok) {
          expect(QuantitySchema.parse(r.value)).toEqual(r.value);
          if (expected.kind === "money")
            expect(r.value).toMatchObject({ kind: "money", unit: expected.unit });
          if (expected.kind !== "quantity") expect(r.value.kind).toBe(expected.kind);
        } else {
          expect(r.error.input).toBe(input);
          expect(r.error.message.length).toBeGreaterThan(0);
          expect(r.error.message).toContain("例如");
          expect(parseAnswer(exampleFor(expected), expected).ok).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("a parsed number reparses to itself (idempotent on its own output)", () => {
    fc.assert(
      fc.property(numericish, fc.constantFrom(W, Y, PCT, NUM, NUMN, TRAINED, KM), (input, expected) => {
        const r = parseAnswer(input, expected);
        if (!r.ok || !("value" in r.value)) return;
        const again = parseAnswer(r.value.value, expected);
        expect(again.ok && "value" in again.value && again.value.value).toBe(r.value.value);
      }),
      { numRuns: 2000 },
    );
  });
});
