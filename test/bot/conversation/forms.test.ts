import { describe, expect, it } from "vitest";
import { currentQuestion } from "../../../bot/conversation/cursor.js";
import { getAt } from "../../../bot/conversation/draft.js";
import { questionsFor } from "../../../bot/conversation/plan/index.js";
import { initialState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";

const ROW = "selfEvaluation.indicators.0.subgroups.0.rows.0";
/** A 项目支出 draft with one 三级指标 row typed as far as its 完成值. */
const projectDraft = {
  form: "national-2020-project",
  unit: { name: "某县水利局", year: 2021, moneyUnit: "万元" },
  selfEvaluation: {
    indicators: [
      {
        subgroups: [
          {
            name: "数量指标",
            rows: [
              {
                id: "P1",
                name: "新建集中供水工程（处）",
                target: { kind: "count", value: "10", unit: "处" },
                rule: ">=",
                actual: { kind: "count", value: "8", unit: "处" },
              },
            ],
          },
        ],
      },
    ],
  },
};

describe("the questionnaire follows the form", () => {
  it("after the unit, offers the forms the chat can fill in as buttons; the choice is stored by its id", () => {
    let s = initialState();
    for (const typed of ["某县水利局", "2021", "万元"]) s = step(s, typed).state;
    const asked = step(s, { kind: "repeat" });
    const buttons = asked.replies.at(-1)?.options;
    expect(buttons).toEqual([
      "湖南省部门整体支出绩效自评",
      "部门整体支出绩效自评（全国通用）",
      "项目支出绩效自评表（执行率10＋绩效指标90，得分系数）",
      "项目支出绩效自评表（全国通用）",
    ]);
    const chosen = step(s, "项目支出绩效自评表（全国通用）").state;
    expect(getAt(chosen.draft, "form")).toBe("national-2020-project");
    // a 项目支出 form has no 一–四: the project's head comes next
    expect(currentQuestion(chosen)?.key).toBe("project.name");
  });

  it("the form skipped is the Hunan set, and the summary names it so (not as an empty answer)", () => {
    let s = initialState();
    for (const typed of ["某县水利局", "2021", "万元"]) s = step(s, typed).state;
    const skipped = step(s, "/skip");
    expect(getAt(skipped.state.draft, "form")).toBeUndefined();
    expect(skipped.replies.map((r) => r.text).join("\n")).toContain(
      "4. ✓ 表样：湖南省部门整体支出绩效自评（默认）",
    );
  });

  it("a 项目支出 form: no report sections or 附件1-1; the project's head; each row's 得分 and 偏差原因", () => {
    const keys = questionsFor(projectDraft, new Set()).map((q) => q.key);
    const sections = new Set(questionsFor(projectDraft, new Set()).map((q) => q.section));
    // (the causes of deviations, when there are some, are asked in the narrative section as before)
    expect([...sections]).toEqual(["unit", "selfEvaluation"]);
    expect(keys.filter((k) => k.startsWith("project."))).toEqual([
      "project.name",
      "project.department",
      "project.implementer",
    ]);
    const at = keys.indexOf(`${ROW}.actual`);
    expect(keys.slice(at, at + 3)).toEqual([`${ROW}.actual`, `${ROW}.declaredScore`, `${ROW}.reason`]);
    // no group 得分 (the form scores rows), no 按收入/支出性质, no 说明, no 五 六 七
    expect(keys.some((k) => /indicators\.\d+\.declaredScore$/.test(k))).toBe(false);
    expect(
      keys.some((k) => /byIncome|byExpense|explanation|^problems|^improvements|^otherNotes/.test(k)),
    ).toBe(false);
    const grade = questionsFor(projectDraft, new Set()).find((q) => q.key === "selfEvaluation.declaredGrade");
    expect(grade?.answer).toEqual({ kind: "choice", options: ["优", "良", "中", "差"] });
  });

  it("the 得分系数 form asks each row's 系数 before its 得分", () => {
    const keys = questionsFor({ ...projectDraft, form: "coefficient-2021-project" }, new Set()).map(
      (q) => q.key,
    );
    const at = keys.indexOf(`${ROW}.actual`);
    expect(keys.slice(at + 1, at + 4)).toEqual([
      `${ROW}.declaredCoefficient`,
      `${ROW}.declaredScore`,
      `${ROW}.reason`,
    ]);
  });

  it("the Hunan set (no form named) is asked as before", () => {
    const { form: _, ...hunan } = projectDraft;
    const keys = questionsFor(hunan, new Set()).map((q) => q.key);
    expect(keys).toContain("profile.functions");
    expect(keys).toContain("selfEvaluation.indicators.0.declaredScore");
    expect(keys).not.toContain(`${ROW}.declaredScore`);
    expect(keys).not.toContain("project.name");
  });
});
