import { runChecks } from "../../core/checks/index.js";
import { gradeOf, scoringConfigOf } from "../../core/config.js";
import { dec } from "../../core/money.js";
import { Ratio } from "../../core/ratio.js";
import type { Report } from "../../core/report.js";
import { computeScore } from "../../core/scoring.js";
import { materialize } from "./draft.js";
import type { EngineState, Reply } from "./state.js";

/**
 * Before 定稿: the errors still open are listed and confirmed, and where the unit's declared scores
 * differ from the computed ones the user chooses — adopt the computed ones, or keep their own with a
 * reason. The comparison is one function (`scoreDifferences`), so that a comparison row by row can
 * take its place.
 */

/** One score the unit declared that the rules compute otherwise. */
export interface ScoreDifference {
  what: string;
  declared: string;
  computed: string;
  /** where a reason for keeping the declared one is filed (`report.causes[].ref`) */
  ref: string;
}

const r2 = (r: Ratio) => r.toFixed(2);

/** The declared scores that differ from the computed ones: today the declared total against the computed total. */
export function scoreDifferences(report: Report): ScoreDifference[] {
  const s = computeScore(report);
  const total = s.declared.total;
  if (total === null || total.eq(Ratio.fromDecimal(s.shownTotal))) return [];
  return [
    {
      what: "自评总分",
      declared: `${r2(total)}${s.declared.grade ? `（${s.declared.grade}）` : ""}`,
      computed: `${s.shownTotal.toFixed(2)}（${s.grade}）`,
      ref: "score.total:selfEvaluation.declaredTotal",
    },
  ];
}

/**
 * The declared scores replaced by the computed ones: 执行率 and each group to two decimals, the total
 * as their sum (so that the declared total still adds up), the grade of that total.
 */
export function computedScores(report: Report): { key: string; value: unknown }[] {
  const s = computeScore(report);
  const parts = [
    { key: "selfEvaluation.funds.declaredScore", value: s.execution.score.roundHalfUp(2) },
    ...s.groups.map((g, i) => ({
      key: `selfEvaluation.indicators.${i}.declaredScore`,
      value: g.score.roundHalfUp(2),
    })),
  ];
  const total = parts.reduce((sum, p) => sum.plus(p.value), dec("0"));
  const grade = gradeOf(scoringConfigOf(report), Ratio.fromDecimal(total));
  const out: { key: string; value: unknown }[] = [
    ...parts.map((p) => ({ key: p.key, value: p.value.toFixed(2) })),
    { key: "selfEvaluation.declaredTotal", value: total.toFixed(2) },
    { key: "selfEvaluation.declaredGrade", value: grade },
  ];
  if (report.otherNotes.statedGrade !== undefined) out.push({ key: "otherNotes.statedGrade", value: grade });
  return out;
}

/** The errors of the 审核规则 still open (arithmetic ones: figures that do not agree). */
export function openErrorMessages(report: Report): string[] {
  return runChecks(report)
    .filter((f) => f.severity === "error" && f.kind !== "plausibility")
    .map((f) => f.message);
}

export const FINAL_ANYWAY = "仍然定稿";
export const NOT_FINAL = "先不定稿";
export const ADOPT = "采用计算结果";
export const KEEP = "保留自评（写明理由）";

/** What the dialogue asks at its stage. */
export function finalPrompt(s: EngineState, stage: "errors" | "scores" | "reason"): Reply {
  const report = materialize(s.draft);
  if (!report) return { text: "报告还没有单位名称和年度，不能定稿。" };
  if (stage === "errors") {
    const errors = openErrorMessages(report);
    return {
      text: [
        `定稿前还有 ${errors.length} 处数字对不上：`,
        ...errors.slice(0, 15).map((e, i) => `${i + 1}. ${e}`),
        ...(errors.length > 15 ? [`……另有 ${errors.length - 15} 处（/check 查看全部）`] : []),
        "正式版会按现在的数字印出。仍要定稿吗？",
      ].join("\n"),
      options: [FINAL_ANYWAY, NOT_FINAL],
    };
  }
  if (stage === "scores") {
    const diffs = scoreDifferences(report);
    return {
      text: [
        "表中的自评得分与按规则计算的不一致：",
        ...diffs.map((d) => `· ${d.what}：自评 ${d.declared}，按规则计算 ${d.computed}`),
        "采用计算结果（表中得分、总分、等级改为计算值），还是保留自评（需写明理由）？",
      ].join("\n"),
      options: [ADOPT, KEEP, NOT_FINAL],
    };
  }
  return {
    text: "请写一句保留自评得分的理由（会记在报告的偏差原因里），例如：产出指标中部分项目质量经评审酌情扣分。",
  };
}
