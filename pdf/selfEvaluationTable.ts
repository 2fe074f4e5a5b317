/**
 * 附件1-2 部门整体支出绩效自评表 as blocks: the sample's grid in four bands — 部门资金 (with 执行率 and
 * its score), 年度总体目标, 绩效指标 (一级 and 二级 merged over their rows, 分值 and 得分 written once per
 * group) with 综合评定等级 and 总分, and 说明 — then the signature line and the form's notes. Every
 * computed figure (执行率, 得分, 总分, 等级) is the core's.
 */
import { readPath } from "../core/places.js";
import { formatQuantity } from "../core/quantity.js";
import type { IndicatorGroup } from "../core/report.js";
import type { GroupScore } from "../core/scoring.js";
import type { Block, TableCell, TableRow } from "./model.js";
import { scoredIndicatorRows, shownScore } from "./projectTable.js";
import { cell, percentText, type ReportContent, scoreNumber, trimEnd } from "./wording.js";

const W = "附件1-2";
const H = { face: "sans" as const, align: "center" as const };
const num = { align: "right" as const };
const money = (path: string) => ({ kind: "money" as const, path: `selfEvaluation.${path}` });

/** 附件1-2 部门整体支出绩效自评表: the sample's grid, with 执行率, 得分, 总分 and 等级 computed by the core. */
export function selfEvaluationTable(c: ReportContent): Block[] {
  const fields = c.profile.table.fields;
  if (fields.includes("rowScores")) return rowScoredTable(c);
  const rows: TableRow[] = [
    ...fundsRows(c, W),
    ...goalsRows(c, W),
    ...indicatorsRows(c),
    totalRow(c, W),
    ...explanationRows(c, W),
  ];
  // grid: 绩效指标 | 一级 | 二级 | 三级 (two columns, the first also 年初预算数) | 指标值 | 完成值 | 分值 | 得分
  return frame(
    c,
    W,
    rows,
    [22, 46, 50, 68, 78, 52, 52, 37, 37],
    ["2.三级绩效指标按需自行增减行。不涉及的二级指标可删除不要。"],
  );
}

/**
 * The 部门整体 table of a form that scores every row (the national table, the 共性指标 tables): the
 * funds (and, where the form asks them, the funds by source, the goals and the 说明), then every row
 * with its 分值 and 得分 and, last, its 偏差原因 (or nothing).
 */
function rowScoredTable(c: ReportContent): Block[] {
  const label = c.profile.table.label || c.profile.table.title;
  const fields = c.profile.table.fields;
  const rows: TableRow[] = [
    ...fundsRows(c, label, fields.includes("byIncome")),
    ...(fields.includes("goals") ? goalsRows(c, label) : []),
    ...scoredIndicatorRows(c, label, { reasons: fields.includes("rowReasons"), coefficient: false }),
    totalRow(c, label, true),
    ...(fields.includes("explanation") ? explanationRows(c, label) : []),
  ];
  // the last column holds each row's 偏差原因, or the 评分标准 of a 共性指标 table (longer: wider)
  const grid = fields.includes("rowReasons")
    ? [20, 42, 44, 60, 50, 50, 40, 40, 58]
    : [18, 38, 40, 56, 44, 46, 40, 36, 92];
  return frame(c, label, rows, grid, []);
}

/** The table with its label, title, year, unit and signature line, and the form's notes. */
function frame(c: ReportContent, W: string, rows: TableRow[], grid: number[], notes: string[]): Block[] {
  const r = c.report;
  const se = r.selfEvaluation;
  const I = "\u3000";
  const small = { indent: false, align: "left" as const, size: 10.5 };
  const bands = c.grades.join("、");
  const total = grid.reduce((a, b) => a + b, 0);
  return [
    ...(c.profile.table.label === ""
      ? []
      : [{ kind: "heading", level: "label", text: c.profile.table.label, where: W } as Block]),
    {
      kind: "para",
      text: c.profile.table.title,
      where: `${W} 表名`,
      indent: false,
      align: "center",
      face: "sans",
      size: 16,
    },
    {
      kind: "para",
      text: `（${r.unit.year}年度）`,
      where: `${W} 年度`,
      indent: false,
      align: "center",
      size: 10.5,
    },
    {
      kind: "para",
      text: `填报单位（盖章）：${r.unit.name}${I}${I}填报时间：${se.filledAt ?? ""}`,
      where: `${W} 填报单位`,
      ...small,
    },
    { kind: "table", columns: grid.map((w) => w / total), rows, where: W },
    {
      kind: "para",
      text: `填表人：${I}${I}${I}${I}联系电话：${I}${I}${I}${I}单位负责人签字：`,
      where: `${W} 填表人`,
      ...small,
      before: 6,
    },
    {
      kind: "para",
      text: `说明：${notes.length > 0 ? "1." : ""}评价等级分为${bands}。`,
      where: `${W} 说明`,
      ...small,
    },
    ...notes.map((n): Block => ({ kind: "para", text: `${I}${I}${I}${n}`, where: `${W} 说明`, ...small })),
  ];
}

