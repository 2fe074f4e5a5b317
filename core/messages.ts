import { type Expected, LIMITS, type ReasonCode } from "./expected.js";

export { LIMITS };

/**
 * Every Chinese text shown when a typed answer is rejected, keyed by reason code, so that the wording
 * can be reviewed in one place. A message says what went wrong, what was expected, and gives examples
 * that are themselves accepted for that field (a test parses every one of them).
 *
 * The limits the messages state are in `expected.ts`; `parse.ts` enforces exactly these.
 */
const PREVIEW_LENGTH = 20;

/** The answer as shown inside a message: trimmed, one line, cut at 20 characters. */
function preview(input: string): string {
  const chars = [...input.replace(/\s+/g, " ").trim()];
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH).join("")}…` : chars.join("");
}

function textMax(expected: Extract<Expected, { kind: "text" }>): number {
  return expected.maxLength ?? LIMITS.textMaxLength;
}

/** What the field wants, as the message names it: "金额（单位：万元）". */
export function describeExpected(expected: Expected): string {
  switch (expected.kind) {
    case "money":
      return `金额（单位：${expected.unit}）`;
    case "count":
      return `${expected.integer === false ? "数量" : "整数"}（单位：${expected.units[0] ?? ""}）`;
    case "percent":
      return "百分比";
    case "number":
      return `${expected.integer ? "整数" : "数字"}${expected.max !== undefined ? `（0–${expected.max}）` : ""}`;
    case "date":
      return "日期";
    case "text":
      return `文字（不超过${textMax(expected)}字）`;
    case "quantity":
      return "指标值（数字可带单位，或填百分比、金额、日期、文字）";
  }
}

/** Examples of accepted answers for a field, best first; each one parses ok for that field. */
export function examplesFor(expected: Expected): string[] {
  if (expected.examples && expected.examples.length > 0) return [...expected.examples];
  switch (expected.kind) {
    case "money":
      return expected.unit === "万元" ? ["352.29", "3,522,900元"] : ["3522900", "352.29万元"];
    case "count":
      return ["617", `617${expected.units[0] ?? ""}`];
    case "percent":
      return ["98%", "89.95%"];
    case "number":
      if (expected.max !== undefined) return ["10", "9.5"];
      return expected.integer ? ["23038"] : ["352.29"];
    case "date":
      return ["2020年3月底前", "2020-03-31"];
    case "text":
      return [[..."按计划完成"].slice(0, textMax(expected)).join("")];
    case "quantity":
      return ["617人次", "98%", expected.moneyUnit === "万元" ? "352.29万元" : "3522900元", "2020年3月底前"];
  }
}

/** The first example of an accepted answer for a field ("352.29" for 万元). */
export function exampleFor(expected: Expected): string {
  const [first] = examplesFor(expected);
  if (first === undefined) throw new Error(`no example for ${expected.kind}`);
  return first;
}

function unitHint(expected: Expected): string {
  switch (expected.kind) {
    case "money":
      return "金额请用元、万元或亿元，不带其他单位。";
    case "count":
      return `单位应为${expected.units.map((u) => `“${u}”`).join("或")}，或不写单位。`;
    case "percent":
      return "百分比只能带“%”，或不写单位。";
    case "number":
      return expected.unit ? `这里只填数字，可带“${expected.unit}”。` : "这里只填数字，不带单位。";
    default:
      return "";
  }
}

function decimalsHint(expected: Expected): string {
  const m = LIMITS.moneyDecimals;
  const money = `金额以元填写最多${m.元}位小数，以万元填写最多${m.万元}位，以亿元填写最多${m.亿元}位`;
  switch (expected.kind) {
    case "money":
      return `${money}。`;
    case "count":
      return `数量最多${LIMITS.countDecimals}位小数。`;
    case "percent":
      return `百分比最多${LIMITS.percentDecimals}位小数。`;
    case "number":
      return `最多${LIMITS.numberDecimals}位小数。`;
    default:
      return `${money}；百分比和数量最多${LIMITS.percentDecimals}位小数，其他数字最多${LIMITS.numberDecimals}位。`;
  }
}

function largeHint(expected: Expected): string {
  switch (expected.kind) {
    case "money":
      return "金额须小于1万亿元。";
    case "count":
      return "数量不能超过100亿。";
    case "percent":
      return "百分比不能超过100000%。";
    case "number":
      return expected.max !== undefined ? `不能超过${expected.max}。` : "数字的绝对值须小于1000万亿。";
    default:
      return "金额须小于1万亿元，数量不能超过100亿，百分比不能超过100000%，其他数字须小于1000万亿。";
  }
}

/** The first half of each message: what is wrong with the answer `q` (already shortened). */
const PROBLEMS: Record<ReasonCode, (q: string, expected: Expected, input: string) => string> = {
  EMPTY: () => "没有填写内容。",
  NOT_A_NUMBER: (q) => `无法识别“${q}”中的数字：请用阿拉伯数字，小数点用“.”，不用中文数字或科学计数法。`,
  NOT_FINITE: (q) => `“${q}”不是一个确定的数值。`,
  NEGATIVE: (q) => `“${q}”是负数，这里不能填负数。`,
  TOO_MANY_DECIMALS: (q, e) => `“${q}”的小数位数过多：${decimalsHint(e)}`,
  BAD_GROUPING: (q) => `“${q}”中的逗号用法不对：逗号只能作千位分隔，每三位一组；小数点请用“.”。`,
  UNIT_MISMATCH: (q, e) => `“${q}”的单位不对：${unitHint(e)}`,
  NOT_INTEGER: (q) => `“${q}”不是整数。`,
  TOO_LARGE: (q, e) => `“${q}”超出合理范围：${largeHint(e)}`,
  NOT_A_DATE: (q) => `无法识别日期“${q}”：请写明年份和月份（可加“底”“初”“份”或日，以及“前”）。`,
  MULTILINE: () => "请写在一行内：不要换行，也不要含控制字符。",
  TOO_LONG: (_q, e, input) =>
    `内容过长（${[...input.trim()].length}字），最多${e.kind === "text" ? textMax(e) : LIMITS.textMaxLength}字。`,
  APPROXIMATE: (q, e) =>
    `“${q}”不是确切的数值：请填写一个准确数字，不带“约”“左右”“多”“余”“以上”等字样，也不写范围${
      e.kind === "quantity" ? "（指标方向“≥”“≤”不写在数值里）" : ""
    }。`,
};

/** The Chinese message for a rejected answer: the problem, what the field expects, and examples that parse. */
export function messageFor(code: ReasonCode, expected: Expected, input: string): string {
  const problem = PROBLEMS[code](preview(input), expected, input);
  return `${problem}应为${describeExpected(expected)}，例如：${examplesFor(expected).join(" 或 ")}`;
}
