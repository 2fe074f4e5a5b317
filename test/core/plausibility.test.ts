import { describe, expect, it } from "vitest";
import { type Finding, runChecks } from "../../core/checks/index.js";
import { goalsClaimed } from "../../core/checks/plausibleStatements.js";
import { buildDeviations } from "../../core/deviations.js";
import { findingsText } from "../../core/explain.js";
import type { Report } from "../../core/report.js";
import { draftInput } from "../../prompts/input.js";
import { exampleWith, sample, sampleWith } from "../helpers.js";

/*
 * The plausibility rules (core/checks/plausible*.ts): what the report's prose and both attachments say
 * about the same money and work. Every number below is worked out by hand in the comments and again by
 * an independent route (scaled integers, `pct` and `minus` here), never copied from the program.
 */

/** a ÷ b × 100, half-up to two decimals, from decimal strings: scaled BigInts, not the core's Ratio. */
function pct(a: string, b: string): string {
  const micro = (s: string) => {
    const [whole, frac = ""] = s.split(".");
    return BigInt(`${whole}${frac.padEnd(6, "0")}`);
  };
  const q = (2n * micro(a) * 10000n + micro(b)) / (2n * micro(b));
  const t = q.toString().padStart(3, "0");
  return `${t.slice(0, -2)}.${t.slice(-2)}`;
}
/** a − b for decimal strings, exactly, trailing zeros dropped. */
function minus(a: string, b: string): string {
  const micro = (s: string) => {
    const [whole, frac = ""] = s.split(".");
    return BigInt(`${whole}${frac.padEnd(6, "0")}`);
  };
  const d = micro(a) - micro(b);
  const neg = d < 0n;
  const t = (neg ? -d : d).toString().padStart(7, "0");
  const frac = t.slice(-6).replace(/0+$/, "");
  return `${neg ? "-" : ""}${t.slice(0, -6)}${frac ? `.${frac}` : ""}`;
}

/** n ÷ d half-up to two decimals, from integers (BigInt): a score such as 58/60 × 50/7. */
function frac(n: bigint, d: bigint): string {
  const q = (2n * n * 100n + d) / (2n * d);
  const t = q.toString().padStart(3, "0");
  return `${t.slice(0, -2)}.${t.slice(-2)}`;
}

const plausible = (r: Report) => runChecks(r).filter((f) => f.kind === "plausibility");
const one = (fs: Finding[], rule: string) => {
  const found = fs.filter((f) => f.rule === rule);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
};

