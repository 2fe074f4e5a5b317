import { lastDay } from "./date.js";
import type { DateSpec } from "./quantity.js";
import type { FigureRole } from "./report.js";

/**
 * What the words of a label say, for the plausibility rules: the role of a figure (计划 / 到位 / 完成 /
 * 已支付 / 未付或结余), the thing it counts once those words are taken away (its subject, so that
 * "计划资金" and "完成资金" are two figures of the same money), what a rate is a share of, and the date a
 * value is "as of". Pure functions of strings, remembered per string (labels repeat on every review).
 */

const UNPAID = /未付|未支付|未拨付|尚未支付|待支付|待付|欠付|结余|结存|结转|未使用|未兑付|未发放|未结算/;
const PAID = /已付|已支付|已兑付|已拨付|付款|支付/;
const ARRIVED = /到位|到账|下达/;
const NOT_DONE = /未完成|未实施|未开工|未建成/;
const DONE = /实际|完成|实发|发放|执行|建成|竣工|完工/;
const PLAN = /计划|预算|预计|目标|应发|核定|批复/;

const ROLES = new Map<string, FigureRole | null>();

/**
 * The role a label states, or null when it states none or two ("计划完成…"): an unpaid or left-over
 * amount first (未付款 holds 付), then paid, arrived, and plan or done.
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
  if (UNPAID.test(s)) return "未支付或结余";
  if (PAID.test(s)) return "已支付";
  if (NOT_DONE.test(s)) return null;
  const plan = PLAN.test(s);
  const done = DONE.test(s);
  if (ARRIVED.test(s)) return plan || done ? null : "到位数";
  if (plan === done) return null;
  return plan ? "计划数" : "实际完成数";
}

/** The roles of work done or money spent (what a plan is compared with). */
export const DONE_ROLES: ReadonlySet<FigureRole> = new Set(["实际完成数", "已支付"]);

const YEARS = /\d{4}年(?:度|底|末)?|年度|本年|全年|当年|上年|次年|\d{1,2}月(?:底|末|份)?/g;
const ROLE_WORDS = new RegExp(
  `${[UNPAID, PAID, ARRIVED, DONE, PLAN].map((r) => r.source).join("|")}|已经|已`,
  "g",
);
/** 中央、省、市 / 县财政 / 县级: where the money comes from, not what it is. */
const SOURCES = /^(?:(?:中央|省级?|市级?|县级?|乡镇?)[、，,和及]?)+(?:财政)?/;
const FILLERS = /^(?:共|合计|累计|总计|各类|全部|其中)+/;

const SUBJECTS = new Map<string, string>();

/**
 * What a figure counts, without its year, its role words and where the money comes from:
 * "2020年度中央、省、市后扶资金计划" and "县财政2020年度到位后扶资金" are both "后扶资金".
 */
export function subjectOf(label: string): string {
  const known = SUBJECTS.get(label);
  if (known !== undefined) return known;
  const subject = label
    .normalize("NFKC")
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/其中[:：]?/g, "")
    .replace(YEARS, "")
    .replace(ROLE_WORDS, "")
    .replace(/各类/g, "")
    .replace(/[\s、，,：:“”"'·]/g, "")
    .replace(SOURCES, "")
    .replace(FILLERS, "")
    .replace(/数$/, "");
  if (SUBJECTS.size >= 5_000) SUBJECTS.clear();
  SUBJECTS.set(label, subject);
  return subject;
}

/**
 * What a stated rate is a share of: the words its numerator and its denominator are labelled with and,
 * for a 完成率 / 到位率 / 支付率, the roles they may have (a figure of no known role may be either).
 */
export interface ShareOf {
  numerator: string;
  denominator: string;
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
    ? { numerator: of[1] as string, denominator: of[2] as string }
    : rate
      ? {
          numerator: rate[1] as string,
          denominator: rate[1] as string,
          ...((rate[2] as string).startsWith("到位") ? ARRIVED_OF_PLAN : DONE_OF_PLAN),
        }
      : null;
  if (SHARES.size >= 5_000) SHARES.clear();
  SHARES.set(name, share);
  return share;
}

const AS_OF =
  /截[至止]到?\s*(次年|下年|翌年|本年|当年|上年|(\d{4})年)?\s*(?:(\d{1,2})月(?:(\d{1,2})日|底|末|份)?|年底|年末)/;
const AS_OF_DATES = new Map<string, DateSpec | null>();

/**
 * The date a name says its value is "as of": "截至次年6月底" in a 2020 report is the end of June 2021,
 * "截至年底" the end of 2020, "截至2021年6月30日" that day. Null when the name states no such date.
 */
export function asOfInName(name: string, year: number): DateSpec | null {
  if (!name.includes("截")) return null;
  const key = `${year}|${name}`;
  const known = AS_OF_DATES.get(key);
  if (known !== undefined) return known;
  const m = AS_OF.exec(name.normalize("NFKC"));
  let spec: DateSpec | null = null;
  if (m) {
    const [, rel, y, mo, d] = m;
    const at = y
      ? Number(y)
      : rel === "次年" || rel === "下年" || rel === "翌年"
        ? year + 1
        : rel === "上年"
          ? year - 1
          : year;
    const month = mo ? Number(mo) : 12;
    const text = `${at}年${month}月${d ? `${Number(d)}日` : "底"}`;
    spec =
      month >= 1 && month <= 12
        ? {
            kind: "date",
            text,
            year: at,
            month,
            ...(d && { day: Number(d) }),
            edge: d ? "day" : "end",
            before: false,
          }
        : null;
    if (spec && d && !validDay(spec)) spec = null;
  }
  if (AS_OF_DATES.size >= 5_000) AS_OF_DATES.clear();
  AS_OF_DATES.set(key, spec);
  return spec;
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
