/**
 * 项目支出绩效自评表 (财预〔2020〕10号 附件) as blocks: 项目名称, 主管部门 and 实施单位; 项目资金 with its
 * sources (年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金) and 执行率 on the total's line;
 * 年度总体目标; 绩效指标 with each row's 分值, 得分 and 偏差原因分析及改进措施 (and 得分系数 where the form
 * has that column); 总分. Also the per-row indicator band of the 部门整体 forms that score every row.
 *
 * Which score a 得分 cell prints: the draft prints the rules' (the check the unit reviews); the final
 * document prints what the unit declared where it wrote one (the submitted form is the unit's), the
 * rules' where it left the cell blank.
 */
import { templateRow } from "../core/forms/registry.js";
import { formatQuantity } from "../core/quantity.js";
import type { Ratio } from "../core/ratio.js";
import type { FundColumns, IndicatorRow } from "../core/report.js";
import type { RowScore } from "../core/scoring.js";
import type { Block, TableCell, TableRow } from "./model.js";
import { cell, percentText, type ReportContent, scoreNumber, trimEnd } from "./wording.js";

const H = { face: "sans" as const, align: "center" as const };
const C = { align: "center" as const };
const R = { align: "right" as const };

/** A score cell's text: the unit's on the final document when it wrote one, else the rules'. */
export function shownScore(c: ReportContent, computed: Ratio, declared: Ratio | null): string {
  return scoreNumber(c.final && declared !== null ? declared : computed);
}

/** The 项目支出 table: its title, the grid, the signature line. */
export function projectTable(c: ReportContent): Block[] {
  const { report: r, profile } = c;
  const W = profile.table.title;
  const coefficient = profile.table.fields.includes("coefficients");
  const rows: TableRow[] = [
    ...headRows(c, W),
    ...fundRows(c, W),
    ...goalRows(c, W),
    ...scoredIndicatorRows(c, W, { reasons: true, coefficient }),
    totalRow(c, W),
  ];
  const I = "\u3000";
  const small = { indent: false, align: "left" as const, size: 10.5 };
  // grid: band | 一级 | 二级 | 三级 | 指标值 | 完成值 | 分值 | 得分 | 偏差原因分析及改进措施
  const grid = [20, 40, 44, 60, 48, 48, 40, 40, 70];
  const sum = grid.reduce((a, b) => a + b, 0);
  return [
    { kind: "para", text: W, where: `${W} 表名`, indent: false, align: "center", face: "sans", size: 16 },
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
      text: `填报单位（盖章）：${r.unit.name}${I}${I}填报时间：${r.selfEvaluation.filledAt ?? ""}`,
      where: `${W} 填报单位`,
      ...small,
    },
    { kind: "table", columns: grid.map((w) => w / sum), rows, where: W },
    {
      kind: "para",
      text: `填表人：${I}${I}${I}${I}联系电话：${I}${I}${I}${I}单位负责人签字：`,
      where: `${W} 填表人`,
      ...small,
      before: 6,
    },
    { kind: "para", text: `说明：评价等级分为${c.grades.join("、")}。`, where: `${W} 说明`, ...small },
  ];
}

function headRows(c: ReportContent, W: string): TableRow[] {
  const p = c.report.project;
  return [
    {
      cells: [
        cell("项目名称", 0, W, { colSpan: 2, ...H }),
        cell(p?.name ?? "", 2, `${W} 项目名称`, { colSpan: 7 }),
      ],
    },
    {
      cells: [
        cell("主管部门", 0, W, { colSpan: 2, ...H }),
        cell(p?.department ?? "", 2, `${W} 主管部门`, { colSpan: 3 }),
        cell("实施单位", 5, W, { colSpan: 2, ...H }),
        cell(p?.implementer ?? "", 7, `${W} 实施单位`, { colSpan: 2 }),
      ],
    },
  ];
}

/** 项目资金: the header, the total's line with 执行率 and its score, then each source. */
function fundRows(c: ReportContent, W: string): TableRow[] {
  const f = c.report.selfEvaluation.funds;
  const ex = c.score.execution;
  const src = c.report.project?.sources;
  const money = (v: string | undefined, where: string, col: number) => cell(v ?? "", col, where, R);
  const line = (label: string, v: FundColumns | undefined): TableRow => {
    const where = `${W} ${label}`;
    return {
      cells: [
        cell(label, 1, where, { colSpan: 2 }),
        money(v?.initialBudget, where, 3),
        money(v?.fullBudget, where, 4),
        money(v?.executed, where, 5),
        cell("—", 6, where, C),
        cell("—", 7, where, C),
        cell("—", 8, where, C),
      ],
    };
  };
  const fw = `${W} 年度资金总额`;
  return [
    {
      header: true,
      cells: [
        cell(`项目资金（${c.report.unit.moneyUnit}）`, 0, W, { rowSpan: 6, ...H, split: "repeat" }),
        cell("", 1, W, { colSpan: 2 }),
        cell("年初预算数", 3, W, H),
        cell("全年预算数", 4, W, H),
        cell("全年执行数", 5, W, H),
        cell("分值", 6, W, H),
        cell("执行率", 7, W, H),
        cell("得分", 8, W, H),
      ],
    },
    {
      cells: [
        cell("年度资金总额", 1, fw, { colSpan: 2 }),
        money(f.initialBudget, fw, 3),
        money(f.fullBudget, fw, 4),
        money(f.executed, fw, 5),
        cell(scoreNumber(ex.weight), 6, fw, C),
        cell(ex.rate === null ? "" : percentText(ex.rate), 7, fw, R),
        cell(shownScore(c, ex.score, ex.declared), 8, fw, C),
      ],
    },
    line("其中：当年财政拨款", src?.current),
    line("上年结转资金", src?.carryover),
    line("其他资金", src?.other),
  ];
}

