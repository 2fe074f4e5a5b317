import type { FormProfile } from "../forms/schema.js";

/**
 * Which places of the report a form has: a rule of the fixed form reads only places its profile's form
 * asks (a 项目支出 table has no 附件1-1; a form without prose sections has no 二、三). Places the form
 * does not have are left out of a rule; a sum or a rate missing one of its places is not checked.
 */
export function placeApplies(path: string, profile: FormProfile): boolean {
  const fields = profile.table.fields;
  if (path.startsWith("basicData.")) return profile.basicData !== undefined;
  if (path.startsWith("profile.")) return profile.sections.includes("一");
  if (/^(generalBudget|basicExpenditure|threePublic|projects)\b/.test(path))
    return profile.sections.includes("二");
  if (path.startsWith("governmentFunds")) return profile.sections.includes("三");
  if (path.startsWith("selfEvaluation.byIncome.")) return fields.includes("byIncome");
  if (path.startsWith("selfEvaluation.byExpense.")) return fields.includes("byExpense");
  if (path.startsWith("project.")) return fields.includes("fundSources");
  if (path === "selfEvaluation.funds.adjustedBudget") return profile.execution.divisor === "adjustedBudget";
  return true;
}

/** Rule kinds that read 附件1-1's rows or section 二's 三公经费 without naming their places. */
const KIND_NEEDS: Record<string, (p: FormProfile) => boolean> = {
  columns: (p) => p.basicData !== undefined,
  columnsOfWhich: (p) => p.basicData !== undefined,
  columnsCategories: (p) => p.basicData !== undefined,
  threePublicChange: (p) => p.sections.includes("二"),
  goals: (p) => p.table.fields.includes("goals"),
};

/** The places a rule of the table names (its total and parts, places, or rate). */
function namedPlaces(rule: { kind: string } & Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof rule.total === "string" && rule.kind === "sum") out.push(rule.total);
  if (Array.isArray(rule.parts) && rule.kind === "sum") out.push(...(rule.parts as string[]));
  if (rule.kind === "rate")
    for (const k of ["stated", "numerator", "denominator"]) out.push((rule[k] as string[])[0] as string);
  return out;
}

/** Whether a rule is checked on this profile's form at all. */
export function ruleApplies(rule: { kind: string } & Record<string, unknown>, profile: FormProfile): boolean {
  const needs = KIND_NEEDS[rule.kind];
  if (needs && !needs(profile)) return false;
  if (rule.kind === "same" || rule.kind === "sameCount")
    return (rule.places as string[]).filter((p) => placeApplies(p, profile)).length >= 2;
  return namedPlaces(rule).every((p) => placeApplies(p, profile));
}
