import { carried } from "./budget.js";
import { helpFor } from "./help.js";
import type { Question } from "./questions.js";
import { ask, type Builder, list, text } from "./questions.js";

/** One question per deviation: its cause, in the staff's words (optional). */
export function causeQuestions(
  deviations: readonly { ref: string; text: string; label?: string }[],
): Question[] {
  return deviations.map((d) => ({
    key: `cause:${d.ref}`,
    section: "narrative",
    label: `${d.label ?? "偏差"}的原因`,
    prompt: `偏差：${d.text}\n原因是什么？（一句话，会写进第五部分；不知道就回答“跳过”）`,
    answer: { kind: "cause", ref: d.ref },
    optional: true,
    help: helpFor(`cause:${d.ref}`, "cause"),
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
    "“五、存在的问题及原因分析”：一行写一条（或用“；”分开）；也可以发送 /draft 让我起草",
    (i) => {
      ask(b, `problems.${i}`, `问题${i + 1}`, `第 ${i + 1} 条？`, text);
    },
    { bulk: { kind: "texts" } },
  );
  list(
    b,
    "improvements",
    "六、改进措施",
    "“六、下一步改进措施”：一行写一条（或用“；”分开）",
    (i) => {
      ask(b, `improvements.${i}`, `措施${i + 1}`, `第 ${i + 1} 条？`, text);
    },
    { bulk: { kind: "texts" } },
  );
  ask(
    b,
    "otherNotes.text",
    "七、其他需要说明的情况",
    "七、其他需要说明的情况（可选；没有就回答“没有”）",
    text,
    true,
  );
  ask(
    b,
    "otherNotes.statedGrade",
    "第七部分所写等级",
    "第七部分写明的自评等级？（没有就回答“没有”）",
    { kind: "choice", options: ["优秀", "良好", "较差", "差"] },
    true,
    { carry: (d) => carried(d, "selfEvaluation.declaredGrade", "附件1-2 综合评定等级") },
  );
}
