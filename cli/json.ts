import type { ScoreResult } from "../core/scoring.js";

const d = (r: { toFixed(n: number): string } | null) => (r === null ? null : r.toFixed(2));

/** The `--json` shape of `zipin score`: decimal strings with two decimals. */
export function scoreJson(s: ScoreResult) {
  return {
    declared:
      s.declared.total === null && s.declared.grade === null
        ? null
        : { total: d(s.declared.total), grade: s.declared.grade },
    computed: {
      total: s.shownTotal.toFixed(2),
      grade: s.grade,
      groups: [
        {
          name: "预算执行率",
          weight: d(s.execution.weight),
          score: d(s.execution.score),
          declared: d(s.execution.declared),
          rows: [],
        },
        ...s.groups.map((g) => ({
          name: g.name,
          weight: d(g.weight),
          score: d(g.score),
          declared: d(g.declared),
          rows: g.rows.map((r) => ({
            id: r.id,
            name: r.name,
            weight: d(r.weight),
            score: d(r.score),
            status: r.status,
            explanation: r.explanation,
          })),
        })),
      ],
    },
  };
}
