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
  /**
   * true when the declared score is the rules' as a form prints it: the line's score rounded to two
   * decimals, or the sum of its parts each so rounded (a unit that copies the computed scores)
   */
  agrees: boolean;
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

const shownOf = (r: Ratio) => r.rounded(2);
const HALF_CENT = Ratio.fromDecimal("0.005");

/**
 * Whether `a` and `b` can be the same sum written two ways: each of `parts` parts rounded to two
 * decimals moves a sum by at most half a cent (33.33 × 3 is 99.99 beside a total of 100.00).
 */
export function withinRounding(a: Ratio, b: Ratio, parts: number): boolean {
  return a
    .sub(b)
    .abs()
    .lte(HALF_CENT.mul(Ratio.of(Math.max(1, parts))));
}
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
    agrees: declared?.eq(shown) === true,
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
  // the rows' scores as shown, added up: what a unit copying the computed row scores writes
  const rowsShown = rows.filter((r) => r.weight.gt(Ratio.ZERO)).reduce((t, r) => t.add(r.shown), Ratio.ZERO);
  const agrees = declared !== null && (declared.eq(shown) || declared.eq(rowsShown));
  const lost = g.rows.filter((r) => r.status !== "na" && r.score.lt(r.weight));
  let problem: DeclaredProblem = null;
  if (declared === null) problem = "blank";
  // a form that rescales the whole report for 不涉及 rows can lift a group above its written weight
  else if (declared.gt(g.weight) && g.reachable.lte(g.weight)) problem = "above-weight";
  else if (declared.gt(shownOf(g.reachable))) problem = "above-reach";
  else if (!derived && allDeclared && !withinRounding(rowSum, declared, counted.length)) problem = "sum";
  else if (!agrees) problem = "differs";
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
    agrees,
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
  /** each row's place by its id, when the caller has them already (a review's context does) */
  rows?: ReadonlyMap<string, { path: string }>,
): DeclaredComparison {
  const config = scoringConfigOf(report);
  const paths: ReadonlyMap<string, { path: string }> =
    rows ?? new Map(indicatorRows(report).map((r) => [r.row.id, { path: r.path }]));
  const groups = score.groups.map((g, gi) =>
    groupLine(
      g,
      gi,
      g.rows.map((r) => rowLine(r, paths.get(r.id)?.path ?? "", config)),
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
          agrees: ex.declared?.eq(shownOf(ex.score)) === true,
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
  const add = (xs: Ratio[]) => xs.reduce((s, x) => s.add(x), Ratio.ZERO);
  // the computed total as a form prints it: rounded once, or the sum of its parts or of its rows each rounded
  const partsShown = add(parts.map((p) => (p.level === "group" ? (p.declared ?? p.shown) : p.shown)));
  const rowsShown = add([
    ...(execution ? [execution.shown] : []),
    ...groups.flatMap((g) => g.rows.map((r) => r.shown)),
  ]);
  const agrees =
    declared !== null &&
    (declared.eq(shown) ||
      (parts.every((p) => p.agrees || p.declared === null) && declared.eq(partsShown)) ||
      declared.eq(rowsShown));
  let problem: DeclaredProblem = null;
  if (declared === null) problem = "blank";
  else if (declared.gt(score.weightTotal)) problem = "above-weight";
  else if (declared.gt(shownOf(score.reachable))) problem = "above-reach";
  else if (partsDeclared && !withinRounding(partSum, declared, parts.length)) problem = "sum";
  else if (!agrees) problem = "differs";
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
    agrees,
    coefficient: null,
    problem,
    reason: parts
      .filter((p) => !p.shown.eq(p.weight))
      .map((p) => `${p.name} ${f2(p.shown)}/${f2(p.weight)}`)
      .join("；"),
  };
}