/** 部门资金: the year's funds with 执行率, 分值 and 得分, then the funds by income and by expense. */
function fundsRows(c: ReportContent, W: string, bySource = true): TableRow[] {
  const se = c.report.selfEvaluation;
  const f = se.funds;
  const rows: TableRow[] = [];
  rows.push({
    header: true,
    cells: [
      cell(`部门资金（${c.report.unit.moneyUnit}）`, 0, W, {
        rowSpan: bySource ? 7 : 2,
        ...H,
        split: "repeat",
      }),
      cell("", 1, W, { colSpan: 2 }),
      cell("年初预算数", 3, W, H),
      cell("全年预算数", 4, W, H),
      cell("全年执行数", 5, W, H),
      cell("执行率", 6, W, H),
      cell("分值", 7, W, H),
      cell("得分", 8, W, H),
    ],
  });
  const ex = c.score.execution;
  const fw = `${W} 年度资金总额`;
  rows.push({
    cells: [
      cell("年度资金总额", 1, fw, { colSpan: 2, align: "center" }),
      cell(f.initialBudget ?? "", 3, fw, { ...num, value: money("funds.initialBudget") }),
      cell(f.fullBudget ?? "", 4, fw, { ...num, value: money("funds.fullBudget") }),
      cell(f.executed ?? "", 5, fw, { ...num, value: money("funds.executed") }),
      cell(ex.rate === null ? "" : percentText(ex.rate), 6, fw, { ...num, value: { kind: "executionRate" } }),
      ...(ex.placement === "group"
        ? // 执行率 scored as a row of its group: counted there, not here
          [cell("—", 7, fw, { align: "center" }), cell("—", 8, fw, { align: "center" })]
        : [
            cell(scoreNumber(ex.weight), 7, fw, { align: "center", value: { kind: "executionWeight" } }),
            c.final && ex.declared !== null
              ? cell(shownScore(c, ex.score, ex.declared), 8, fw, { align: "center" })
              : cell(scoreNumber(ex.score), 8, fw, { align: "center", value: { kind: "executionScore" } }),
          ]),
    ],
  });
  if (!bySource) return rows;
  rows.push({
    cells: [
      cell("按收入性质分", 1, W, { colSpan: 4, ...H }),
      cell("按支出性质分", 5, W, { colSpan: 4, ...H }),
    ],
  });
  const pairs = [
    ["其中：一般公共预算", "byIncome.generalBudget", "基本支出", "byExpense.basic"],
    ["政府性基金拨款", "byIncome.governmentFund", "其中：人员经费", "byExpense.personnel"],
    ["纳入管理的非税收入拨款", "byIncome.nonTax", "公用经费", "byExpense.publicFunds"],
    ["其他资金", "byIncome.other", "项目支出", "byExpense.project"],
  ] as const;
  const at = (path: string) => readPath(se, path) as string | undefined;
  for (const [a, ap, b, bp] of pairs) {
    rows.push({
      cells: [
        cell(a, 1, `${W} ${a}`, { colSpan: 3 }),
        cell(at(ap) ?? "", 4, `${W} ${a}`, { ...num, value: money(ap) }),
        cell(b, 5, `${W} ${b}`, { colSpan: 2 }),
        cell(at(bp) ?? "", 7, `${W} ${b}`, { colSpan: 2, ...num, value: money(bp) }),
      ],
    });
  }
  return rows;
}

/** 年度总体目标: the goals as set (目标1：… one a line) beside what was achieved. */
function goalsRows(c: ReportContent, W: string): TableRow[] {
  const se = c.report.selfEvaluation;
  const goals = [
    se.goalsIntro.trim(),
    ...se.goals.map((g, i) => `目标${i + 1}：${trimEnd(g.text)}${i === se.goals.length - 1 ? "。" : "；"}`),
  ]
    .filter(Boolean)
    .join("\n");
  return [
    {
      header: true,
      cells: [
        cell("年度总体目标", 0, W, { rowSpan: 2, ...H, split: "repeat" }),
        cell("年初预期（设定）目标", 1, W, { colSpan: 4, ...H }),
        cell("全年实际完成情况", 5, W, { colSpan: 4, ...H }),
      ],
    },
    {
      cells: [
        cell(goals, 1, `${W} 年初预期（设定）目标`, { colSpan: 4 }),
        cell(se.goalsAchieved.map((l) => l.trim()).join("\n"), 5, `${W} 全年实际完成情况`, { colSpan: 4 }),
      ],
    },
  ];
}

/** 绩效指标: its header, then each group's rows. */
function indicatorsRows(c: ReportContent): TableRow[] {
  const se = c.report.selfEvaluation;
  const indicatorRows = se.indicators.reduce(
    (n, g) => n + g.subgroups.reduce((m, sg) => m + sg.rows.length, 0),
    0,
  );
  const rows: TableRow[] = [
    {
      header: true,
      cells: [
        cell("绩效指标", 0, W, { rowSpan: indicatorRows + 1, ...H, split: "repeat" }),
        cell("一级指标", 1, W, H),
        cell("二级指标", 2, W, H),
        cell("三级指标", 3, W, { colSpan: 2, ...H }),
        cell("指标值", 5, W, H),
        cell("完成值", 6, W, H),
        cell("分值", 7, W, H),
        cell("得分", 8, W, H),
      ],
    },
  ];
  se.indicators.forEach((g, gi) => {
    rows.push(...groupRows(g, gi, c.score.groups[gi], c));
  });
  return rows;
}

