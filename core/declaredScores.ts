import { type ScoringConfig, scoringConfigOf } from "./config.js";
import { indicatorRows } from "./places.js";
import { Ratio } from "./ratio.js";
import type { Report } from "./report.js";
import { computeScore, EXECUTION_ROW, type GroupScore, type RowScore, type ScoreResult } from "./scoring.js";

/**
 * The unit's own scores beside the rules': every row, every group, 执行率 and the total, each with its
 * reason. The checks report what differs (`checks/declared*.ts`), `zipin score --json` prints it, and
 * the chat's final-PDF dialogue asks per line whether to adopt the computed score or keep the unit's.
 */

/** What is wrong with a declared score, if anything. */
export type DeclaredProblem =
  | "blank" // not filled in
  | "above-weight" // more than the line's weight
  | "above-reach" // more than its rows can score (their weights do not reach the line's)
  | "met-not-full" // a row that met its target, scored below full
  | "differs" // differs from the rules' score
  | "sum" // a group's or the total's declared score is not the sum of its declared parts
  | null;

export interface DeclaredLine {
  level: "row" | "group" | "execution" | "total";
  id: string;
  name: string;
  /** where the unit's score is written in the report file */
  path: string;
  weight: Ratio;
  /** the most the line can score (a group: its rows' weights; the total: every part's) */
  reachable: Ratio;
  computed: Ratio;
  /** the rules' score as shown (two decimals): what a declared score is compared with */
  shown: Ratio;
  declared: Ratio | null;
  /** true when no score was written for the line and it is read as the sum of its declared rows */
  derived: boolean;
  /** the 得分系数 (forms with that column): the rules' and the unit's */
  coefficient: { computed: Ratio; declared: Ratio | null } | null;
  problem: DeclaredProblem;
  /** why the rules give `computed`, in one line of Chinese (a row's arithmetic, a group's lost rows) */
  reason: string;
}

export interface DeclaredGroup extends DeclaredLine {
  rows: DeclaredLine[];
}

export interface DeclaredComparison {
  execution: DeclaredLine | null;
  groups: DeclaredGroup[];
  total: DeclaredLine;
  grade: { declared: string | null; computed: string | null; fromDeclaredTotal: string | null };
  /** true when some line's declared score differs from the rules' (the lines with a problem) */
  differs: boolean;
}

const shownOf = (r: Ratio) => Ratio.fromDecimal(r.roundHalfUp(2));
const f2 = (r: Ratio) => r.toFixed(2);

function rowLine(r: RowScore, path: string, config: ScoringConfig): DeclaredLine {
  const shown = shownOf(r.score);
  const declared = r.declared;
  let problem: DeclaredProblem = null;
  if (r.status === "na") problem = null;
  else if (declared === null) problem = "blank";
  else if (declared.gt(shownOf(r.weight))) problem = "above-weight";
  else if (r.status === "met" && declared.lt(shownOf(r.weight))) problem = "met-not-full";
  else if (!declared.eq(shown)) problem = "differs";
  const decimals = config.coefficientDecimals;
  return {
    level: r.id === EXECUTION_ROW ? "execution" : "row",
    id: r.id,
    name: r.name,
    path: r.id === EXECUTION_ROW ? "selfEvaluation.funds.declaredScore" : `${path}.declaredScore`,
    weight: r.weight,
    reachable: r.weight,
    computed: r.score,
    shown,
    declared,
    derived: false,
    coefficient:
      decimals === null || r.coefficient === null
        ? null
        : { computed: r.coefficient, declared: r.declaredCoefficient },
    problem,
    reason: r.explanation,
  };
}

