import type { ProfileInput } from "../schema.js";

/**
 * 部门整体支出绩效自评表 on the national scoring of 财预〔2020〕10号: the report (一 … 七) and the table,
 * without a provincial 基础数据表. 执行率 10 on its own line, 产出 50, 效益 30, 满意度 10, each row's 分值
 * and 得分 in its own columns; grades 优 / 良 / 中 / 差 (90 / 80 / 60).
 */
export default {
  id: "national-2020-dept",
  name: "部门整体支出绩效自评（全国通用）",
  kind: "部门整体",
  region: "全国",
  basis: ["财预〔2020〕10号"],
  sections: ["一", "二", "三", "四", "五", "六", "七"],
  table: {
    label: "附件",
    title: "部门整体支出绩效自评表",
    fields: ["byIncome", "byExpense", "goals", "rowScores", "rowReasons", "grade"],
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
