/**
 * What the form computes, as formulas over the cells it comes from (the values written beside them are
 * the core's, exact rationals shown as doubles): 控制率, 执行率 and its score, the rows' scores in columns
 * beside 附件1-2 (规则, 指标值 and 完成值 as numbers, the row's 分值 and 得分, how it was scored), each
 * group's 得分 as the sum of its rows, the 分值 total, 总分 and the grade.
 *
 * A row met or short of a ≥ target, or met or over a ≤ target, is scored by formula (财预〔2020〕10号:
 * 完成值/指标值 × 分值, or 指标值/完成值 × 分值); a row scored by tier (a late deadline, a qualitative
 * row, a missed zero target) or not comparable holds the core's score, with the reason beside it.
 */
import type ExcelJS from "exceljs";
import { scoringConfigOf } from "../core/config.js";
import { magnitude, type Quantity } from "../core/quantity.js";
import type { Ratio } from "../core/ratio.js";
import type { Report } from "../core/report.js";
import type { RowScore, ScoreResult } from "../core/scoring.js";
import type { CellValue } from "../pdf/model.js";
import { percentFraction } from "./numbers.js";

/** What a sheet being written knows: the report, where each figure was put. */
export interface SheetContext {
  ws: ExcelJS.Worksheet;
  report: Report;
  /** a figure's cell by its key (valueKey) */
  at: Map<string, string>;
  /** the first column beside the form (for the scoring columns) */
  besides: number;
}

/** A figure cell's key: its path for a stored figure, its kind (and group) for a computed one. */
export function valueKey(v: CellValue): string {
  if ("path" in v) return `${v.kind}:${v.path}`;
  if ("group" in v) return `${v.kind}:${v.group}`;
  return v.kind;
}

/** An exact ratio as a double (the value a formula's cell shows before it is recomputed). */
const num = (r: Ratio) => r.toNumber();
/** An exact ratio as a formula's operand: 50/13 stays a division. */
const literal = (r: Ratio) => r.toString();

const AUX = ["规则", "指标值（数）", "完成值（数）", "行分值", "行得分", "计分说明"];
const RULE = {
  ">=": "≥ 越高越好",
  "<=": "≤ 越低越好",
  "=": "＝ 等于目标",
  deadline: "时限",
  qualitative: "定性",
} as const;

/** The number a quantity compares by (money in its unit, percents as fractions), or null. */
function comparable(q: Quantity | null): number | null {
  if (!q || magnitude(q) === null) return null;
  if (q.kind === "percent") return percentFraction(q.value);
  return "value" in q ? Number(q.value) : null;
}

/** Beside 附件1-2's indicator rows: each row's scoring, and each group's 得分 as the sum of its rows. */
export function scoringColumns(sc: SheetContext, score: ScoreResult): void {
  const { ws } = sc;
  const col = (i: number) => ws.getColumn(sc.besides + i);
  [8, 12, 12, 10, 10, 48].forEach((w, i) => {
    col(i).width = w;
  });
  let headerDone = false;
  score.groups.forEach((g, gi) => {
    const first: number[] = [];
    const ids = sc.report.selfEvaluation.indicators[gi]?.subgroups.flatMap((s, si) =>
      s.rows.map((_, ri) => `selfEvaluation.indicators.${gi}.subgroups.${si}.rows.${ri}`),
    );
    g.rows.forEach((r, i) => {
      const address = sc.at.get(`quantity:${ids?.[i]}.target`);
      if (!address) return;
      const y = Number(ws.getCell(address).row);
      if (!headerDone) {
        AUX.forEach((h, k) => {
          const c = ws.getCell(y - 1, sc.besides + k);
          c.value = h;
          c.font = { name: "黑体", size: 10.5 };
          c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
        });
        headerDone = true;
      }
      scoreRowCells(sc, y, r, ids?.[i] as string);
      first.push(y);
    });
    const at = sc.at.get(`groupScore:${gi}`);
    if (!at) return;
    const scoreCol = letter(sc.besides + 4);
    const formula =
      first.length === 0 ? "0" : `SUM(${scoreCol}${Math.min(...first)}:${scoreCol}${Math.max(...first)})`;
    setFormula(ws.getCell(at), formula, num(g.score), "0.00");
  });
}

