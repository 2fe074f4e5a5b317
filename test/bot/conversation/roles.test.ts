import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { currentQuestion } from "../../../bot/conversation/cursor.js";
import { getAt, materialize } from "../../../bot/conversation/draft.js";
import { prefill } from "../../../bot/conversation/prefill.js";
import { type EngineState, initialState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";
import { runChecks } from "../../../core/checks/index.js";
import { parseReportFile } from "../../../core/reportFile.js";
import { SAMPLE_PATH } from "../../helpers.js";

/** The sample imported with section 四㈠'s figures left to type: the conversation asks for them. */
function atFirstSectionFigures(): EngineState {
  const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
  raw.performance.sections[0].figures = [];
  const s = prefill(initialState(), raw, { asWritten: true });
  return { ...s, closed: s.closed.filter((l) => l !== "performance.sections.0.figures") };
}

function say(s: EngineState, ...inputs: string[]) {
  let state = s;
  let last = step(state, "/status");
  for (const input of inputs) {
    last = step(state, input);
    state = last.state;
  }
  return { state, last };
}

describe("the role of a figure: read from its label, asked once when it cannot be", () => {
  it("money whose label says no role gets one question with buttons, naming the figure; the choice is stored", () => {
    const { state, last } = say(atFirstSectionFigures(), "是", "移民困难扶助金", "85万元");
    expect(currentQuestion(state)?.key).toBe("performance.sections.0.figures.0.role");
    const asked = last.replies.at(-1);
    expect(asked?.text).toBe("“移民困难扶助金”是哪一类数？（用于核对计划、到位与完成；都不是就选“其他”）");
    expect(asked?.options).toEqual(["计划数", "到位数", "实际完成数", "已支付", "未支付或结余", "其他"]);
    const after = say(state, "已支付").state;
    expect(getAt(after.draft, "performance.sections.0.figures.0.role")).toBe("已支付");
    expect(currentQuestion(after)?.key).toBe("performance.sections.0.figures.+"); // its time goes in brackets after the value
    // and the report file (what /export writes) carries it
    expect(materialize(after.draft)?.performance.sections[0]?.figures[0]?.role).toBe("已支付");
  });

  it("a count is asked only when an earlier figure of its section counts the same thing and has a role", () => {
    // "堤坝 38KM", "2020年核减后期扶持人口 136人": nothing to compare them with, no question
    for (const [label, value] of [
      ["2020年核减后期扶持人口", "136人"],
      ["堤坝", "38KM"],
    ] as const)
      expect(currentQuestion(say(atFirstSectionFigures(), "是", label, value).state)?.key).toBe(
        "performance.sections.0.figures.+",
      );
    // after "示范基地计划数 12个" (a plan, by its name), "示范基地 11个" counts the same thing: asked
    const typed = (second: string) =>
      say(atFirstSectionFigures(), "是", "示范基地计划数", "12个", "是", "示范基地", second).state;
    expect(currentQuestion(typed("11个"))?.key).toBe("performance.sections.0.figures.1.role");
    // the same words in another unit are another thing
    expect(currentQuestion(typed("11亩"))?.key).toBe("performance.sections.0.figures.+");
  });

  it("a refused choice says what is expected", () => {
    const { state } = say(atFirstSectionFigures(), "是", "移民困难扶助金", "85万元");
    const r = step(state, "计划");
    expect(r.state).toBe(state);
    expect(r.replies[0]?.text).toBe("请从以下选项中选择，例如：计划数");
  });

  it("not asked when the label says it (计划, 到位, 已支付…) nor for a percent or a standard per head", () => {
    const { state } = say(
      atFirstSectionFigures(),
      "是",
      "2020年直补资金计划",
      "1399.8万元",
      "是",
      "发放标准",
      "600元/人",
      "是",
      "满意度",
      "98%",
    );
    expect(currentQuestion(state)?.key).toBe("performance.sections.0.figures.+");
    expect(state.answered).toEqual(
      expect.arrayContaining([
        "performance.sections.0.figures.0.role",
        "performance.sections.0.figures.1.role",
        "performance.sections.0.figures.2.role",
      ]),
    );
    // nothing was stored for them: the label says it, or there is nothing to say
    expect(getAt(state.draft, "performance.sections.0.figures.0.role")).toBeUndefined();
  });

  it("/status shows the role a label gives; /edit asks it again and the answer replaces it", () => {
    const { state } = say(atFirstSectionFigures(), "是", "2020年直补资金计划", "1399.8万元", "否");
    expect(step(state, "/status 四").replies[0]?.text).toContain(
      "2020年直补资金计划的性质：计划数（按名称）",
    );
    const { state: edited } = say(state, "/edit 直补资金计划的性质", "其他");
    expect(getAt(edited.draft, "performance.sections.0.figures.0.role")).toBe("其他");
  });

  it("a report file without roles still reads, and one with roles reads them back", () => {
    const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    expect(parseReportFile(JSON.stringify(raw)).ok).toBe(true);
    raw.performance.sections[0].figures[0].role = "其他";
    const parsed = parseReportFile(JSON.stringify(raw));
    expect(parsed.ok && parsed.report.performance.sections[0]?.figures[0]?.role).toBe("其他");
    raw.performance.sections[0].figures[0].role = "计划";
    const bad = parseReportFile(JSON.stringify(raw));
    expect(bad.ok ? [] : bad.issues).toEqual([
      {
        path: "performance.sections.0.figures.0.role",
        message: '应为 "计划数" 或 "到位数" 或 "实际完成数" 或 "已支付" 或 "未支付或结余" 或 "其他" 之一',
      },
    ]);
  });

  it("the plausibility warnings never interrupt typing (they are listed by /check)", () => {
    const { state, last } = say(atFirstSectionFigures(), "是", "2020年核减后期扶持人口", "136人");
    expect(state.pending).toBeNull();
    expect(last.replies.map((r) => r.text).join("")).not.toMatch(/对不上/);
    const report = materialize(state.draft);
    expect(report && runChecks(report).some((f) => f.kind === "plausibility")).toBe(true);
  });
});
