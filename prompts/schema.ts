import { z } from "zod";

/**
 * What a drafter returns for sections 五 and 六: problems, each tied to the deviation it is about
 * (`ref`) with its cause, and measures, each tied to a problem. Fields are required and nullable-free
 * so that providers enforcing strict JSON Schema accept it.
 */
export const NarrativeSchema = z.object({
  problems: z
    .array(
      z.object({
        ref: z.string().describe("所针对偏差的 ref，照输入填写"),
        description: z.string().min(1).describe("问题，一句话，不含原因"),
        cause: z.string().min(1).describe("原因分析，一句话"),
      }),
    )
    .describe("五、存在的问题及原因分析"),
  improvements: z
    .array(
      z.object({
        problemRef: z.string().describe("所针对问题的 ref"),
        measure: z.string().min(1).describe("改进措施，一句话"),
      }),
    )
    .describe("六、下一步改进措施"),
});
export type Narrative = z.infer<typeof NarrativeSchema>;

/** Checks what a schema cannot: every ref names an input deviation, every measure a problem. */
export function refIssues(n: Narrative, refs: readonly string[]): string[] {
  const known = new Set(refs);
  const issues: string[] = [];
  n.problems.forEach((p, i) => {
    if (!known.has(p.ref))
      issues.push(`problems[${i}].ref "${p.ref}" 不是输入中的偏差 ref（可用：${refs.join("、")}）`);
  });
  const problemRefs = new Set(n.problems.map((p) => p.ref));
  n.improvements.forEach((m, i) => {
    if (!problemRefs.has(m.problemRef))
      issues.push(`improvements[${i}].problemRef "${m.problemRef}" 不对应任何问题`);
  });
  if (n.problems.length === 0 && refs.length > 0) issues.push("problems 为空，但输入中有偏差");
  return issues;
}