function goalRows(c: ReportContent, W: string): TableRow[] {
  const se = c.report.selfEvaluation;
  const goals = se.goals.map((g, i) => `目标${i + 1}：${trimEnd(g.text)}`).join("\n");
  return [
    {
      header: true,
      cells: [
        cell("年度总体目标", 0, W, { rowSpan: 2, ...H, split: "repeat" }),
        cell("预期目标", 1, W, { colSpan: 4, ...H }),
        cell("实际完成情况", 5, W, { colSpan: 4, ...H }),
      ],
    },
    {
      cells: [
        cell(goals, 1, `${W} 预期目标`, { colSpan: 4 }),
        cell(se.goalsAchieved.map((l) => l.trim()).join("\n"), 5, `${W} 实际完成情况`, { colSpan: 4 }),
      ],
    },
  ];
}

/**
 * 绩效指标 with a 分值 and a 得分 on every row (一级 and 二级 merged over their rows), and the last column
 * the row's 偏差原因分析及改进措施 (or, for a form without it, 得分系数 or nothing).
 */
export function scoredIndicatorRows(
  c: ReportContent,
  W: string,
  o: { reasons: boolean; coefficient: boolean },
): TableRow[] {
  const se = c.report.selfEvaluation;
  const written = new Map(
    se.indicators.flatMap((g) => g.subgroups.flatMap((s) => s.rows.map((x) => [x.id, x] as const))),
  );
  const count = c.score.groups.reduce((n, g) => n + g.rows.length, 0);
  const last = o.coefficient ? "得分系数" : o.reasons ? "偏差原因分析及改进措施" : "评分标准";
  const rows: TableRow[] = [
    {
      header: true,
      cells: [
        cell("绩效指标", 0, W, { rowSpan: count + 1, ...H, split: "repeat" }),
        cell("一级指标", 1, W, H),
        cell("二级指标", 2, W, H),
        cell("三级指标", 3, W, H),
        cell("指标值", 4, W, H),
        cell("实际完成值", 5, W, H),
        cell("分值", 6, W, H),
        cell("得分", 7, W, H),
        cell(last, 8, W, H),
      ],
    },
  ];
  c.score.groups.forEach((g, gi) => {
    const group = se.indicators[gi];
    const subs = group?.subgroups ?? [];
    const bySub = subs.map((s) => g.rows.filter((r) => r.subgroup === s.name));
    let first = true;
    bySub.forEach((list, si) => {
      list.forEach((r, ri) => {
        const cells: TableCell[] = [];
        if (first)
          cells.push(
            cell(`${g.name}\n（${scoreNumber(g.weight)}分）`, 1, `${W} 一级指标“${g.name}”`, {
              rowSpan: g.rows.length,
              align: "center",
              split: "repeat",
            }),
          );
        if (ri === 0)
          cells.push(
            cell(subs[si]?.name ?? "", 2, `${W} 二级指标“${subs[si]?.name}”`, {
              rowSpan: list.length,
              align: "center",
              split: "repeat",
            }),
          );
        cells.push(...rowCells(c, W, r, written.get(r.id), o));
        first = false;
        rows.push({ cells });
      });
    });
  });
  return rows;
}

function rowCells(
  c: ReportContent,
  W: string,
  r: RowScore,
  /** the row as written; none for 执行率 as a row of a group */
  row: IndicatorRow | undefined,
  o: { reasons: boolean; coefficient: boolean },
): TableCell[] {
  const where = `${W} 三级指标“${r.name}”`;
  const na = r.status === "na";
  const target = row ? formatQuantity(row.target) : "执行率100%";
  const actual = row
    ? row.actual
      ? formatQuantity(row.actual)
      : ""
    : r.achieved
      ? percentText(r.achieved)
      : "";
  const coefficient =
    c.final && r.declaredCoefficient !== null ? r.declaredCoefficient : (r.coefficient ?? null);
  const lastText = o.coefficient
    ? coefficient === null || na
      ? ""
      : coefficient.toFixed(2)
    : o.reasons
      ? (row?.reason ?? "")
      : (templateRow(c.profile, r.id)?.standard ?? "");
  return [
    cell(r.name, 3, where),
    cell(target, 4, where, C),
    cell(na ? "不涉及" : actual, 5, where, C),
    cell(na ? "—" : scoreNumber(r.weight), 6, where, C),
    cell(na ? "—" : shownScore(c, r.score, r.declared), 7, where, C),
    cell(lastText, 8, where, o.coefficient ? C : {}),
  ];
}

/** 总分: the weights' total, the total score, and the grade. */
function totalRow(c: ReportContent, W: string): TableRow {
  const s = c.score;
  const declared = c.final && s.declared.total !== null;
  const total = declared ? scoreNumber(s.declared.total as Ratio) : s.shownTotal.toFixed(2);
  const grade = (c.final ? s.declared.grade : null) ?? s.grade ?? "";
  return {
    cells: [
      cell("总分", 0, W, { colSpan: 6, ...H }),
      cell(scoreNumber(s.weightTotal), 6, `${W} 总分`, C),
      cell(total, 7, `${W} 总分`, C),
      cell(grade === "" ? "" : `等级：${grade}`, 8, `${W} 等级`, C),
    ],
  };
}
