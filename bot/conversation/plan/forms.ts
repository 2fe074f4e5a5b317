import { allProfiles, profileOf } from "../../../core/forms/registry.js";
import type { FormProfile } from "../../../core/forms/schema.js";
import { type Draft, getAt } from "../draft.js";
import { ask, type Builder, points, type Question, type SectionId, short, text } from "./questions.js";

/**
 * The questionnaire follows the report's form (表样): which one is asked once, with buttons, after the
 * unit (a report file that names one has answered it); then the sections, tables and fields the form
 * does not have are left out, and those it has beside Hunan's are asked — the project's head, each
 * row's 得分, 得分系数 and 偏差原因, the form's own grade labels.
 */

/** Forms the chat can fill in: those whose rows the unit writes (not the fixed rows of 共性指标 tables). */
export function chatForms(): FormProfile[] {
  return allProfiles().filter((p) => p.indicators.groups.every((g) => g.subgroups.every((s) => !s.rows)));
}

/** 用哪一种表样: the form, by its name on a button. Left blank (/skip): the Hunan 部门整体 set. */
export function formQuestion(b: Builder): void {
  const forms = chatForms();
  ask(
    b,
    "form",
    "表样",
    "按哪一种表样填报？（点按钮选择；不选就 /skip，按湖南省部门整体支出绩效自评）",
    { kind: "choice", options: forms.map((p) => p.name), values: forms.map((p) => p.id) },
    true,
  );
}

/** The profile the draft is filled in on. */
export function draftProfile(draft: Draft): FormProfile {
  const form = getAt(draft, "form");
  return profileOf({ form: typeof form === "string" ? form : undefined });
}

/** Sections of the report each form has (一 … 四 by the prose sections it names, 附件1-1 when it has one). */
function hasSection(p: FormProfile, section: SectionId): boolean {
  switch (section) {
    case "profile":
      return p.sections.includes("一");
    case "budget":
      return p.sections.includes("二");
    case "funds":
      return p.sections.includes("三");
    case "performance":
      return p.sections.includes("四");
    case "basicData":
      return p.basicData !== undefined;
    default:
      return true;
  }
}

/** Whether a question of the Hunan plan is a field this form has. */
function asked(p: FormProfile, q: Question): boolean {
  if (!hasSection(p, q.section)) return false;
  const f = p.table.fields;
  const k = q.key;
  if (k.startsWith("selfEvaluation.byIncome.")) return f.includes("byIncome");
  if (k.startsWith("selfEvaluation.byExpense.")) return f.includes("byExpense");
  if (k.startsWith("selfEvaluation.explanation.")) return f.includes("explanation");
  if (/^selfEvaluation\.indicators\.\d+\.declaredScore$/.test(k)) return f.includes("groupScores");
  if (/^(problems|improvements|otherNotes\.text)\b/.test(k)) return p.sections.includes("五");
  if (k === "otherNotes.statedGrade") return p.sections.includes("七");
  return true;
}

/** The questions of the form: the Hunan plan less what the form lacks, plus what it asks beside it. */
export function followProfile(draft: Draft, questions: Question[]): Question[] {
  const p = draftProfile(draft);
  const grades = p.grades.map((g) => g.label);
  const out: Question[] = [];
  for (const q of questions) {
    if (!asked(p, q)) continue;
    const labelled =
      q.key === "selfEvaluation.declaredGrade" || q.key === "otherNotes.statedGrade"
        ? { ...q, answer: { kind: "choice" as const, options: grades } }
        : q;
    if (q.key === "selfEvaluation.filledAt" && p.table.fields.includes("projectHeader"))
      out.push(...projectQuestions(q.section));
    out.push(labelled);
    const row = /^(selfEvaluation\.indicators\.\d+\.subgroups\.\d+\.rows\.\d+)\.actual$/.exec(q.key)?.[1];
    if (row) out.push(...rowScoreQuestions(p, row, q.label.replace(/ 完成值$/, ""), q.section));
  }
  return out;
}

/** 项目名称, 主管部门, 实施单位 of a 项目支出 table. */
function projectQuestions(section: SectionId): Question[] {
  const b: Builder = { section, moneyUnit: "万元", out: [], draft: {}, closed: new Set() };
  ask(b, "project.name", "项目名称", "项目名称？（例如：农村饮水安全巩固提升工程）", short);
  ask(b, "project.department", "主管部门", "主管部门？（没有就 /skip）", short, true);
  ask(b, "project.implementer", "实施单位", "实施单位？（没有就 /skip）", short, true);
  return b.out;
}

/** A row's own 得分 (and 得分系数, 偏差原因) where the form has those columns. */
function rowScoreQuestions(p: FormProfile, rp: string, id: string, section: SectionId): Question[] {
  const b: Builder = { section, moneyUnit: "万元", out: [], draft: {}, closed: new Set() };
  const f = p.table.fields;
  if (f.includes("coefficients"))
    ask(
      b,
      `${rp}.declaredCoefficient`,
      `${id} 得分系数`,
      "表中所填的得分系数？（0 到 1，例如 0.95；没有就 /skip）",
      {
        kind: "number",
        max: 1,
      },
      true,
    );
  if (f.includes("rowScores"))
    ask(b, `${rp}.declaredScore`, `${id} 自评得分`, "表中这一行所填的得分？（没有就 /skip）", points, true);
  if (f.includes("rowReasons"))
    ask(
      b,
      `${rp}.reason`,
      `${id} 偏差原因`,
      "这一行的偏差原因分析及改进措施？（没有偏差就 /skip）",
      text,
      true,
    );
  return b.out;
}
