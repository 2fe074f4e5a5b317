import { lastDay } from "./date.js";
import type { DateSpec } from "./quantity.js";
import type { FigureRole } from "./report.js";

/**
 * What the words of a label say, for the plausibility rules: the role of a figure (计划 / 到位 / 完成 /
 * 已支付 / 未付或结余), the thing it counts once those words are taken away (its subject, so that
 * "计划资金" and "完成资金" are two figures of the same money), where the money comes from (its sources:
 * 中央 / 省 / 市 / 县), what a rate is a share of, and the date a value is "as of". Pure functions of
 * strings, remembered per string (labels repeat on every review).
 */

/** A forecast is a plan, whatever it forecasts ("预计结余", "预计支付"). */
const FORECAST = /预计|预测|拟(?:支付|拨付|安排|投入|用于)/;
const UNPAID = /未付|未支付|未拨付|尚未支付|待支付|待付|欠付|结余|结存|结转|未使用|未兑付|未发放|未结算/;
/** Paid, said outright: 已 or 实际 with the payment ("已支付计划资金" is paid). */
const PAID_OUTRIGHT = /已付|已支付|已兑付|已拨付|已拨|实际支付|实际拨付|实付|累计支付|累计拨付/;
const PAID = /付款|支付|拨付|兑付/;
const ARRIVED = /到位|到账|下达/;
const NOT_DONE = /未完成|未实施|未开工|未建成|未到位|未到账|未下达/;
const DONE = /实际|完成|实发|发放|执行|建成|竣工|完工/;
const PLAN = /计划|预算|预计|目标|应发|应付|应支付|应拨|核定|批复/;

const ROLES = new Map<string, FigureRole | null>();

/**
 * The role a label states, or null when it states none or two that disagree ("计划完成…"): a forecast
 * first (a plan), then an unpaid or left-over amount (未付款 holds 付), money paid outright, then a
 * payment or an arrival — planned when a plan word goes with it ("计划支付", "支付计划", "计划到位") —
 * and last plan or done.
 */
export function roleFromLabel(label: string): FigureRole | null {
  const known = ROLES.get(label);
  if (known !== undefined) return known;
  const role = readRole(label.normalize("NFKC"));
  if (ROLES.size >= 5_000) ROLES.clear();
  ROLES.set(label, role);
  return role;
}

function readRole(s: string): FigureRole | null {
  if (FORECAST.test(s)) return "计划数";
  if (UNPAID.test(s)) return "未支付或结余";
  if (PAID_OUTRIGHT.test(s)) return "已支付";
  if (NOT_DONE.test(s)) return null;
  const plan = PLAN.test(s);
  if (PAID.test(s)) return plan ? "计划数" : "已支付";
  if (ARRIVED.test(s)) return plan ? "计划数" : "到位数";
  const done = DONE.test(s);
  if (plan === done) return null;
  return plan ? "计划数" : "实际完成数";
}

/** The roles of work done or money spent (what a plan is compared with). */
export const DONE_ROLES: ReadonlySet<FigureRole> = new Set(["实际完成数", "已支付"]);

const YEARS = /\d{4}年(?:度|底|末)?|年度|本年|全年|当年|上年|次年|\d{1,2}月(?:底|末|份)?/g;
const ROLE_WORDS = new RegExp(
  `${[FORECAST, UNPAID, PAID_OUTRIGHT, PAID, ARRIVED, DONE, PLAN].map((r) => r.source).join("|")}|已经|已`,
  "g",
);
const LEVEL = "(?:中央|省|市|县|区|乡镇?|本)级?";
/**
 * Where the money comes from, at the start of what is left of a label: a list of levels ("中央、省、市"),
 * or one level that a money word follows ("省级补助", "县财政", "市配套"), so that "市场…" is no source.
 */
