/**
 * The chart page (附图) as a block: each level-1 group's score against its weight (预算执行率 first),
 * the unit's own score beside it when declared, then every row that lost points with why, and a caption
 * with the total and the grade. Numbers for drawing are the scores to four decimals; the labels are the
 * core's two-decimal texts.
 */
import type { Ratio } from "../core/ratio.js";
import type { Chart } from "./model.js";
import { type ReportContent, scoreNumber } from "./wording.js";

/** The chart page: each level-1 group's score against its weight, then every row that lost points. */
export function chart(c: ReportContent): Chart {
  const s = c.score;
  const n = (x: Ratio) => Number(x.toFixed(4));
  const groups = [
    {
      name: "预算执行率",
      weight: n(s.execution.weight),
      score: n(s.execution.score),
      weightText: scoreNumber(s.execution.weight),
      scoreText: scoreNumber(s.execution.score),
      declared: s.execution.declared === null ? null : n(s.execution.declared),
    },
    ...s.groups.map((g) => ({
      name: g.name,
      weight: n(g.weight),
      score: n(g.score),
      weightText: scoreNumber(g.weight),
      scoreText: scoreNumber(g.score),
      declared: g.declared === null ? null : n(g.declared),
    })),
  ];
  const lost = s.groups.flatMap((g) =>
    g.rows
      .filter((r) => r.status !== "na" && r.score.lt(r.weight))
      .map((r) => ({
        name: r.name,
        group: g.name,
        weight: n(r.weight),
        score: n(r.score),
        lostText: scoreNumber(r.weight.sub(r.score)),
        scoreText: `${scoreNumber(r.score)} / ${scoreNumber(r.weight)}`,
        why: r.explanation,
      })),
  );
  if (s.execution.score.lt(s.execution.weight))
    lost.unshift({
      name: "预算执行率",
      group: "预算执行率",
      weight: n(s.execution.weight),
      score: n(s.execution.score),
      lostText: scoreNumber(s.execution.weight.sub(s.execution.score)),
      scoreText: `${scoreNumber(s.execution.score)} / ${scoreNumber(s.execution.weight)}`,
      why: s.execution.explanation,
    });
  const declared = s.declared.total;
  const caption = `按规则计算总分${s.shownTotal.toFixed(2)}分，评定等级${s.grade}${
    declared !== null
      ? `；单位自评总分${scoreNumber(declared)}分${s.declared.grade ? `（${s.declared.grade}）` : ""}`
      : ""
  }。`;
  return {
    kind: "chart",
    title: "附图　自评得分情况",
    groups,
    lost,
    caption,
    where: "附图",
  };
}
