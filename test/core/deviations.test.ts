import { describe, expect, it } from "vitest";
import { buildDeviations } from "../../core/deviations.js";
import { sample, sampleWith } from "../helpers.js";

describe("deviations of the sample", () => {
  const devs = buildDeviations(sample());

  it("the short row: 292 people (1.25%) below target, 0.05 lost, cause as given", () => {
    expect(devs.find((d) => d.ref === "P1")).toEqual({
      ref: "P1",
      kind: "indicator",
      indicator: "资金直补受益移民（人）",
      target: "23330人",
      actual: "23038人",
      gap: { absolute: "292", unit: "人", relative: "1.25" },
      scoreLost: "0.05",
      cause: "人员死亡等原因核减",
      message: "完成值 23038人，指标值 23330人，完成 98.75%：98.75% × 3.85 = 3.80",
    });
  });

  it("the late deadline: 2 months, 0.77 lost (20% of 50/13), cause as given", () => {
    const d = devs.find((x) => x.ref === "P9");
    expect([d?.kind, d?.gap, d?.scoreLost, d?.cause]).toEqual([
      "deadline",
      { absolute: "2", unit: "个月", relative: null },
      "0.77",
      "核实人数时间延长",
    ]);
  });

  it("lists kinds in order: rows, then inconsistencies and self-assessment, then plausibility, causes missing where none was given", () => {
    expect(devs.map((d) => [d.kind, d.indicator, d.cause === null ? "missing" : "given"])).toEqual([
      ["indicator", "资金直补受益移民（人）", "given"],
      ["far-exceeded", "生产开发及配套设施项目等（个）", "missing"],
      ["deadline", "直补资金按时发放时间", "given"],
      ["inconsistency", "商品和服务支出", "missing"],
      ["inconsistency", "实际完成后扶项目", "missing"],
      ["inconsistency", "已支付项目资金", "missing"],
      ["inconsistency", "移民对后扶政策实施满意度（%） 完成值", "missing"],
      ["self-assessment", "产出指标自评得分", "missing"],
      ["self-assessment", "满意度指标自评得分", "missing"],
      ["inconsistency", "自评总分", "missing"],
      ["inconsistency", "综合评定等级", "missing"],
      // what the plausibility rules found: claims to check, and the year's work short of its plan
      ["plausibility", "预算执行率", "missing"],
      ["plausibility", "截至年底，项目资金完成率（%）", "missing"],
      ["plausibility", "截至次年6月底，项目资金完成率（%）", "missing"],
      ["plan-gap", "年度目标“安排5批次移民培训，培训移民617人次”", "missing"],
      ["plan-gap", "压缩一般性支出", "missing"],
      ["plan-gap", "后扶资金", "missing"],
      ["plausibility", "资金直补受益移民（人）", "missing"],
    ]);
  });

  it("执行率 below 100% is a deviation with the unspent amount", () => {
    const d = buildDeviations(sampleWith((r) => (r.selfEvaluation.funds.executed = "4670.757"))).find(
      (x) => x.kind === "execution",
    );
    // 4670.757 / 5189.73 = 90%: 1 of 10 lost, 518.973 万元 unspent
    expect([d?.actual, d?.gap, d?.scoreLost]).toEqual([
      "90.00%",
      { absolute: "518.973", unit: "万元", relative: "10.00" },
      "1.00",
    ]);
  });

  it("a cause filed under a finding's ref is attached to it", () => {
    const r = sampleWith((raw) =>
      raw.causes.push({
        ref: "tree.amounts:basicExpenditure.goodsAndServices.amount",
        text: "明细录入时漏记0.02万元",
      }),
    );
    expect(buildDeviations(r).find((d) => d.indicator === "商品和服务支出")?.cause).toBe(
      "明细录入时漏记0.02万元",
    );
  });
});