const SOURCES = new RegExp(
  `^(?:${LEVEL}(?:[、，,和及与]${LEVEL})+|中央|(?:省|市|县|区|乡镇?|本)级|(?:省|市|县|区|乡镇?)(?=财政|补助|配套|专项|资金|奖补|衔接|投入))(?:财政)?`,
);
const FILLERS = /^(?:共|合计|累计|总计|各类|全部|其中)+/;

/** What a label counts, and the levels its money comes from ("中央,省,市"; "" when it names none). */
export interface Subject {
  subject: string;
  sources: string;
}

const SUBJECTS = new Map<string, Subject>();

/**
 * What a figure counts, without its year, its role words and where the money comes from:
 * "2020年度中央、省、市后扶资金计划" and "县财政2020年度到位后扶资金" are both "后扶资金".
 */
export function subjectOf(label: string): string {
  return readSubject(label).subject;
}

/**
 * The levels a figure's money comes from, in a fixed order ("中央,省"), or "" when its label names none.
 * Money that arrived at the unit's own treasury ("县财政…到位") names where it arrived, not a source.
 */
export function sourcesOf(label: string): string {
  return readSubject(label).sources;
}

/** Two figures may be the same money: the same sources, or one of them names none. */
export function sameSources(a: string, b: string): boolean {
  return a === b || a === "" || b === "";
}

const LEVEL_ORDER = ["中央", "省", "市", "县", "区", "乡", "本"];
/** Money that arrived at the unit's own treasury: "县财政（2020年度）到位…". */
const RECEIVED = /^(?:\d{4}年度?)?(?:县|区)财政(?:\d{4}年度?|本年度?)?(?:到位|到账)/;

