/**
 * 附件1-2 自评表 in a grid, by the form's labels: 年度资金总额 under its headers (年初预算数 … 得分), the
 * funds by income and by expense (a label, then its amount to the right), 年初预期目标 and 全年实际完成情况
 * (the cell under each), the indicator tree under its header row (一级 and 二级 carried down their merged
 * cells, each 三级 row's 指标值 and 完成值 by the column under those words), 综合评定等级 and 总分, and 说明.
 */
import type { Grid, GridCell } from "../read/doc.js";
import { cellAt, norm } from "../read/doc.js";
import { type Found, quantityValue } from "./found.js";

const W = "附件1-2";
/** The three level-1 groups of the form, as the conversation numbers their rows (P1, B1, S1). */
const LEVEL1 = [
  { match: /产出/, id: "output", prefix: "P", name: "产出指标" },
  { match: /效益/, id: "benefit", prefix: "B", name: "效益指标" },
  { match: /满意/, id: "satisfaction", prefix: "S", name: "满意度指标" },
];

export function isSelfEvaluation(g: Grid): boolean {
  const texts = g.rows.flat().map((c) => norm(c.text));
  return texts.some((t) => /年度资金总额|绩效指标|三级指标|年初预期|按收入性质|综合评定等级/.test(t));
}

/** The cell whose normalised text matches, first in reading order. */
function find(g: Grid, re: RegExp): GridCell | undefined {
  return g.rows.flat().find((c) => re.test(norm(c.text)));
}

export function recogniseSelfEvaluation(g: Grid, found: Found): void {
  funds(g, found);
  byNature(g, found);
  goals(g, found);
  indicators(g, found);
  totals(g, found);
  explanation(g, found);
}

const FUNDS: [RegExp, string, "money" | "decimal"][] = [
  [/^年初预算/, "initialBudget", "money"],
  [/^全年预算/, "fullBudget", "money"],
  [/^全年执行/, "executed", "money"],
  [/^执行率/, "executionRate", "decimal"],
  [/^分值/, "weight", "decimal"],
  [/^得分/, "declaredScore", "decimal"],
];

/** 年度资金总额: each figure under the header of its column. */
function funds(g: Grid, found: Found): void {
  const total = find(g, /^年度资金总额/);
  if (!total) return;
  for (let ri = total.row - 1; ri >= 0; ri--) {
    const heads = (g.rows[ri] ?? []).filter((c) => FUNDS.some(([re]) => re.test(norm(c.text))));
    if (heads.length < 3) continue;
    for (const h of heads) {
      const [, key, kind] = FUNDS.find(([re]) => re.test(norm(h.text))) as (typeof FUNDS)[number];
      const c = cellAt(g, total.row, h.col);
      if (!c || c === total || c.text === "") continue;
      const path = `selfEvaluation.funds.${key}`;
      const label = `${W} 年度资金总额（${h.text.replace(/\s+/g, "")}）`;
      if (kind === "money") found.money(path, label, c.text, c.where);
      else found.decimal(path, label, c.text, c.where);
    }
    return;
  }
}

const NATURE: [RegExp, string, string][] = [
  [/^(其中[:：]?)?一般公共预算$/, "byIncome.generalBudget", "按收入性质 一般公共预算"],
  [/政府性基金/, "byIncome.governmentFund", "按收入性质 政府性基金拨款"],
  [/非税收入/, "byIncome.nonTax", "按收入性质 纳入管理的非税收入拨款"],
  [/^其他资金/, "byIncome.other", "按收入性质 其他资金"],
  [/^基本支出$/, "byExpense.basic", "按支出性质 基本支出"],
  [/人员经费$/, "byExpense.personnel", "按支出性质 人员经费"],
  [/^公用经费$/, "byExpense.publicFunds", "按支出性质 公用经费"],
  [/^项目支出$/, "byExpense.project", "按支出性质 项目支出"],
];

/** 按收入性质 / 按支出性质: a label, then the first amount to its right. */
function byNature(g: Grid, found: Found): void {
  for (const cells of g.rows) {
    cells.forEach((c, i) => {
      const t = norm(c.text).replace(/^其中[:：]?/, "");
      const hit = NATURE.find(([re]) => re.test(t) || re.test(norm(c.text)));
      if (!hit) return;
      const value = cells.slice(i + 1).find((x) => /\d/.test(x.text));
      const next = cells[i + 1];
      if (value && value === next)
        found.money(`selfEvaluation.${hit[1]}`, `${W} ${hit[2]}`, value.text, value.where);
    });
  }
}

