import type { MoneyUnit } from "../../../core/money.js";
import { type Draft, getAt } from "../draft.js";
import { basicDataQuestions } from "./basicData.js";
import { budgetQuestions } from "./budget.js";
import { followProfile, formQuestion } from "./forms.js";
import { fundsQuestions } from "./funds.js";
import { narrativeQuestions } from "./narrative.js";
import { performanceQuestions } from "./performance.js";
import { profileQuestions, unitQuestions } from "./profile.js";
import type { Builder, Question } from "./questions.js";
import { selfEvaluationQuestions } from "./selfEvaluation.js";

export { LEVEL1, rowExpected, rowValues } from "./indicators.js";
export { causeQuestions } from "./narrative.js";
export type { Answer, LinkScope, ListSpec, Question, SectionId } from "./questions.js";
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
  const plan = formQuestions(draft, closed, deviations);
  if (PLAN_BY_SHAPE.size >= 64) PLAN_BY_SHAPE.clear();
  PLAN_BY_SHAPE.set(key, plan);
  return plan;
}

const PLAN_BY_SHAPE = new Map<string, Question[]>();

/**
 * Everything the questions depend on (see the getAt calls of formQuestions): the money unit, whether
 * there are government funds, the length of every list, the names and labels the questions are worded
 * with (an item's name, a figure's label), and each indicator row's name, rule, 指标值 and 完成值 (a row's
 * unit, its tier question). A change here builds the plan again.
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
        // the questions about an item or a figure are worded with its name
        else if ((k === "name" || k === "label") && typeof c === "string") lengths.push(`${path}.${k}=${c}`);
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
