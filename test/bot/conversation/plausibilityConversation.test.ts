import { describe, expect, it } from "vitest";
import { currentQuestion } from "../../../bot/conversation/cursor.js";
import { materialize } from "../../../bot/conversation/draft.js";
import { prefill } from "../../../bot/conversation/prefill.js";
import { type EngineState, initialState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";
import { draftInput } from "../../../prompts/input.js";
import { offlineNarrative } from "../../../prompts/offline.js";
import { sample } from "../../helpers.js";
import { typistAnswer } from "../../typist.js";

/*
 * The plausibility rules in the questionnaire (issue #16, after review): the cause of each shortfall they
 * find for sections 五/六 is asked like a row's, and the role of a figure only where it can matter.
 */

describe("the causes of what the plausibility rules find short of plan are asked", () => {
  const imported = () => prefill(initialState(), sample() as unknown as Record<string, unknown>);

  it("after the rows' causes: one question per shortfall, named by what fell short, without a rule's id", () => {
    let s = step(imported(), "/skip").state; // the cause of P3, a target far exceeded
    const asked: { key: string; label: string; prompt: string }[] = [];
    for (let q = currentQuestion(s); q; q = currentQuestion(s)) {
      asked.push({ key: q.key, label: q.label, prompt: q.prompt });
      s = step(s, "/skip").state;
    }
    expect(asked.map((q) => q.label)).toEqual([
      "年度目标“安排5批次移民培训，培训移民617人次”的原因",
      "压缩一般性支出的原因",
      "后扶资金的原因",
    ]);
    expect(asked[2]?.prompt).toBe(
      "偏差：后扶资金：四㈡ 2020年度中央、省、市后扶资金计划 4976.44万元，四㈡ 县财政2020年度到位后扶资金 4936.44万元，后者少 40.00万元，文中未说明差额\n原因是什么？（一句话，会写进第五部分；不知道就回答“跳过”）",
    );
    for (const q of asked) expect(`${q.label}${q.prompt}`).not.toMatch(/plausible|performance\.|basicData\./);
  });

  it("the cause typed is stored under the finding and drafted in 五", () => {
    let s = step(imported(), "/skip").state;
    s = step(s, "/skip").state;
    s = step(s, "/skip").state;
    expect(currentQuestion(s)?.label).toBe("后扶资金的原因");
    s = step(s, "市级配套资金40万元次年到位").state;
    const report = materialize(s.draft);
    expect(report?.causes.at(-1)).toEqual({
      ref: "plausible.plan-actual:performance.sections.1.figures.0.value",
      text: "市级配套资金40万元次年到位",
    });
    const problem = offlineNarrative(draftInput(report as NonNullable<typeof report>)).problems.at(-1);
    expect([problem?.description, problem?.cause]).toEqual([
      "后扶资金未足额到位，计划4976.44万元，到位4936.44万元",
      "市级配套资金40万元次年到位",
    ]);
  });
});

describe("the role of a figure, typed from scratch", () => {
  it("the sample typed as staff type it: no figure is asked its role (each says it, or is never compared)", () => {
    // before: 21 of its 54 figures were asked (堤坝, 山塘, 因病致贫, 蔬菜 …)
    const expected = sample();
    let s: EngineState = step(initialState(), "/start").state;
    const roles: string[] = [];
    for (let guard = 0; guard < 3000; guard++) {
      if (s.pending?.kind === "batch") {
        s = step(s, "确认").state; // several figures typed in one message: one tap stores them
        continue;
      }
      if (s.pending && "options" in s.pending) {
        s = step(s, String(s.pending.options.length + 1)).state; // keep what the paper report says
        continue;
      }
      const q = currentQuestion(s);
      if (!q) break;
      if (q.key.endsWith(".role")) roles.push(q.key);
      s = step(s, typistAnswer(s, expected)).state;
    }
    expect(currentQuestion(s)).toBeNull();
    expect(roles).toEqual([]);
    expect(materialize(s.draft)?.performance).toEqual(expected.performance);
  });
});
