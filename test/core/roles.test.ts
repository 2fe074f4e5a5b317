import { describe, expect, it } from "vitest";
import { asOfInName, roleFromLabel, sameSources, shareOf, sourcesOf, subjectOf } from "../../core/roles.js";

describe("what a label says", () => {
  it("the role of a figure, read from its words (the sample's labels and others)", () => {
    const cases: [string, string | null][] = [
      ["2020年度中央、省、市后扶资金计划", "计划数"],
      ["计划资金", "计划数"],
      ["县财政2020年度到位后扶资金", "到位数"],
      ["实际完成后扶项目", "实际完成数"],
      ["完成资金", "实际完成数"],
      ["发放直补资金", "实际完成数"],
      ["已支付项目资金", "已支付"],
      ["后扶项目已付款", "已支付"],
      // 未付款 holds 付: unpaid wins
      ["项目已完工未付款", "未支付或结余"],
      ["2020年度资金结存", "未支付或结余"],
      ["上年结转非遗保护资金", "未支付或结余"],
      // a payment or an arrival that is planned, or any forecast, is a plan (the 支付 word does not make
      // it paid; "预计…结余" is not money left over yet)
      ["计划支付资金", "计划数"],
      ["预计支付资金", "计划数"],
      ["应支付资金", "计划数"],
      ["支付计划", "计划数"],
      ["年度支付目标", "计划数"],
      ["计划到位资金", "计划数"],
      ["预计支付示范基地建设资金结余", "计划数"],
      // …and one said paid or arrived outright is not
      ["已支付计划资金", "已支付"],
      ["实际到位资金", "到位数"],
      ["未到位资金", null],
      // no role word, or two that disagree: the questionnaire may ask
      ["培训移民", null],
      ["2020年核减后期扶持人口", null],
      ["完成资金占计划资金的比例", null],
      ["未完成项目", null],
    ];
    expect(cases.map(([label]) => [label, roleFromLabel(label)])).toEqual(cases);
  });

  it("the thing a figure counts, without its year, role words and source", () => {
    expect(subjectOf("2020年度中央、省、市后扶资金计划")).toBe("后扶资金");
    expect(subjectOf("县财政2020年度到位后扶资金")).toBe("后扶资金");
    expect(subjectOf("2020年度计划后扶项目")).toBe("后扶项目");
    expect(subjectOf("2020年度共完成各类后扶项目")).toBe("后扶项目");
    expect(subjectOf("计划资金")).toBe(subjectOf("完成资金"));
    expect(subjectOf("计划后扶项目资金")).toBe("后扶项目资金");
    expect(subjectOf("已支付项目资金")).toBe("项目资金");
    // a level of government is a source only as one: "市场" is no 市
    expect(subjectOf("市场主体培育资金计划")).toBe("市场主体培育资金");
  });

  it("where the money comes from: 中央 / 省 / 市 / 县, not the county treasury it arrived at", () => {
    expect(
      [
        "2020年度中央、省、市后扶资金计划",
        "中央补助资金计划",
        "省级补助资金到位",
        "市配套资金到位",
        "县级配套资金计划",
        "县财政2020年度到位后扶资金",
        "计划后扶项目资金",
        "市场主体培育资金计划",
      ].map(sourcesOf),
    ).toEqual(["中央,省,市", "中央", "省", "市", "县", "", "", ""]);
    expect(sameSources("中央", "省")).toBe(false);
    expect(sameSources("中央,省,市", "")).toBe(true);
  });

  it("what a rate is a share of; measured rates are none", () => {
    expect(shareOf("完成资金占计划资金的比例")).toEqual({
      numerator: "完成资金",
      denominator: "计划资金",
      named: true,
    });
    const rate = shareOf("截至年底，项目资金完成率（%）");
    expect([rate?.numerator, rate?.denominator, [...(rate?.numeratorRoles ?? [])]]).toEqual([
      "项目资金",
      "项目资金",
      ["实际完成数", "已支付"],
    ]);
    expect([...(shareOf("后扶资金到位率")?.denominatorRoles ?? [])]).toEqual(["计划数"]);
    for (const measured of [
      "培训合格率（%）",
      "移民对后扶政策实施满意度（%）",
      "项目支出控制在批复的预算范围内的项目比例（%）",
      "农村移民人均可支配收入年增长率（%）",
    ])
      expect(shareOf(measured)).toBeNull();
  });

  it("the date a name says its value is as of, relative to the report's year", () => {
    expect(asOfInName("截至次年6月底，项目资金完成率（%）", 2020)).toEqual({
      kind: "date",
      text: "2021年6月底",
      year: 2021,
      month: 6,
      edge: "end",
      before: false,
    });
    expect(asOfInName("截至年底，项目资金完成率（%）", 2020)?.text).toBe("2020年12月底");
    // a year written out before 底 / 末
    expect(asOfInName("截至2021年底，项目资金完成率（%）", 2020)?.text).toBe("2021年12月底");
    expect(asOfInName("截止2022年末已支付资金", 2021)?.text).toBe("2022年12月底");
    expect(asOfInName("截至底", 2020)).toBeNull();
    expect(asOfInName("截止2021年3月31日已支付资金", 2020)?.text).toBe("2021年3月31日");
    expect(asOfInName("截至2021年2月30日", 2020)).toBeNull();
    expect(asOfInName("项目资金完成率（%）", 2020)).toBeNull();
  });
});
