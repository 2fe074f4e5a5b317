import { describe, expect, it } from "vitest";
import { draftNarrative, withoutBlankWords } from "../../prompts/drafter.js";
import { draftInput } from "../../prompts/input.js";
import { exampleWith } from "../helpers.js";

describe("the drafter and what is not filled in yet", () => {
  it("a row without its 完成值 is not described as missed, and nothing says null", async () => {
    const report = exampleWith("forms/national-2020-project.json", (raw) => {
      raw.selfEvaluation.indicators[0].subgroups[0].rows[0].actual = null; // 新建集中供水工程
    });
    const d = await draftNarrative(draftInput(report), null);
    const text = [
      ...d.problems.map((p) => `${p.description}${p.cause}`),
      ...d.improvements.map((m) => m.measure),
    ];
    expect(text.some((t) => t.includes("新建集中供水工程"))).toBe(false);
    expect(text.some((t) => /null|undefined/i.test(t))).toBe(false);
    // the rows that were filled in and lost points are still there: 受益人口 9600 of 12000
    expect(text.some((t) => t.includes("受益人口"))).toBe(true);
  });

  it("drops a sentence that writes a blank out as a word, and the measures of a problem that went", () => {
    const n = withoutBlankWords({
      problems: [
        { ref: "P1", description: "新建集中供水工程完成值null。", cause: "原因尚待核实" },
        {
          ref: "B1",
          description: "受益人口完成9600人，少于12000人。",
          cause: "两处工程未建成。完成值undefined。",
        },
      ],
      improvements: [
        { problemRef: "P1", measure: "加快工程建设。" },
        { problemRef: "B1", measure: "次年建成两处工程。" },
      ],
    });
    expect(n).toEqual({
      problems: [{ ref: "B1", description: "受益人口完成9600人，少于12000人。", cause: "两处工程未建成。" }],
      improvements: [{ problemRef: "B1", measure: "次年建成两处工程。" }],
    });
  });
});