/** 年初预期（设定）目标 and 全年实际完成情况: the cell under each, one goal a line. */
function goals(g: Grid, found: Found): void {
  const set = find(g, /^年初预期/);
  const below = set && cellAt(g, set.row + set.rowSpan, set.col);
  if (below && below !== set) {
    let n = 0;
    for (const line of below.text
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean)) {
      const m = /^目标\s*\d+\s*[:：]\s*(.*?)[；;。]?$/.exec(line);
      if (!m) {
        if (n === 0) found.text("selfEvaluation.goalsIntro", `${W} 年度总体目标（引言）`, line, below.where);
        continue;
      }
      const path = `selfEvaluation.goals.${n}`;
      found.text(`${path}.text`, `${W} 年度目标${n + 1}`, m[1] as string, below.where);
      const planned = /计划投入\s*([\d,.]+\s*万?元)/.exec(m[1] as string);
      if (planned)
        found.money(
          `${path}.plannedAmount`,
          `${W} 年度目标${n + 1} 计划投入`,
          planned[1] as string,
          below.where,
        );
      n++;
    }
  }
  const done = find(g, /^全年实际完成情况/);
  const under = done && cellAt(g, done.row + done.rowSpan, done.col);
  if (under && under !== done)
    under.text
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean)
      .forEach((l, i) => {
        found.text(`selfEvaluation.goalsAchieved.${i}`, `${W} 全年实际完成情况 第${i + 1}行`, l, under.where);
      });
}

/** The columns of the indicator header row, by their words. */
function indicatorColumns(g: Grid): { row: number; col: Record<string, number> } | null {
  const head = find(g, /^三级指标$/);
  if (!head) return null;
  const col: Record<string, number> = {};
  for (const c of g.rows[head.row] ?? []) {
    const t = norm(c.text);
    const key = /^一级/.test(t)
      ? "l1"
      : /^二级/.test(t)
        ? "l2"
        : /^三级/.test(t)
          ? "l3"
          : /^指标值/.test(t)
            ? "target"
            : /^(完成值|实际完成值)/.test(t)
              ? "actual"
              : /^分值/.test(t)
                ? "weight"
                : /^得分/.test(t)
                  ? "score"
                  : null;
    if (key && col[key] === undefined) col[key] = c.col;
  }
  return { row: head.row + head.rowSpan - 1, col };
}

/** The indicator tree: groups, their 二级指标 and 三级 rows with 指标值 and 完成值; each group's 分值 and 得分. */
function indicators(g: Grid, found: Found): void {
  const h = indicatorColumns(g);
  if (!h || h.col.l3 === undefined) return;
  const tree = { gi: -1, si: -1, ri: 0, counters: [0, 0, 0] };
  for (let r = h.row + 1; r < g.rows.length; r++) {
    const row = g.rows[r] ?? [];
    if (row.some((c) => /综合评定等级|^总分$|^说明$/.test(norm(c.text)))) break;
    const at = (k: string) => (h.col[k] === undefined ? undefined : row.find((c) => c.col === h.col[k]));
    const l1 = at("l1");
    if (l1?.text) group(l1, at("weight"), at("score"), tree, found);
    if (tree.gi < 0) continue;
    const l2 = at("l2");
    const gPath = `selfEvaluation.indicators.${tree.gi}`;
    if (l2?.text || tree.si < 0) {
      tree.si++;
      tree.ri = 0;
      found.text(
        `${gPath}.subgroups.${tree.si}.name`,
        `${W} 二级指标`,
        l2?.text || "（未写明）",
        l2?.where ?? "",
      );
    }
    const l3 = at("l3");
    if (!l3 || l3.text === "") continue;
    indicatorRow(g, r, l3, h.col, `${gPath}.subgroups.${tree.si}.rows.${tree.ri}`, tree, found);
    tree.ri++;
  }
}

