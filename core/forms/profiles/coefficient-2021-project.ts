import type { ProfileInput } from "../schema.js";

/**
 * 项目支出绩效自评表, the variant some provinces use: 执行率 10 and 绩效指标 90, the unit spreading the 90
 * over 产出, 效益 and 满意度 itself; each row carries a 得分系数 (0–1, two decimals) and scores
 * 系数 × 分值; a row that does not apply drops out and every other row is rescaled so that the total
 * stays out of 100 ("用适用指标得分汇总后按百分制折算"); an = target missed is scored by tier.
 */
export default {
  id: "coefficient-2021-project",
  name: "项目支出绩效自评表（执行率10＋绩效指标90，得分系数）",
  kind: "项目支出",
  region: "省级变体",
  basis: ["财预〔2020〕10号（一级指标权重可做适当调整）"],
  sections: [],
  table: {
    label: "",
    title: "项目支出绩效自评表",
    fields: ["projectHeader", "fundSources", "goals", "rowScores", "coefficients", "rowReasons", "grade"],
  },
  execution: { name: "预算执行率", weight: "10", placement: "own", divisor: "fullBudget" },
  indicators: {
    total: "90",
    groups: [
      {
        id: "output",
        name: "产出指标",
        prefix: "P",
        subgroups: [{ name: "数量指标" }, { name: "质量指标" }, { name: "时效指标" }, { name: "成本指标" }],
      },
      {
        id: "benefit",
        name: "效益指标",
        prefix: "B",
        subgroups: [
          { name: "经济效益指标" },
          { name: "社会效益指标" },
          { name: "生态效益指标" },
          { name: "可持续影响指标" },
        ],
      },
      { id: "satisfaction", name: "满意度指标", prefix: "S", subgroups: [{ name: "服务对象满意度指标" }] },
    ],
    notApplicable: "total",
    equals: "tier",
    coefficient: { decimals: 2 },
  },
  tiers: { 达成: "80", 部分达成: "60", 未达成: "0" },
  grades: [
    { min: "90", label: "优" },
    { min: "80", label: "良" },
    { min: "60", label: "中" },
    { min: "0", label: "差" },
  ],
  farExceededRatio: "1.2",
  moneyUnit: "万元",
} satisfies ProfileInput;
