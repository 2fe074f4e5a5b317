import type { MoneyUnit } from "../../../core/money.js";
import { type Draft, getAt } from "../draft.js";
import { basicDataQuestions } from "./basicData.js";
import { budgetQuestions } from "./budget.js";
import { followProfile, formQuestion } from "./forms.js";
import { fundsQuestions } from "./funds.js";
import { narrativeQuestions } from "./narrative.js";
import { performanceQuestions } from "./performance.js";
import { profileQuestions, unitQuestions } from "./profile.js";
import { type Builder, type Question, SECTIONS } from "./questions.js";
import { selfEvaluationQuestions } from "./selfEvaluation.js";

export { LEVEL1, rowExpected } from "./indicators.js";
export { causeQuestions } from "./narrative.js";
export type { Answer, Question, SectionId } from "./questions.js";
export { SECTIONS } from "./questions.js";

/**
 * The questions, in the form's order, for the draft as it stands: lists expand with the items the user
 * added, and conditional questions appear only when they apply. `deviationRefs` are the deviations the
 * staff are asked the cause of (computed by the caller from the draft).
 */
export function questionsFor(
  draft: Draft,
  closed: ReadonlySet<string>,
  deviations: readonly { ref: string; text: string }[] = [],
): Question[] {
  // The plan depends on the draft's shape, not on its figures: typing an amount leaves it as it was.
  const key = `${planShape(draft)}|${[...closed].sort().join(",")}|${JSON.stringify(deviations)}`;
  const cached = PLAN_BY_SHAPE.get(key);
  if (cached) return cached;
  const plan = withSummaries(formQuestions(draft, closed, deviations));
  if (PLAN_BY_SHAPE.size >= 64) PLAN_BY_SHAPE.clear();
  PLAN_BY_SHAPE.set(key, plan);
  return plan;
}

const PLAN_BY_SHAPE = new Map<string, Question[]>();

/**
 * Everything the questions depend on (see the getAt calls of formQuestions): the money unit, whether
 * there are government funds, the length of every list, each figure's label (its role question names
 * it), and each indicator row's name, rule, 指标值 and 完成值 (a row's unit, its tier question). A change
 * here builds the plan again.
 */
function planShape(draft: Draft): string {
  const lengths: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      lengths.push(`${path}:${v.length}`);
      for (let i = 0; i < v.length; i++) walk(v[i], `${path}.${i}`);
    } else if (v !== null && typeof v === "object") {
      for (const k in v) {
        const c = (v as Record<string, unknown>)[k];
        if (c !== null && typeof c === "object") walk(c, `${path}.${k}`);
        // a figure's role question names the figure (plan/questions.ts)
        else if (k === "label" && path.includes(".figures.")) lengths.push(`${path}=${String(c)}`);
      }
    }
  };
  walk(draft, "");
  const rows = (
    (getAt(draft, "selfEvaluation.indicators") as { subgroups?: { rows?: unknown[] }[] }[] | undefined) ?? []
  ).map((g) =>
    (g?.subgroups ?? []).map((sg) =>
      (sg?.rows ?? []).map((r) => {
        const row = (r ?? {}) as Record<string, unknown>;
        return [row.name, row.rule, row.target, row.actual];
      }),
    ),
  );
  const gf = getAt(draft, "governmentFunds");
  return JSON.stringify([
    getAt(draft, "form"),
    getAt(draft, "unit.moneyUnit"),
    gf === null ? 0 : gf === undefined ? -1 : 1,
    lengths,
    rows,
  ]);
}

/** At the end of each section, a summary the user confirms before the next section. */
function withSummaries(questions: Question[]): Question[] {
  const out: Question[] = [];
  questions.forEach((q, i) => {
    out.push(q);
    const next = questions[i + 1];
    if (!next || next.section !== q.section) {
      const title = SECTIONS.find((x) => x.id === q.section)?.title ?? q.section;
      out.push({
        key: `confirm:${q.section}`,
        section: q.section,
        label: `确认：${title}`,
        prompt: `以上是“${title}”的内容，确认无误吗？（是 / 否：用 /edit 修改后再确认）`,
        answer: { kind: "confirm", section: q.section },
        optional: false,
      });
    }
  });
  return out;
}

/** The questions of the form, section by section, in its order (see the modules of this folder). */
function formQuestions(
  draft: Draft,
  closed: ReadonlySet<string>,
  deviations: readonly { ref: string; text: string }[],
): Question[] {
  const moneyUnit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const b: Builder = { section: "unit", moneyUnit, out: [], draft, closed };
  unitQuestions(b);
  formQuestion(b);
  profileQuestions(b);
  budgetQuestions(b);
  fundsQuestions(b);
  performanceQuestions(b);
  basicDataQuestions(b);
  selfEvaluationQuestions(b);
  narrativeQuestions(b, deviations);
  return followProfile(draft, b.out);
}
