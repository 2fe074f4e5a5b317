import type { Question } from "./questions.js";
import { ask, type Builder, list, text } from "./questions.js";

/** One question per deviation: its cause, in the staff's words (optional). */
export function causeQuestions(
  deviations: readonly { ref: string; text: string; label?: string }[],
): Question[] {
  return deviations.map((d) => ({
    key: `cause:${d.ref}`,
    section: "narrative",
    label: `原因：${d.label ?? d.ref}`,
    prompt: `偏差：${d.text}\n原因是什么？（这会写进第五部分；不知道可 /skip）`,
    answer: { kind: "cause", ref: d.ref },
    optional: true,
  }));
}

/** The causes of the deviations (asked after 附件1-2), then 五, 六 and 七. */
export function narrativeQuestions(b: Builder, deviations: readonly { ref: string; text: string }[]): void {
  b.section = "narrative";
  b.out.push(...causeQuestions(deviations));
  list(
    b,
    "problems",
    "五、存在的问题",
    "“五、存在的问题及原因分析”还有要写的吗？（是/否；也可以用 /draft 起草）",
    (i) => {
      ask(b, `problems.${i}`, `问题${i + 1}`, `第 ${i + 1} 条？`, text);
    },
  );
  list(b, "improvements", "六、改进措施", "“六、下一步改进措施”还有要写的吗？（是/否）", (i) => {
    ask(b, `improvements.${i}`, `措施${i + 1}`, `第 ${i + 1} 条？`, text);
  });
  ask(
    b,
    "otherNotes.text",
    "七、其他需要说明的情况",
    "七、其他需要说明的情况（可选；没有就 /skip）",
    text,
    true,
  );
  ask(
    b,
    "otherNotes.statedGrade",
    "第七部分所写等级",
    "第七部分写明的自评等级？（没有就 /skip）",
    { kind: "choice", options: ["优秀", "良好", "较差", "差"] },
    true,
  );
}