function group(
  cell: GridCell,
  weight: GridCell | undefined,
  score: GridCell | undefined,
  tree: { gi: number; si: number; counters: number[] },
  found: Found,
): void {
  const known = LEVEL1.findIndex((l) => l.match.test(cell.text));
  tree.gi = known >= 0 ? known : tree.gi + 1;
  tree.si = -1;
  const path = `selfEvaluation.indicators.${tree.gi}`;
  const name = cell.text.split(/\n|[（(]/)[0]?.trim() || (LEVEL1[tree.gi]?.name ?? "");
  found.text(`${path}.name`, `${W} 一级指标`, name, cell.where);
  found.add({
    path: `${path}.id`,
    label: "",
    value: LEVEL1[tree.gi]?.id ?? `group${tree.gi + 1}`,
    raw: "",
    where: cell.where,
    kind: "text",
  });
  const inName = /[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]/.exec(cell.text);
  if (inName) found.decimal(`${path}.weight`, `${W} ${name}分值`, inName[1] as string, cell.where);
  if (weight && weight.row === cell.row)
    found.decimal(`${path}.weight`, `${W} ${name}分值`, weight.text, weight.where);
  if (score && score.row === cell.row && score.text)
    found.decimal(`${path}.declaredScore`, `${W} ${name}自评得分`, score.text, score.where);
}

function indicatorRow(
  g: Grid,
  r: number,
  l3: GridCell,
  col: Record<string, number>,
  path: string,
  tree: { gi: number; counters: number[] },
  found: Found,
): void {
  const n = (tree.counters[tree.gi] ?? 0) + 1;
  tree.counters[tree.gi] = n;
  const id = `${LEVEL1[tree.gi]?.prefix ?? "R"}${n}`;
  const name = l3.text.replace(/\s*\n\s*/g, "");
  found.add({ path: `${path}.id`, label: "", value: id, raw: "", where: l3.where, kind: "text" });
  found.text(`${path}.name`, `${W} 三级指标`, name, l3.where);
  const cellIn = (k: string) => (col[k] === undefined ? undefined : cellAt(g, r, col[k] as number));
  const target = cellIn("target");
  const unit = /[（(]([^（）()]+)[）)]\s*$/.exec(name.normalize("NFKC"))?.[1];
  if (target?.text) {
    found.quantity(`${path}.target`, `${W} ${name} 指标值`, withUnit(target.text, unit), target.where);
    found.add({
      path: `${path}.rule`,
      label: "",
      value: ruleOf(target.text, found),
      raw: "",
      where: target.where,
      kind: "text",
    });
  }
  const actual = cellIn("actual");
  if (actual?.text && actual.row === r)
    found.quantity(`${path}.actual`, `${W} ${name} 完成值`, withUnit(actual.text, unit), actual.where);
}

/** A bare number in a row whose name gives its unit ("资金直补受益移民（人）": 23330 → 23330人), as the chats read it. */
function withUnit(text: string, unit: string | undefined): string {
  if (!unit || !/^-?\d+(\.\d+)?$/.test(text.trim())) return text;
  if (unit === "%") return `${text.trim()}%`;
  return /^[\p{Script=Han}A-Za-z]{1,3}$/u.test(unit) ? `${text.trim()}${unit}` : text;
}

/** How a row is scored, from its 指标值: a date is a deadline, words are qualitative, ≤ or 0 lower-is-better. */
function ruleOf(target: string, found: Found): string {
  const q = quantityValue(target, found.moneyUnit);
  if (q.kind === "date") return "deadline";
  if (q.kind === "text") return "qualitative";
  if (/^[≤<＜]|以内|以下|不超过|不高于/.test(target.trim())) return "<=";
  return "value" in q && Number(q.value) === 0 ? "<=" : ">=";
}

/** 综合评定等级 and 总分 as the unit wrote them. */
function totals(g: Grid, found: Found): void {
  const grade = find(g, /^综合评定等级$/);
  if (grade) {
    const next = g.rows[grade.row]?.find((c) => c.col >= grade.col + grade.colSpan);
    if (next?.text && !/总分/.test(next.text))
      found.text("selfEvaluation.declaredGrade", `${W} 综合评定等级`, next.text, next.where);
  }
  const total = find(g, /^总分$/);
  if (total) {
    const last = (g.rows[total.row] ?? []).filter((c) => c.col > total.col && /\d/.test(c.text)).at(-1);
    if (last) found.decimal("selfEvaluation.declaredTotal", `${W} 总分`, last.text, last.where);
  }
}

/** 说明: 偏差及原因分析 and 改进措施, the cell under each, one item a line. */
function explanation(g: Grid, found: Found): void {
  for (const [re, key, label] of [
    [/^偏差及原因分析/, "deviations", "偏差及原因分析"],
    [/^改进措施/, "measures", "改进措施"],
  ] as const) {
    const head = find(g, re);
    const under = head && cellAt(g, head.row + head.rowSpan, head.col);
    if (!under || under === head) continue;
    under.text
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean)
      .forEach((l, i) => {
        found.text(`selfEvaluation.explanation.${key}.${i}`, `${W} ${label} 第${i + 1}行`, l, under.where);
      });
  }
}