function groupLine(g: GroupScore, gi: number, rows: DeclaredLine[]): DeclaredGroup {
  const counted = rows.filter((r) => r.weight.gt(Ratio.ZERO) || r.declared !== null);
  const allDeclared = counted.length > 0 && counted.every((r) => r.declared !== null);
  const rowSum = counted.reduce((s, r) => s.add(r.declared ?? Ratio.ZERO), Ratio.ZERO);
  const derived = g.declared === null && allDeclared;
  const declared = g.declared ?? (allDeclared ? rowSum : null);
  const shown = shownOf(g.score);
  const lost = g.rows.filter((r) => r.status !== "na" && r.score.lt(r.weight));
  let problem: DeclaredProblem = null;
  if (declared === null) problem = "blank";
  // a form that rescales the whole report for 不涉及 rows can lift a group above its written weight
  else if (declared.gt(g.weight) && g.reachable.lte(g.weight)) problem = "above-weight";
  else if (declared.gt(shownOf(g.reachable))) problem = "above-reach";
  else if (!derived && allDeclared && !rowSum.eq(declared)) problem = "sum";
  // a group read from its rows is compared with its rows' shown scores (each rounded, as the unit wrote them)
  else if (!declared.eq(derived ? counted.reduce((t, r) => t.add(r.shown), Ratio.ZERO) : shown))
    problem = "differs";
  return {
    level: "group",
    id: g.id,
    name: g.name,
    path: `selfEvaluation.indicators.${gi}.declaredScore`,
    weight: g.weight,
    reachable: g.reachable,
    computed: g.score,
    shown,
    declared,
    derived,
    coefficient: null,
    problem,
    reason:
      lost.length > 0
        ? `按规则失分的行：${lost.map((r) => `${r.name} −${f2(r.weight.sub(r.score))}`).join("；")}`
        : "按规则各行均得满分",
    rows,
  };
}

/**
 * The unit's scores against the rules': per row (its 得分, and 得分系数 where the form has one), per
 * group (written, or the sum of its rows' when the form has no group 得分), 执行率 and the total.
 */
export function compareDeclared(
  report: Report,
  score: ScoreResult = computeScore(report),
): DeclaredComparison {
  const config = scoringConfigOf(report);
  const paths = new Map(indicatorRows(report).map((r) => [r.row.id, r.path]));
  const groups = score.groups.map((g, gi) =>
    groupLine(
      g,
      gi,
      g.rows.map((r) => rowLine(r, paths.get(r.id) ?? "", config)),
    ),
  );
  const ex = score.execution;
  const execution: DeclaredLine | null =
    ex.placement === "own"
      ? {
          level: "execution",
          id: EXECUTION_ROW,
          name: ex.name,
          path: "selfEvaluation.funds.declaredScore",
          weight: ex.weight,
          reachable: ex.weight,
          computed: ex.score,
          shown: shownOf(ex.score),
          declared: ex.declared,
          derived: false,
          coefficient: null,
          problem:
            ex.declared === null
              ? "blank"
              : ex.declared.gt(ex.weight)
                ? "above-weight"
                : ex.declared.eq(shownOf(ex.score))
                  ? null
                  : "differs",
          reason: ex.explanation,
        }
      : null;
  const total = totalLine(score, execution, groups);
  const grades = config.grades;
  const declaredTotal = total.declared;
  return {
    execution,
    groups,
    total,
    grade: {
      declared: score.declared.grade,
      computed: score.grade,
      fromDeclaredTotal:
        declaredTotal === null ? null : (grades.find((g) => declaredTotal.gte(g.min))?.label ?? null),
    },
    differs: [execution, ...groups, ...groups.flatMap((g) => g.rows), total].some(
      (l) => l !== null && l.problem !== null && l.problem !== "blank",
    ),
  };
}

function totalLine(
  score: ScoreResult,
  execution: DeclaredLine | null,
  groups: DeclaredGroup[],
): DeclaredLine {
  const parts = [...(execution ? [execution] : []), ...groups];
  const declared = score.declared.total;
  const partsDeclared = parts.every((p) => p.declared !== null);
  const partSum = parts.reduce((s, p) => s.add(p.declared ?? Ratio.ZERO), Ratio.ZERO);
  const shown = Ratio.fromDecimal(score.shownTotal);
  let problem: DeclaredProblem = null;
  if (declared === null) problem = "blank";
  else if (declared.gt(score.weightTotal)) problem = "above-weight";
  else if (declared.gt(shownOf(score.reachable))) problem = "above-reach";
  else if (partsDeclared && !partSum.eq(declared)) problem = "sum";
  else if (!declared.eq(shown)) problem = "differs";
  return {
    level: "total",
    id: "total",
    name: "总分",
    path: "selfEvaluation.declaredTotal",
    weight: score.weightTotal,
    reachable: score.reachable,
    computed: score.total,
    shown,
    declared,
    derived: false,
    coefficient: null,
    problem,
    reason: parts
      .filter((p) => !p.shown.eq(p.weight))
      .map((p) => `${p.name} ${f2(p.shown)}/${f2(p.weight)}`)
      .join("；"),
  };
}