/**
 * One level-1 group: a row per level-3 indicator; the group's name, 分值 and 得分 merged over all its
 * rows (分值 and 得分 written once when a page break cuts them), each level-2 name over its rows.
 */
function groupRows(g: IndicatorGroup, gi: number, gs: GroupScore | undefined, c: ReportContent): TableRow[] {
  const rows: TableRow[] = [];
  const n = g.subgroups.reduce((m, sg) => m + sg.rows.length, 0);
  let first = true;
  g.subgroups.forEach((sg, si) => {
    sg.rows.forEach((row, ri) => {
      const path = `selfEvaluation.indicators.${gi}.subgroups.${si}.rows.${ri}`;
      const where = `${W} 三级指标“${row.name}”`;
      const cells: TableCell[] = [];
      if (first)
        cells.push(
          cell(`${g.name}\n（${g.weight}分）`, 1, `${W} 一级指标“${g.name}”`, {
            rowSpan: n,
            align: "center",
            split: "repeat",
          }),
        );
      if (ri === 0)
        cells.push(
          cell(sg.name, 2, `${W} 二级指标“${sg.name}”`, {
            rowSpan: sg.rows.length,
            align: "center",
            split: "repeat",
          }),
        );
      cells.push(
        cell(row.name, 3, where, { colSpan: 2 }),
        cell(formatQuantity(row.target), 5, where, {
          align: "center",
          value: { kind: "quantity", path: `${path}.target` },
        }),
        cell(row.actual ? formatQuantity(row.actual) : "", 6, where, {
          align: "center",
          value: { kind: "quantity", path: `${path}.actual` },
        }),
      );
      if (first)
        cells.push(
          cell(g.weight, 7, `${W} ${g.name} 分值`, {
            rowSpan: n,
            align: "center",
            split: "once",
            value: { kind: "groupWeight", group: gi },
          }),
          cell(gs ? shownScore(c, gs.score, gs.declared) : "", 8, `${W} ${g.name} 得分`, {
            rowSpan: n,
            align: "center",
            split: "once",
            // the unit's own score on the final document is a figure as written, not a formula
            ...(!(c.final && gs?.declared) && { value: { kind: "groupScore" as const, group: gi } }),
          }),
        );
      first = false;
      rows.push({ cells });
    });
  });
  return rows;
}

/** 综合评定等级 and 总分: the grade, the weights' total and the total score. */
function totalRow(c: ReportContent, W: string, perRow = false): TableRow {
  const s = c.score;
  // the final document: the unit's total and grade where it wrote them
  const total = c.final && s.declared.total !== null ? s.declared.total : null;
  const grade = c.final && s.declared.grade !== null ? s.declared.grade : null;
  return {
    cells: [
      cell("综合评定等级", 0, W, { colSpan: 3, ...H }),
      grade !== null
        ? cell(grade, 3, `${W} 综合评定等级`, { colSpan: 2, align: "center" })
        : cell(s.grade ?? "", 3, `${W} 综合评定等级`, {
            colSpan: 2,
            align: "center",
            value: { kind: "grade" },
          }),
      // a table that scores every row has 分值 and 得分 one column to the left, and 偏差原因 last
      cell("总分", 5, W, { colSpan: perRow ? 1 : 2, ...H }),
      cell(scoreNumber(s.weightTotal), perRow ? 6 : 7, `${W} 总分`, {
        align: "center",
        value: { kind: "weightTotal" },
      }),
      total !== null
        ? cell(scoreNumber(total), perRow ? 7 : 8, `${W} 总分`, { align: "center" })
        : cell(s.shownTotal.toFixed(2), perRow ? 7 : 8, `${W} 总分`, {
            align: "center",
            value: { kind: "total" },
          }),
      ...(perRow ? [cell("", 8, `${W} 总分`)] : []),
    ],
  };
}

/** 说明: the form's own text when the unit wrote it, else sections 五 and 六. */
function explanationRows(c: ReportContent, W: string): TableRow[] {
  const se = c.report.selfEvaluation;
  const deviations = se.explanation.deviations.length > 0 ? se.explanation.deviations : c.narrative.problems;
  const measures = se.explanation.measures.length > 0 ? se.explanation.measures : c.narrative.improvements;
  return [
    {
      header: true,
      cells: [
        cell("说明", 0, W, { rowSpan: 2, ...H, split: "repeat" }),
        cell("偏差及原因分析", 1, W, { colSpan: 4, ...H }),
        cell("改进措施", 5, W, { colSpan: 4, ...H }),
      ],
    },
    {
      cells: [
        cell(deviations.map((l) => l.trim()).join("\n"), 1, `${W} 偏差及原因分析`, { colSpan: 4 }),
        cell(measures.map((l) => l.trim()).join("\n"), 5, `${W} 改进措施`, { colSpan: 4 }),
      ],
    },
  ];
}