describe("the sample: every plausibility slip, with its arithmetic", () => {
  const found = plausible(sample());

  it("seven warnings, one per rule, in the order of the table, kept apart from the arithmetic", () => {
    expect(found.map((f) => [f.rule, f.kind, f.severity])).toEqual(
      [
        "plausible.unspent",
        "plausible.percentages",
        "plausible.as-of",
        "plausible.goals",
        "plausible.controlled",
        "plausible.plan-actual",
        "plausible.causes",
      ].map((r) => [r, "plausibility", "warning"]),
    );
  });

  it("执行率 100% while 510.15万元 is stated unpaid: (5189.73 − 510.15) / 5189.73 = 90.17%", () => {
    // 全年执行数 5189.73 = 全年预算数 5189.73; 三 says 510.15 of 2020's money 结存 at 2021年3月末, 四㈡ says the
    // same 510.15 完工未付款: 5189.73 − 510.15 = 4679.58, 4679.58 / 5189.73 = 0.90170… → 90.17%
    expect(minus("5189.73", "510.15")).toBe("4679.58");
    expect(pct("4679.58", "5189.73")).toBe("90.17");
    const f = one(found, "plausible.unspent");
    expect(f.message).toBe(
      "执行率：附件1-2 全年执行数 5189.73万元 等于全年预算数（执行率 100%），而文中写有未付或结余资金 510.15万元（四㈡ 项目已完工未付款（2021年3月）；三、使用情况 › 2020年度资金结存（2021年3月末））；按此执行率至多为 (5189.73 − 510.15) / 5189.73 = 90.17%",
    );
    expect([f.difference, f.stated, f.implied]).toEqual(["510.15", "执行率100%", "执行率90.17%"]);
    expect(f.places.map((p) => [p.path, p.value])).toEqual([
      ["selfEvaluation.funds.executed", "5189.73"],
      ["selfEvaluation.funds.fullBudget", "5189.73"],
      ["performance.sections.1.figures.9.value", "510.15"],
      ["governmentFunds.uses.2.amount", "510.15"],
    ]);
  });

  it("截至年底 项目资金完成率 89.95%: no pair of the report's figures gives it; the nearest are 85.11% and 62.21%", () => {
    // 项目资金: paid 2916.49 (2021年3月) and 2131.675 (2020年12月末) of the plan 3426.64
    expect(pct("2916.49", "3426.64")).toBe("85.11");
    expect(pct("2131.675", "3426.64")).toBe("62.21");
    // nor their sum, nor either over the 610 of the 重点村 plan
    for (const [a, b] of [
      ["5048.165", "3426.64"],
      ["2916.49", "610"],
      ["2131.675", "610"],
    ])
      expect(pct(a as string, b as string)).not.toBe("89.95");
    const f = one(found, "plausible.percentages");
    expect(f.message).toBe(
      "附件1-2 截至年底，项目资金完成率（%） 完成值 89.95%：不能由报告中的数字算出；最接近的是 四㈡ 已支付项目资金（2021年3月） 2916.49万元 ÷ 四㈡ 计划后扶项目资金 3426.64万元 = 85.11%；四㈡ 已支付项目资金（2020年12月末） 2131.675万元 ÷ 四㈡ 计划后扶项目资金 3426.64万元 = 62.21%",
    );
    // 89.95 − 85.1122… = 4.8377… → 4.84 percentage points
    expect([f.difference, f.stated, f.implied]).toEqual(["4.84", "89.95%", "85.11%"]);
  });

  it("截至次年6月底 项目资金完成率 100%, in a form filled in on 2021年5月20日", () => {
    // 次年 of 2020 is 2021: 2021-06-30 comes after 2021-05-20
    const f = one(found, "plausible.as-of");
    expect(f.message).toBe(
      "截至次年6月底，项目资金完成率（%）：完成值 100% 是截至 2021年6月底 的数，而附件1-2 的填报时间是 2021年5月20日，填报时尚无从得知",
    );
    expect([f.stated, f.implied, f.places[0]?.path]).toEqual([
      "截至2021年6月底",
      "填报于2021年5月20日",
      "selfEvaluation.indicators.0.subgroups.2.rows.2.actual",
    ]);
  });

  it("目标4 reported as completed while its training money used is 25 of 70万元 (35.71%)", () => {
    // "目标2、3、4、5、6均已完成年度目标"; goal 4 plans 70 (四㈢ 计划资金), 四㈢ 完成资金 is 25: 25/70 = 0.357142…
    expect(pct("25", "70")).toBe("35.71");
    expect(minus("25", "70")).toBe("-45");
    const f = one(found, "plausible.goals");
    expect(f.message).toBe(
      "年度目标4“计划投入70万元，安排5批次移民培训，培训移民617人次”写明已完成，而四㈢ 完成资金 25万元 仅为四㈢ 计划资金 70万元 的 35.71%",
    );
    expect([f.difference, f.stated, f.implied]).toEqual(["-45", "计划资金70万元", "完成资金25万元"]);
  });

  it("压缩一般性支出 6.52万元 against a budget of 0.57 (1143.86%) and last year's 0.78 (+735.90%)", () => {
    // 6.52 / 0.57 = 11.43859… ; 6.52 − 0.57 = 5.95 ; 6.52 − 0.78 = 5.74 ; 5.74 / 0.78 = 7.35897…
    expect([pct("6.52", "0.57"), minus("6.52", "0.57"), minus("6.52", "0.78"), pct("5.74", "0.78")]).toEqual([
      "1143.86",
      "5.95",
      "5.74",
      "735.90",
    ]);
    const f = one(found, "plausible.controlled");
    expect(f.message).toBe(
      "压缩一般性支出属从严控制的支出：本年决算 6.52万元，为本年预算 0.57万元 的 1143.86%（控制率超过 100%，超出 5.95万元），比上年决算 0.78万元 增加 5.74万元（增长 735.90%）",
    );
    expect([f.difference, f.stated, f.implied]).toEqual(["5.95", "本年预算0.57万元", "本年决算6.52万元"]);
  });

  it("后扶资金: planned 4976.44万元, arrived 4936.44万元; no figure of the report is the 40万元 between", () => {
    expect(minus("4976.44", "4936.44")).toBe("40");
    const f = one(found, "plausible.plan-actual");
    expect(f.message).toBe(
      "后扶资金：四㈡ 2020年度中央、省、市后扶资金计划 4976.44万元，四㈡ 县财政2020年度到位后扶资金 4936.44万元，后者少 40.00万元，文中未说明差额",
    );
    expect([f.difference, f.stated, f.implied]).toEqual(["-40.00", "计划4976.44万元", "到位4936.44万元"]);
  });

  it("资金直补受益移民 short by 292人 (23330 − 23038), put down to 核减, while 四㈠ 核减 136人", () => {
    expect([minus("23330", "23038"), minus("292", "136")]).toEqual(["292", "156"]);
    const f = one(found, "plausible.causes");
    expect(f.message).toBe(
      "资金直补受益移民（人）：完成值 23038人 比指标值 23330人 少 292人，原因写“人员死亡等原因核减”，而四㈠ 2020年核减后期扶持人口为 136人，与 292人 相差 156人",
    );
    expect([f.difference, f.stated, f.implied]).toEqual(["-156", "少292人", "核减136人"]);
  });

  it("what the sample's figures settle: 直补资金 planned and paid are both 人数 × 600元", () => {
    // 计划 1399.8 = 23330 × 600元 and 发放 1382.28 = 23038 × 600元 (productOf): the 17.52 between them is
    // the 292 people of row P1. Without that link, it is a gap the text does not explain.
    expect(minus("1399.8", "1382.28")).toBe("17.52");
    const unlinked = sampleWith((raw) => delete raw.performance.sections[0].figures[4].productOf);
    const before = new Set(found.map((f) => f.message));
    expect(
      plausible(unlinked)
        .filter((f) => !before.has(f.message))
        .map((f) => f.message),
    ).toEqual([
      "直补资金：四㈠ 2020年直补资金计划 1399.8万元，四㈠ 发放直补资金 1382.28万元，后者少 17.52万元，文中未说明差额",
    ]);
  });
});

