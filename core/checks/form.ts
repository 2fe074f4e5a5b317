import { profileOf } from "../forms/registry.js";
import {
  countPlace,
  FORM_COUNTS,
  FORM_FIELDS,
  type FormCount,
  type FormField,
  moneyPlace,
  readPath,
} from "../places.js";
import { placeApplies } from "./applies.js";
import { type Evaluator, sameFindings, sumFinding } from "./finding.js";

/*
 * The sums and the figures written twice of the fixed form (its places are named in the table), and
 * its blanks.
 */

/** Figures of the fixed form every report states (a blank one is listed by form.blank). */
const REQUIRED_FIGURES: readonly string[] = [
  "profile.staff.actual",
  "generalBudget.income",
  "generalBudget.expenditure",
  "generalBudget.basic",
  "generalBudget.project",
  "basicExpenditure.amount",
  "threePublic.amount",
  "governmentFunds.income",
  "selfEvaluation.funds.initialBudget",
  "selfEvaluation.funds.fullBudget",
  "selfEvaluation.funds.adjustedBudget",
  "selfEvaluation.funds.executed",
  "selfEvaluation.byIncome.generalBudget",
  "selfEvaluation.byIncome.governmentFund",
  "selfEvaluation.byIncome.nonTax",
  "selfEvaluation.byIncome.other",
  "selfEvaluation.byExpense.basic",
  "selfEvaluation.byExpense.personnel",
  "selfEvaluation.byExpense.publicFunds",
  "selfEvaluation.byExpense.project",
];

export const FORM_RULES: { [K in "sum" | "blanks" | "same" | "sameCount"]: Evaluator<K> } = {
  sum: (ctx, rule) =>
    sumFinding(
      ctx,
      rule,
      rule.title,
      moneyPlace(ctx.report, rule.total),
      rule.parts.map((p) => moneyPlace(ctx.report, p)),
    ),

  blanks: (ctx, rule) => {
    const profile = profileOf(ctx.report);
    const blank = REQUIRED_FIGURES.filter((path) => {
      if (!placeApplies(path, profile)) return false;
      if (path.startsWith("governmentFunds.") && ctx.report.governmentFunds === null) return false;
      if (path.startsWith("threePublic.") && ctx.report.threePublic === undefined) return false;
      return typeof readPath(ctx.report, path) !== "string";
    });
    if (blank.length === 0) return [];
    const label = (p: string) => FORM_FIELDS[p as FormField] ?? FORM_COUNTS[p as FormCount] ?? p;
    return [
      {
        rule: rule.id,
        severity: rule.severity,
        subject: rule.title,
        message: `${blank.length} 项未填写：${blank.map(label).join("、")}`,
        places: blank.map((path) => ({ path, label: label(path), value: null, unit: null })),
        difference: null,
      },
    ];
  },

  same: (ctx, rule) =>
    sameFindings(
      ctx,
      rule,
      rule.title,
      rule.places.map((p) => moneyPlace(ctx.report, p)),
    ),

  sameCount: (ctx, rule) =>
    sameFindings(
      ctx,
      rule,
      rule.title,
      rule.places.map((p) => countPlace(ctx.report, p)),
    ),
};