function readSubject(label: string): Subject {
  const known = SUBJECTS.get(label);
  if (known !== undefined) return known;
  const s = label.normalize("NFKC");
  const rest = s
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/其中[:：]?/g, "")
    .replace(YEARS, "")
    .replace(ROLE_WORDS, "")
    .replace(/各类/g, "")
    .replace(/^[\s：:“”"'·]+/, "")
    .replace(FILLERS, "");
  const source = SOURCES.exec(rest)?.[0] ?? "";
  let levels = LEVEL_ORDER.filter((l) => source.includes(l));
  // "县财政2020年度到位后扶资金": the county's treasury is where upper-level money arrived ("县级财政衔接资金"
  // is the county's own money)
  if (RECEIVED.test(s.trim())) levels = [];
  const subject = rest
    .slice(source.length)
    .replace(/[\s、，,：:“”"'·]/g, "")
    .replace(FILLERS, "")
    .replace(/数$/, "");
  const read = { subject, sources: levels.join(",") };
  if (SUBJECTS.size >= 5_000) SUBJECTS.clear();
  SUBJECTS.set(label, read);
  return read;
}

/**
 * What a stated rate is a share of: the words its numerator and its denominator are labelled with and,
 * for a 完成率 / 到位率 / 支付率, the roles they may have (a figure of no known role may be either).
 * `named` is true for "A占B的比例", whose name says both figures; a rate ("项目资金完成率") names only
 * the thing, and its two figures must then count the same thing.
 */
export interface ShareOf {
  numerator: string;
  denominator: string;
  named: boolean;
  numeratorRoles?: ReadonlySet<FigureRole>;
  denominatorRoles?: ReadonlySet<FigureRole>;
}

const SHARE_WORDS =
  /^(.+?)的?(完成率|执行率|到位率|支付率|拨付率|使用率|兑现率|发放率|(?:完成|执行|到位|支付|使用)(?:比例|进度))$/;
const DONE_OF_PLAN = {
  numeratorRoles: new Set<FigureRole>(["实际完成数", "已支付"]),
  denominatorRoles: new Set<FigureRole>(["计划数", "到位数"]),
};
const ARRIVED_OF_PLAN = {
  numeratorRoles: new Set<FigureRole>(["到位数"]),
  denominatorRoles: new Set<FigureRole>(["计划数"]),
};
const SHARES = new Map<string, ShareOf | null>();

/**
 * The share a rate's name states: "完成资金占计划资金的比例" → 完成资金 of 计划资金; "项目资金完成率" →
 * 项目资金 (done) of 项目资金 (planned). Null for a rate that is measured, not computed from two
 * figures (满意度, 合格率, 增长率, "…的项目比例").
 */
export function shareOf(name: string): ShareOf | null {
  const known = SHARES.get(name);
  if (known !== undefined) return known;
  const s = name
    .normalize("NFKC")
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/%/g, "")
    .replace(/^截[至止][^，,、]*[，,、]/, "")
    .replace(/^(?:\d{4}年度?|本年度?|全年|当年)/, "")
    .trim();
  const of = /^(.+?)占(.+?)的?(?:比例|比重|百分比)$/.exec(s);
  const rate = of ? null : SHARE_WORDS.exec(s);
  const share: ShareOf | null = of
    ? { numerator: of[1] as string, denominator: of[2] as string, named: true }
    : rate
      ? {
          numerator: rate[1] as string,
          denominator: rate[1] as string,
          named: false,
          ...((rate[2] as string).startsWith("到位") ? ARRIVED_OF_PLAN : DONE_OF_PLAN),
        }
      : null;
  if (SHARES.size >= 5_000) SHARES.clear();
  SHARES.set(name, share);
  return share;
}

const AS_OF =
  /截[至止]到?\s*(次年|下年|翌年|本年|当年|上年|(\d{4})年)?\s*(?:(\d{1,2})月(?:(\d{1,2})日|底|末|份)?|(年)?[底末])/;
const AS_OF_DATES = new Map<string, DateSpec | null>();

/**
 * The date a name says its value is "as of": "截至次年6月底" in a 2020 report is the end of June 2021,
 * "截至年底" the end of 2020, "截至2021年底" the end of 2021, "截至2021年6月30日" that day. Null when the
 * name states no such date.
 */
export function asOfInName(name: string, year: number): DateSpec | null {
  if (!name.includes("截")) return null;
  const key = `${year}|${name}`;
  const known = AS_OF_DATES.get(key);
  if (known !== undefined) return known;
  const spec = readAsOf(name.normalize("NFKC"), year);
  if (AS_OF_DATES.size >= 5_000) AS_OF_DATES.clear();
  AS_OF_DATES.set(key, spec);
  return spec;
}

function readAsOf(name: string, year: number): DateSpec | null {
  const m = AS_OF.exec(name);
  if (!m) return null;
  const [, rel, y, mo, d, yearWord] = m;
  // "截至底" names no year: only 年底 / 年末, or a year before 底 / 末, is the end of a year
  if (!mo && !rel && !yearWord) return null;
  const at = y
    ? Number(y)
    : rel === "次年" || rel === "下年" || rel === "翌年"
      ? year + 1
      : rel === "上年"
        ? year - 1
        : year;
  const month = mo ? Number(mo) : 12;
  if (month < 1 || month > 12) return null;
  const spec: DateSpec = {
    kind: "date",
    text: `${at}年${month}月${d ? `${Number(d)}日` : "底"}`,
    year: at,
    month,
    ...(d && { day: Number(d) }),
    edge: d ? "day" : "end",
    before: false,
  };
  return d && !validDay(spec) ? null : spec;
}

function validDay(spec: DateSpec): boolean {
  try {
    lastDay(spec);
    return true;
  } catch {
    return false;
  }
}

/** Words that give a number as the cause of a shortfall: 核减 136 人, 死亡, 迁出… */
export const CAUSE_WORDS = /核减|减少|死亡|注销|迁出|外迁|退出|清退|取消|减员|销户|停发/g;

/** A comparison with another year ("较上年减少", "同比"): not what happened within the year. */
export const YEAR_ON_YEAR = /较上年|比上年|较去年|比去年|同比|上年同期|与上年相比|较\d{4}年/;

/** Words of a label that say it is another year's money or the year's opening balance. */
export const OTHER_YEAR = /上年|以前年度|往年|历年|年初|去年/;
