import type { DeclaredComparison, DeclaredLine } from "../core/declaredScores.js";
import type { ScoreResult } from "../core/scoring.js";

const d = (r: { toFixed(n: number): string } | null) => (r === null ? null : r.toFixed(2));

/** One line's declared score beside the computed one, and what is wrong with it. */
const declaredOf = (l: DeclaredLine | undefined) =>
  l === undefined
    ? { declared: null, problem: null }
    : {
        declared: d(l.declared),
        problem: l.problem,
        ...(l.derived && { declaredFrom: "rows" }),
        ...(l.coefficient && {
          coefficient: {
            declared: l.coefficient.declared?.toFixed(2) ?? null,
            computed: l.coefficient.computed.toFixed(2),
          },
        }),
      };

/**
 * The `--json` shape of `zipin score`: decimal strings with two decimals. `declared` is the unit's
 * total and grade; `computed` has every group (执行率 on its own line first, when the form has it there)
 * and every row with the unit's score beside the rules' (`declared`), and what is wrong with it
 * (`problem`: blank, above-weight, above-reach, met-not-full, differs, sum, or null).
 */
export function scoreJson(s: ScoreResult, c: DeclaredComparison) {
  const rowsOf = new Map(c.groups.flatMap((g) => g.rows.map((r) => [r.id, r] as const)));
  return {
    form: s.form,
    declared:
      s.declared.total === null && s.declared.grade === null
        ? null
        : { total: d(s.declared.total), grade: s.declared.grade, problem: c.total.problem },
    computed: {
      total: s.shownTotal.toFixed(2),
      grade: s.grade,
      reachable: d(s.reachable),
      groups: [
        ...(s.execution.placement === "own"
          ? [
              {
                name: s.execution.name,
                weight: d(s.execution.weight),
                score: d(s.execution.score),
                ...declaredOf(c.execution ?? undefined),
                rows: [],
              },
            ]
          : []),
        ...s.groups.map((g, gi) => ({
          name: g.name,
          weight: d(g.weight),
          score: d(g.score),
          reachable: d(g.reachable),
          ...declaredOf(c.groups[gi]),
          rows: g.rows.map((r) => ({
            id: r.id,
            name: r.name,
            weight: d(r.weight),
            score: d(r.score),
            ...declaredOf(rowsOf.get(r.id)),
            status: r.status,
            explanation: r.explanation,
          })),
        })),
      ],
    },
  };
}