/** One row's scoring cells at row `y`. */
function scoreRowCells(sc: SheetContext, y: number, r: RowScore, path: string): void {
  const { ws } = sc;
  const c = (k: number) => ws.getCell(y, sc.besides + k);
  const L = (k: number) => `${letter(sc.besides + k)}${y}`;
  const row = readRow(sc, path);
  const t = comparable(row?.target ?? null);
  const a = comparable(row?.actual ?? null);
  c(0).value = RULE[r.rule];
  if (t !== null) c(1).value = t;
  if (a !== null) c(2).value = a;
  setFormula(c(3), literal(r.weight), num(r.weight), "0.00");
  const byFormula =
    t !== null &&
    a !== null &&
    t > 0 &&
    ((r.rule === ">=" && (r.status === "met" || r.status === "short")) ||
      (r.rule === "<=" && (r.status === "met" || r.status === "over")));
  const formula = !byFormula
    ? literal(r.score)
    : r.rule === ">="
      ? `IF(${L(2)}>=${L(1)},${L(3)},IF(${L(2)}<0,0,${L(2)})/${L(1)}*${L(3)})`
      : `IF(${L(2)}<=${L(1)},${L(3)},${L(1)}/${L(2)}*${L(3)})`;
  setFormula(c(4), formula, num(r.score), "0.00");
  c(5).value = byFormula ? "按公式计算" : r.explanation;
  for (let k = 0; k < AUX.length; k++) {
    c(k).font = { name: "宋体", size: 9 };
    c(k).alignment = { vertical: "middle", wrapText: k === 5, horizontal: k === 5 ? "left" : "center" };
  }
}

function readRow(sc: SheetContext, path: string): { target: Quantity; actual: Quantity | null } | undefined {
  const [gi, si, ri] = (path.match(/\d+/g) ?? []).map(Number);
  return sc.report.selfEvaluation.indicators[gi ?? -1]?.subgroups[si ?? -1]?.rows[ri ?? -1];
}

/** 控制率, 执行率 and its score, the 分值 total, 总分 and the grade, where the form shows them. */
export function computedCells(sc: SheetContext, score: ScoreResult): void {
  const at = (k: string) => sc.at.get(k);
  const cell = (k: string) => {
    const a = at(k);
    return a ? sc.ws.getCell(a) : null;
  };
  const est = at("count:basicData.establishment");
  const act = at("count:basicData.actualStaff");
  const control = cell("controlRate");
  const d = sc.report.basicData;
  if (
    control &&
    est &&
    act &&
    d.establishment !== undefined &&
    d.actualStaff !== undefined &&
    Number(d.establishment) > 0
  )
    setFormula(
      control,
      `IF(${est}=0,"",${act}/${est})`,
      Number(d.actualStaff) / Number(d.establishment),
      "0.00%",
    );
  const ex = score.execution;
  const full = at("money:selfEvaluation.funds.fullBudget");
  const done = at("money:selfEvaluation.funds.executed");
  const rate = cell("executionRate");
  if (rate && full && done && ex.rate !== null)
    setFormula(rate, `IF(${full}=0,"",${done}/${full})`, num(ex.rate), "0.00%");
  const weight = cell("executionWeight");
  if (weight) setNumber(weight, num(ex.weight), "0.00");
  const exScore = cell("executionScore");
  if (exScore && rate && weight && ex.rate !== null)
    setFormula(
      exScore,
      `IF(${rate.address}>1,1,IF(${rate.address}<0,0,${rate.address}))*${weight.address}`,
      num(ex.score),
      "0.00",
    );
  const groups = score.groups.map((_, gi) => ({ w: at(`groupWeight:${gi}`), s: at(`groupScore:${gi}`) }));
  groups.forEach((g, gi) => {
    const c = g.w ? sc.ws.getCell(g.w) : null;
    const w = score.groups[gi]?.weight;
    if (c && w) setNumber(c, num(w), "0.##");
  });
  const wTotal = cell("weightTotal");
  if (wTotal && weight)
    setFormula(
      wTotal,
      [weight.address, ...groups.map((g) => g.w).filter(Boolean)].join("+"),
      num(score.weightTotal),
      "0.00",
    );
  totalAndGrade(
    sc,
    score,
    exScore?.address ?? null,
    groups.map((g) => g.s).filter((x): x is string => !!x),
  );
}

function totalAndGrade(
  sc: SheetContext,
  score: ScoreResult,
  execution: string | null,
  groups: string[],
): void {
  const a = sc.at.get("total");
  if (!a) return;
  const parts = [execution ?? "0", ...groups];
  setFormula(sc.ws.getCell(a), `ROUND(${parts.join("+")},2)`, Number(score.shownTotal.toFixed(2)), "0.00");
  const g = sc.at.get("grade");
  if (!g) return;
  const bands = scoringConfigOf(sc.report).grades;
  const last = bands[bands.length - 1];
  const formula = bands
    .slice(0, -1)
    .reduceRight((rest, b) => `IF(${a}>=${b.min.toString()},"${b.label}",${rest})`, `"${last?.label ?? ""}"`);
  sc.ws.getCell(g).value = { formula, result: score.grade ?? "" };
}

function setFormula(c: ExcelJS.Cell, formula: string, result: number, numFmt: string): void {
  c.value = { formula, result };
  c.numFmt = numFmt;
}

function setNumber(c: ExcelJS.Cell, value: number, numFmt: string): void {
  c.value = value;
  c.numFmt = numFmt;
}

/** A column's letters (1 → A, 27 → AA). */
export function letter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
