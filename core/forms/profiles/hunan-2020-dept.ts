import type { ProfileInput } from "../schema.js";

/**
 * 湖南省部门整体支出绩效自评 (the sample's set): the report (一 … 七), 附件1-1 基础数据表 and 附件1-2 自评表.
 * 执行率 10 on its own line (全年执行数 ÷ 全年预算数, proportional), 产出 50, 效益 30, 满意度 10; group
 * 得分 written once per level-1 group; grades as the Hunan form writes them. The default of every report
 * file that names no profile.
 */
export default {
  id: "hunan-2020-dept",
  name: "湖南省部门整体支出绩效自评",
  kind: "部门整体",
  region: "湖南省",
  basis: ["湘财绩〔2020〕7号", "财预〔2020〕10号"],
  sections: ["一", "二", "三", "四", "五", "六", "七"],
  basicData: { label: "附件1-1", title: "部门整体支出绩效评价基础数据表" },
  table: {
    label: "附件1-2",
    title: "部门整体支出绩效自评表",
    fields: ["byIncome", "byExpense", "goals", "groupScores", "grade", "explanation"],
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
        subgroups: [{ name: "社会公众或服务对象满意度指标" }],
      },
    ],
    notApplicable: "group",
    equals: "proportional",
  },
  tiers: { 达成: "80", 部分达成: "60", 未达成: "0" },
  grades: [
    { min: "90", label: "优秀" },
    { min: "80", label: "良好" },
    { min: "60", label: "较差" },
    { min: "0", label: "差" },
  ],
  farExceededRatio: "1.2",
  moneyUnit: "万元",
} satisfies ProfileInput;
