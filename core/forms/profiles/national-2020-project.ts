import type { ProfileInput } from "../schema.js";

/**
 * 项目支出绩效自评表 of 财预〔2020〕10号 (one table per project): 项目名称, 主管部门, 实施单位; 项目资金 by
 * source (年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金) with 执行率 10 on the total's line;
 * 年度总体目标; 绩效指标 with each row's 分值, 得分 and 偏差原因分析及改进措施 (产出 50, 效益 30, 满意度 10);
 * 总分. Grades 优 / 良 / 中 / 差.
 */
export default {
  id: "national-2020-project",
  name: "项目支出绩效自评表（全国通用）",
  kind: "项目支出",
  region: "全国",
  basis: ["财预〔2020〕10号"],
  sections: [],
  table: {
    label: "",
    title: "项目支出绩效自评表",
    fields: ["projectHeader", "fundSources", "goals", "rowScores", "rowReasons", "grade"],
  },
  execution: { name: "预算执行率", weight: "10", placement: "own", divisor: "fullBudget" },
  indicators: {
    groups: [
      {
        id: "output",
        name: "产出指标",
        weight: "50",
        prefix: "P",
        subgroups: [{ name: "数量指标" }, { name: "质量指标" }, { name: "时效指标" }, { name: "成本指标" }],
      },
      {
        id: "benefit",
        name: "效益指标",
        weight: "30",
        prefix: "B",
        subgroups: [
          { name: "经济效益指标" },
          { name: "社会效益指标" },
          { name: "生态效益指标" },
          { name: "可持续影响指标" },
        ],
      },
      {
        id: "satisfaction",
        name: "满意度指标",
        weight: "10",
        prefix: "S",
        subgroups: [{ name: "服务对象满意度指标" }],
      },
    ],
    notApplicable: "group",
    equals: "proportional",
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
