import type { ProfileInput } from "../schema.js";

/**
 * 部门整体支出绩效评价指标表 in the style of the 2013 共性指标框架 (财预〔2013〕53号) as provinces and cities
 * printed it until 2019: 一级 投入 / 过程 / 产出 / 效果, each 二级 with its own weight, every 三级 row fixed by
 * the form with its 评价标准 — per-point deductions ("每超过一个百分点扣0.5分，扣完为止"), banded tables
 * ("0-10%(含)，计4分"), and 预算完成率 as a row of 过程 › 预算执行, scored "100%计满分，每低于5%扣2分" on
 * 全年执行数 ÷ 调整后预算数. The first rows and their standards follow a published municipal table of this
 * kind; the weights of the rest are an example for a province to adjust in its own file.
 */
export default {
  id: "common-2013-dept",
  name: "部门整体支出绩效评价指标表（2013年共性指标框架式）",
  kind: "部门整体",
  region: "共性指标框架",
  basis: ["财预〔2013〕53号"],
  sections: ["一", "二", "三", "四", "五", "六", "七"],
  table: { label: "附件", title: "部门整体支出绩效评价指标表", fields: ["rowScores", "grade"] },
  execution: {
    name: "预算完成率",
    weight: "5",
    placement: "group",
    group: "过程",
    subgroup: "预算执行",
    divisor: "adjustedBudget",
    method: { kind: "perPoint", per: "5", points: "2", steps: "whole" },
  },
  indicators: {
    groups: [
      {
        id: "input",
        name: "投入",
        weight: "13",
        prefix: "I",
        subgroups: [
          {
            name: "预算配置",
            weight: "13",
            rows: [
              {
                id: "I1",
                name: "在职人员控制率",
                weight: "5",
                rule: "<=",
                target: { kind: "percent", value: "100" },
                method: { kind: "perPoint", per: "1", points: "0.5" },
                standard: "以100%为标准。在职人员控制率≤100%，计5分；每超过一个百分点扣0.5分，扣完为止。",
              },
              {
                id: "I2",
                name: "“三公经费”变动率",
                weight: "8",
                rule: "<=",
                target: { kind: "percent", value: "0" },
                method: { kind: "perPoint", per: "1", points: "0.8" },
                standard: "“三公经费”变动率≤0，计8分；每超过一个百分点扣0.8分，扣完为止。",
              },
            ],
          },
        ],
      },
      {
        id: "process",
        name: "过程",
        weight: "37",
        prefix: "M",
        subgroups: [
          {
            name: "预算执行",
            weight: "20",
            rows: [
              {
                id: "M1",
                name: "预算控制率",
                weight: "5",
                rule: "<=",
                target: { kind: "percent", value: "0" },
                method: {
                  kind: "banded",
                  bands: [
                    { from: "0", to: "0", toIncluded: true, points: "5" },
                    { from: "0", fromIncluded: false, to: "10", toIncluded: true, points: "4" },
                    { from: "10", fromIncluded: false, to: "20", toIncluded: true, points: "3" },
                    { from: "20", fromIncluded: false, to: "30", toIncluded: true, points: "2" },
                    { from: "30", fromIncluded: false, points: "0" },
                  ],
                },
                standard:
                  "预算控制率=0，计5分；0-10%(含)，计4分；10-20%(含)，计3分；20-30%(含)，计2分；大于30%不得分。",
              },
              {
                id: "M2",
                name: "公用经费控制率",
                weight: "5",
                rule: "<=",
                target: { kind: "percent", value: "100" },
                method: { kind: "perPoint", per: "1", points: "1" },
                standard: "100%以下(含)计满分，每超出1%扣1分，扣完为止。",
              },
              {
                id: "M3",
                name: "政府采购执行率",
                weight: "5",
                rule: ">=",
                target: { kind: "percent", value: "100" },
                standard: "按实际执行比例计分：政府采购执行率 × 5分。",
              },
            ],
          },
          {
            name: "预算管理",
            weight: "10",
            rows: [
              {
                id: "M4",
                name: "管理制度健全性",
                weight: "5",
                rule: "qualitative",
                target: { kind: "text", text: "制度健全、执行有效" },
                standard: "达成计4–5分，部分达成计3–4分，未达成计0–3分。",
              },
              {
                id: "M5",
                name: "资金使用合规性",
                weight: "5",
                rule: "qualitative",
                target: { kind: "text", text: "无违规使用资金" },
                standard: "达成计4–5分，部分达成计3–4分，未达成计0–3分。",
              },
            ],
          },
          {
            name: "资产管理",
            weight: "7",
            rows: [
              {
                id: "M6",
                name: "固定资产利用率",
                weight: "7",
                rule: ">=",
                target: { kind: "percent", value: "100" },
                standard: "按实际利用比例计分：固定资产利用率 × 7分。",
              },
            ],
          },
        ],
      },
      {
        id: "output",
        name: "产出",
        weight: "25",
        prefix: "P",
        subgroups: [
          {
            name: "职责履行",
            weight: "25",
            rows: [
              {
                id: "P1",
                name: "实际完成率",
                weight: "10",
                rule: ">=",
                target: { kind: "percent", value: "100" },
              },
              {
                id: "P2",
                name: "完成及时率",
                weight: "5",
                rule: ">=",
                target: { kind: "percent", value: "100" },
              },
              {
                id: "P3",
                name: "质量达标率",
                weight: "5",
                rule: ">=",
                target: { kind: "percent", value: "100" },
              },
              {
                id: "P4",
                name: "重点工作办结率",
                weight: "5",
                rule: ">=",
                target: { kind: "percent", value: "100" },
              },
            ],
          },
        ],
      },
      {
        id: "effect",
        name: "效果",
        weight: "25",
        prefix: "E",
        subgroups: [
          {
            name: "履职效益",
            weight: "25",
            rows: [
              {
                id: "E1",
                name: "社会效益",
                weight: "10",
                rule: "qualitative",
                target: { kind: "text", text: "明显提升" },
              },
              {
                id: "E2",
                name: "社会公众或服务对象满意度",
                weight: "10",
                rule: ">=",
                target: { kind: "percent", value: "90" },
                method: { kind: "perPoint", per: "1", points: "0.5" },
                standard: "满意度≥90%，计10分；每低于1个百分点扣0.5分，扣完为止。",
              },
              {
                id: "E3",
                name: "可持续影响",
                weight: "5",
                rule: "qualitative",
                target: { kind: "text", text: "长效机制健全" },
              },
            ],
          },
        ],
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