const CONSISTENT = [
  "consistent/hengyang-2020-mended.json",
  "consistent/tech-center-2021.json",
  "consistent/culture-center-2022.json",
  "consistent/water-bureau-2022.json",
  "consistent/rural-revitalization-2023.json",
];

describe("the consistent set: nothing to say", () => {
  it.each(CONSISTENT)("%s raises no plausibility warning and no arithmetic error", (file) => {
    const fs = runChecks(exampleWith(file));
    expect(fs.filter((f) => f.kind === "plausibility")).toEqual([]);
    expect(fs.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("the mended sample keeps only the unit's own judgement as warnings (a target set low, 5 points deducted)", () => {
    expect(runChecks(exampleWith(CONSISTENT[0] as string)).map((f) => f.rule)).toEqual([
      "score.far-exceeded",
      "score.declared-groups",
      "score.total",
    ]);
  });

  it("the four reports written for other profiles are clean throughout (万元 and 元, with and without government funds)", () => {
    for (const file of CONSISTENT.slice(1)) expect(runChecks(exampleWith(file))).toEqual([]);
  });

  it("no figure of them carries a role typed by hand: their labels say it, or it does not matter", () => {
    for (const file of CONSISTENT.slice(1)) {
      const roles: string[] = [];
      const walk = (f: { role?: string; items?: unknown[] }) => {
        if (f.role) roles.push(f.role);
        for (const i of f.items ?? []) walk(i as typeof f);
      };
      const r = exampleWith(file);
      for (const s of r.performance.sections) for (const f of s.figures) walk(f);
      for (const f of r.governmentFunds?.figures ?? []) walk(f);
      expect(roles).toEqual([]);
    }
  });
});

const TECH = "consistent/tech-center-2021.json";
const CULTURE = "consistent/culture-center-2022.json";
/** Raw JSON of a report file, as a person editing it sees it. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into the raw JSON by path
type Raw = any;
const figure = (raw: Raw, id: string): Raw => {
  for (const s of raw.performance.sections) for (const f of s.figures) if (f.id === id) return f;
  throw new Error(id);
};
const row = (raw: Raw, id: string): Raw => {
  for (const g of raw.selfEvaluation.indicators)
    for (const sg of g.subgroups) for (const r of sg.rows) if (r.id === id) return r;
  throw new Error(id);
};

describe("each rule on a consistent report with one slip put in", () => {
  it("unspent: a 结余 at the year's end larger than what the execution leaves (9万元 → 12万元)", () => {
    // 全年预算数 812.4 − 全年执行数 803.4 = 9: a 结余 of 12 leaves at most 800.4 executed → 98.52%
    expect(pct(minus("812.4", "12"), "812.4")).toBe("98.52");
    const f = one(
      plausible(exampleWith(TECH, (r) => (figure(r, "F4.1.6").value.value = "12"))),
      "plausible.unspent",
    );
    expect([f.message, f.difference]).toEqual([
      "执行率：附件1-2 全年执行数 803.4万元，全年预算数 812.4万元（执行率 98.89%），而文中写有未付或结余资金 12万元（四㈠ 示范基地建设资金结余（2021年12月末））；按此执行率至多为 (812.4 − 12) / 812.4 = 98.52%",
      // 803.4 − (812.4 − 12) = 3, shown with the decimals of the figures compared
      "3.0",
    ]);
  });

  it("unspent: a balance during the year, or last year's 结转, says nothing of this year's end", () => {
    // the culture center reports 执行率 100% with a 结余 at 2022年6月末 and 上年结转 money: both are silent
    expect(plausible(exampleWith(CULTURE))).toEqual([]);
    const atYearEnd = exampleWith(CULTURE, (r) => (figure(r, "F4.1.4").asOf = "2022年12月末"));
    expect(one(plausible(atYearEnd), "plausible.unspent").implied).toBe(
      `执行率${pct("1330000", "1450000")}%`,
    );
  });

  it("percentages: a share no pair gives is reported; one that a sum of two parts gives is not", () => {
    const wrong = exampleWith(TECH, (r) => (figure(r, "F4.2.7").value.value = "98.5"));
    // 2950 / 3000 = 98.333…: stated 98.5 is not it
    expect(pct("2950", "3000")).toBe("98.33");
    expect(one(plausible(wrong), "plausible.percentages").message).toBe(
      "四㈡ 实际培训农民占计划培训农民的比例 98.5%：不能由报告中的数字算出；最接近的是 四㈡ 实际培训农民 2950人 ÷ 四㈡ 计划培训农民 3000人 = 98.33%",
    );
    // (171 + 9) / 180 = 100%, while no single figure over 180 gives it once 到位 is left out
    const summed = exampleWith(TECH, (r) => {
      const s = r.performance.sections[0].figures;
      r.performance.sections[0].figures = s.filter((f: { id: string }) => f.id !== "F4.1.4");
      s.find((f: { id: string }) => f.id === "F4.1.3").label = "示范基地建设计划";
      s.push({
        id: "F4.1.7",
        label: "示范基地建设资金占示范基地建设计划的比例",
        value: { kind: "percent", value: "100" },
      });
    });
    expect(plausible(summed)).toEqual([]);
    // stated with one decimal it is compared at one decimal: 98.3 passes
    expect(plausible(exampleWith(TECH, (r) => (figure(r, "F4.2.7").value.value = "98.3")))).toEqual([]);
  });

  it("as-of: a value as of a date after the form was filled in; a plan for a later date is fine", () => {
    const late = exampleWith(CULTURE, (r) => (figure(r, "F4.1.3").asOf = "2023年6月末"));
    expect(one(plausible(late), "plausible.as-of").message).toBe(
      "四㈠ 免费开放资金已支付（2023年6月末）：300000元 是截至 2023年6月末 的数，而报告的填报时间是 2023年3月10日，填报时尚无从得知",
    );
    expect(plausible(exampleWith(CULTURE, (r) => (figure(r, "F4.1.1").asOf = "2023年6月末")))).toEqual([]);
    // a deadline row done on a date after the form was filled in
    const done = exampleWith(TECH, (r) => {
      row(r, "P5").target = {
        kind: "date",
        text: "2022年6月底前",
        year: 2022,
        month: 6,
        edge: "end",
        before: true,
      };
      row(r, "P5").actual = {
        kind: "date",
        text: "2022年5月",
        year: 2022,
        month: 5,
        edge: "whole",
        before: false,
      };
    });
    expect(one(plausible(done), "plausible.as-of").message).toBe(
      "示范基地建设完成时间：完成值 2022年5月 晚于附件1-2 的填报时间 2022年4月15日，填报时尚未发生",
    );
  });

  it("goals: money used well below its plan (150 of 180 = 83.33%) or a row not full, for a goal said done", () => {
    expect(pct("150", "180")).toBe("83.33");
    const money = exampleWith(TECH, (r) => (figure(r, "F4.1.5").value.value = "150"));
    expect(one(plausible(money), "plausible.goals").message).toBe(
      "年度目标1“计划投入180万元，建设农技推广示范基地12个”写明已完成，而四㈠ 已支付示范基地建设资金（2021年12月末） 150万元 仅为四㈠ 示范基地建设资金计划 180万元 的 83.33%",
    );
    // 95% of the plan (171 of 180, as filed) is a saving, not a shortfall
    expect(plausible(exampleWith(TECH)).filter((f) => f.rule === "plausible.goals")).toEqual([]);
    // goal 3 names 60个 监测点: its row P3 at 58 of 60 scores 58/60 × 50/7 = 6.90 of 7.14
    const rowShort = exampleWith(TECH, (r) => {
      row(r, "P3").actual.value = "58";
      figure(r, "F4.3.1").value.value = "58";
      figure(r, "F4.3.1").items[1].value.value = "38";
      figure(r, "F4.3.2").value.value = "65.52";
    });
    expect(pct("38", "58")).toBe("65.52");
    // 产出指标 50 over its 7 rows: 50/7 = 7.14 each; 58 of 60 scores 58/60 × 50/7 = 2900/420 = 6.90
    expect([frac(50n, 7n), frac(58n * 50n, 60n * 7n), pct("58", "60")]).toEqual(["7.14", "6.90", "96.67"]);
    expect(one(plausible(rowShort), "plausible.goals").message).toBe(
      "年度目标3“计划投入100万元，布设耕地质量监测点60个”写明已完成，而其指标“布设耕地质量监测点（个）”按规则得分 6.90，未得满分 7.14（完成值 58个，指标值 60个，完成 96.67%：96.67% × 7.14 = 6.90）",
    );
  });

  it("goals: which lines claim completion", () => {
    const claimed = (lines: string[], n = 4) =>
      [
        ...goalsClaimed({
          selfEvaluation: { goals: Array.from({ length: n }, () => ({ text: "x" })), goalsAchieved: lines },
        } as unknown as Report),
      ].sort();
    expect(claimed(["目标2、3、4、5、6均已完成年度目标"], 6)).toEqual([1, 2, 3, 4, 5]);
    expect(claimed(["目标二至四已全部完成"])).toEqual([1, 2, 3]);
    expect(claimed(["各项目标均已完成。"])).toEqual([0, 1, 2, 3]);
    expect(claimed(["目标1：实际完成直补资金发放金额为1382.28万元"])).toEqual([]);
    expect(claimed(["目标1已完成80%"])).toEqual([]);
    expect(claimed(["目标1尚未全部完成"])).toEqual([]);
  });

  it("controlled: 公务接待 2.1万元 over its budget 2 (105.00%) and last year's 1.9 (+10.53%)", () => {
    expect([pct("2.1", "2"), pct(minus("2.1", "1.9"), "1.9")]).toEqual(["105.00", "10.53"]);
    const over = exampleWith(TECH, (r) => {
      r.basicData.reception = { current: "2.1", budget: "2", prior: "1.9" };
      r.basicData.threePublic = { current: "6.3", budget: "6.5", prior: "6.5" };
      r.basicData.vehicle.current = "4.2";
      r.threePublic.amount = "6.3";
      r.threePublic.change = { direction: "减少", amount: "0.2", rate: "3.08" };
      r.basicExpenditure.goodsAndServices.items[5].amount = "2.1";
      r.basicExpenditure.goodsAndServices.items[8].amount = "5.2";
    });
    expect(runChecks(over).filter((f) => f.severity === "error")).toEqual([]);
    expect(one(plausible(over), "plausible.controlled").message).toBe(
      "公务接待属从严控制的支出：本年决算 2.1万元，为本年预算 2万元 的 105.00%（控制率超过 100%，超出 0.1万元），比上年决算 1.9万元 增加 0.2万元（增长 10.53%）",
    );
  });

  it("controlled: 在职人员控制率 above 100% (30 of 28 = 107.14%)", () => {
    expect(pct("30", "28")).toBe("107.14");
    const staff = exampleWith(TECH, (r) => {
      r.basicData.actualStaff = "30";
      r.basicData.controlRate = "107.14";
      r.profile.staff.actual = "30";
      r.profile.staff.breakdown[1].count = "20";
    });
    expect(one(plausible(staff), "plausible.controlled").message).toBe(
      "在职人员控制率 = 实际在职人数 30人 / 编制数 28人 = 107.14%，超过 100%",
    );
  });

  it("plan-actual: a gap no figure explains; the same gap with its 结余 stated is fine", () => {
    const noBalance = exampleWith(TECH, (r) => {
      r.performance.sections[0].figures = r.performance.sections[0].figures.filter(
        (f: { id: string }) => f.id !== "F4.1.6",
      );
    });
    expect(one(plausible(noBalance), "plausible.plan-actual").message).toBe(
      "示范基地建设资金：四㈠ 到位示范基地建设资金 180万元，四㈠ 已支付示范基地建设资金（2021年12月末） 171万元，后者少 9万元，文中未说明差额",
    );
  });

  it("a role stored in the file pairs a figure whose label says none (reported once, by the goal said done)", () => {
    const short = (role: boolean) =>
      plausible(
        exampleWith(TECH, (r) => {
          figure(r, "F4.1.1").label = "示范基地数";
          if (role) figure(r, "F4.1.1").role = "计划数";
          figure(r, "F4.1.2").value.value = "11";
        }),
      ).filter((f) => f.message.includes("示范基地数"));
    expect(short(false)).toEqual([]);
    // 11 / 12 = 0.91666… → 91.67%; goal 1 is said done, so its rule tells the gap and plan-actual does not
    expect(pct("11", "12")).toBe("91.67");
    expect(short(true).map((f) => [f.rule, f.message])).toEqual([
      [
        "plausible.goals",
        "年度目标1“计划投入180万元，建设农技推广示范基地12个”写明已完成，而四㈠ 建成示范基地 11个 仅为四㈠ 示范基地数 12个 的 91.67%",
      ],
    ]);
  });

  it("causes: a number given as the cause that is not the shortfall (减少 40人 for 50)", () => {
    const f = one(
      plausible(
        exampleWith(TECH, (r) => {
          figure(r, "F4.2.3").value.value = "40";
          r.causes[0].text = "因疫情停办部分培训班减少培训";
        }),
      ),
      "plausible.causes",
    );
    expect(f.message).toBe(
      "培训农民（人）：完成值 2950人 比指标值 3000人 少 50人，原因写“因疫情停办部分培训班减少培训”，而四㈡ 因疫情停办培训班减少培训人数为 40人，与 50人 相差 10人",
    );
    // the number may also be written in the cause itself (and no figure of the prose gives one)
    const inText = exampleWith(TECH, (r) => {
      figure(r, "F4.2.3").label = "因疫情停办的培训人数";
      r.causes[0].text = "因疫情停办部分培训班，减少培训45人";
    });
    expect(one(plausible(inText), "plausible.causes").message).toBe(
      "培训农民（人）：完成值 2950人 比指标值 3000人 少 50人，原因写“因疫情停办部分培训班，减少培训45人”，而其中写明 45人，与 50人 相差 5人",
    );
  });
});

const WATER = "consistent/water-bureau-2022.json";
const RURAL = "consistent/rural-revitalization-2023.json";
/** A figure anywhere in a section's tree. */
const deep = (raw: Raw, id: string): Raw => {
  const walk = (fs: Raw[]): Raw => {
    for (const f of fs) {
      if (f.id === id) return f;
      const inner = walk(f.items ?? []);
      if (inner) return inner;
    }
    return undefined;
  };
  for (const s of raw.performance.sections) {
    const f = walk(s.figures);
    if (f) return f;
  }
  throw new Error(id);
};

describe("the reports in the words real units use: each slip found in their own wording", () => {
  it("water bureau: money by source (市级配套 30 planned, 25 arrived), not the other sources", () => {
    expect(minus("30", "25")).toBe("5");
    const f = plausible(exampleWith(WATER, (r) => (deep(r, "F4.2.3").value.value = "25")));
    expect(f.map((x) => x.message)).toEqual([
      "配套资金：四㈡ 计划投资 › 市级配套资金 30万元，四㈡ 市级配套资金到位 25万元，后者少 5万元，文中未说明差额",
    ]);
  });

  it("water bureau: 完成计划投资的85% is a partial completion; said completed, goal 2 is short twice", () => {
    // 127.5 / 150 = 85.00%; 山塘 10 of 12: 10/12 × 50/8 = 500/96 = 5.21 of 6.25
    expect([pct("127.5", "150"), frac(500n, 96n), frac(50n, 8n)]).toEqual(["85.00", "5.21", "6.25"]);
    const f = plausible(
      exampleWith(WATER, (r) => (r.selfEvaluation.goalsAchieved = ["目标1、2、3、4、5均已完成年度目标。"])),
    );
    expect(f.map((x) => [x.rule, x.message])).toEqual([
      [
        "plausible.goals",
        "年度目标2“计划投入150万元，完成小型水库除险加固2座、山塘整治12处”写明已完成，而四㈡ 完成投资 127.5万元 仅为四㈡ 计划投资 150万元 的 85.00%",
      ],
      [
        "plausible.goals",
        "年度目标2“计划投入150万元，完成小型水库除险加固2座、山塘整治12处”写明已完成，而其指标“山塘整治（处）”按规则得分 5.21，未得满分 6.25（完成值 10处，指标值 12处，完成 83.33%：83.33% × 6.25 = 5.21）",
      ],
    ]);
  });

  it("water bureau: a 结转 larger than the budget left unspent (30 against 1130 − 1107.5 = 22.5)", () => {
    expect([minus("1130", "1107.5"), pct(minus("1130", "30"), "1130")]).toEqual(["22.5", "97.35"]);
    const f = plausible(exampleWith(WATER, (r) => (deep(r, "F4.2.6").value.value = "30")));
    expect(f.map((x) => [x.rule, x.implied])).toEqual([["plausible.unspent", "执行率97.35%"]]);
  });

  it("rural revitalization: 省级 400 planned, 380 arrived; a 拨付率 of 95% that 1880 / 2000 = 94% does not give", () => {
    expect(pct("1880", "2000")).toBe("94.00");
    expect(
      plausible(exampleWith(RURAL, (r) => (deep(r, "F4.1.3").value.value = "380"))).map((x) => x.message),
    ).toEqual([
      "衔接资金：四㈠ 2023年衔接资金下达计划 › 省级衔接资金 400万元，四㈠ 省级衔接资金到位 380万元，后者少 20万元，文中未说明差额",
    ]);
    const rate = plausible(exampleWith(RURAL, (r) => (deep(r, "F4.1.8").value.value = "95")));
    expect(rate.map((x) => [x.rule, x.implied])).toEqual([["plausible.percentages", "94.00%"]]);
  });

  it("rural revitalization: 86 projects planned, 80 completed, and 6 结转: with 5 the gap is unexplained", () => {
    expect(minus("86", "80")).toBe("6");
    const f = plausible(exampleWith(RURAL, (r) => (deep(r, "F4.1.12").value.value = "5")));
    expect(f.map((x) => x.message)).toEqual([
      "项目：四㈠ 计划项目 86个，四㈠ 完工项目 80个，后者少 6个，文中未说明差额",
    ]);
  });

  it("rural revitalization: 核减 25 students for a shortfall of 30 (480 − 450); 较上年减少 20 is no cause", () => {
    expect([minus("480", "450"), minus("30", "25")]).toEqual(["30", "5"]);
    const f = plausible(
      exampleWith(RURAL, (r) => {
        deep(r, "F4.3.6").value.value = "25";
        r.causes[1].text = "部分学生毕业或转学核减";
      }),
    );
    expect(f.map((x) => x.message)).toEqual([
      "雨露计划补助学生（人）：完成值 450人 比指标值 480人 少 30人，原因写“部分学生毕业或转学核减”，而四㈢ 因毕业或转学核减补助学生为 25人，与 30人 相差 5人",
    ]);
  });
});

describe("plausibility in the views and the deviations", () => {
  it("/check lists the plausibility warnings apart, without rule ids", () => {
    const text = findingsText(runChecks(sample()));
    const [arith, plaus] = text.split(
      "合理性提示 7 项（报告各处说法对不上，财政局复核时会问到，请核实后修改或说明）：",
    );
    expect(arith).toContain("审核发现 4 个错误、10 个提示：");
    expect(plaus?.trim().split("\n")).toHaveLength(7);
    expect(plaus).not.toMatch(/plausible|规则/);
    expect(findingsText(plausible(sample()))).toMatch(/^数字核对：未发现错误。\n\n合理性提示 7 项/);
  });

  it("deviations cite them: the year's work short of its plan is narrated in 五/六, claims to correct are not", () => {
    const devs = buildDeviations(sample());
    const gap = devs.find((d) => d.ref === "plausible.plan-actual:performance.sections.1.figures.0.value");
    expect(gap).toMatchObject({
      kind: "plan-gap",
      indicator: "后扶资金",
      target: "计划4976.44万元",
      actual: "到位4936.44万元",
      gap: { absolute: "40.00", unit: "万元", relative: null },
    });
    const facts = draftInput(sample()).facts;
    expect(
      facts
        .filter((f) => f.kind === "plan-gap")
        .map((f) => [f.topic, f.indicator, f.target, f.actual, f.gap]),
    ).toEqual([
      // the report's own two figures, no computed difference: a draft states only the report's numbers
      ["spending", "年度目标“安排5批次移民培训，培训移民617人次”", "计划资金70万元", "完成资金25万元", null],
      ["controlled", "压缩一般性支出", "本年预算0.57万元", "本年决算6.52万元", null],
      ["arrival", "后扶资金", "计划4976.44万元", "到位4936.44万元", null],
    ]);
    expect(facts.some((f) => f.kind === "plausibility")).toBe(false);
  });

  it("a cause filed under a plausibility finding is attached to it", () => {
    const r = sampleWith((raw) =>
      raw.causes.push({
        ref: "plausible.controlled:basicData.compressedGeneral.current",
        text: "会议费集中列支",
      }),
    );
    expect(buildDeviations(r).find((d) => d.indicator === "压缩一般性支出")?.cause).toBe("会议费集中列支");
  });
});
