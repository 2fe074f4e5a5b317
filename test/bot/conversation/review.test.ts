import { describe, expect, it } from "vitest";
import {
  acceptSection,
  applyNarrative,
  type DraftText,
  replaceSection,
  reviewDraft,
} from "../../../bot/conversation/review.js";
import { sample } from "../../helpers.js";

const llmDraft: DraftText = {
  problems: ["1、直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；"],
  improvements: ["1、加强移民信息管理；"],
  source: "llm",
  model: "deepseek-chat",
  templateVersion: "narrative-v1",
};
const offlineDraft: DraftText = {
  ...llmDraft,
  problems: ["1、离线问题。"],
  improvements: ["1、离线措施。"],
  source: "offline",
  model: null,
  templateVersion: "offline-2026-11-26",
};

describe("reviewing a draft of sections 五 and 六", () => {
  it("accepted text goes into the report with the model and template that wrote it; pending text does not", () => {
    const review = acceptSection(reviewDraft(llmDraft), "problems");
    const r = applyNarrative(sample(), review);
    expect(r.problems).toEqual(["直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；"]);
    expect(r.improvements).toEqual(sample().improvements); // still pending: the report keeps its own
    expect(r.narrative).toEqual({
      problems: { source: "llm", model: "deepseek-chat", templateVersion: "narrative-v1" },
    });
  });

  it("the user's own text replaces a section, numbered lines cleaned", () => {
    const review = replaceSection(
      reviewDraft(llmDraft),
      "improvements",
      "1、人员核实工作时间提前。\n\n2. 按规定时间发放。",
    );
    const r = applyNarrative(sample(), review);
    expect(r.improvements).toEqual(["人员核实工作时间提前。", "按规定时间发放。"]);
    expect(r.narrative?.improvements).toEqual({ source: "user", model: null, templateVersion: null });
  });

  it("regenerating keeps what was already accepted or replaced", () => {
    const first = acceptSection(reviewDraft(llmDraft), "problems");
    const again = reviewDraft(offlineDraft, first);
    expect(again.sections.problems.status).toBe("accepted");
    expect(again.sections.problems.lines).toEqual(llmDraft.problems);
    expect(again.sections.improvements).toEqual({
      status: "pending",
      lines: ["1、离线措施。"],
      from: { source: "offline", model: null, templateVersion: "offline-2026-11-26" },
    });
  });
});
