import { describe, expect, it } from "vitest";
import { computeScore } from "../../core/scoring.js";
import { parseWhatIfPairs, requiredValue, whatIf } from "../../core/whatif.js";
import { sample } from "../helpers.js";

describe("what-if", () => {
  it("资金直补受益移民（人）=23330 raises the total from 99.18 to 99.23 (产出 = 50/13 × 12.8)", () => {
    const report = sample();
    const before = JSON.stringify(report);
    const r = whatIf(report, [{ name: "资金直补受益移民（人）", value: "23330" }]);
    expect(r.ok && r.value).toEqual({
      before: { total: "99.18", grade: "优秀" },
      after: { total: "99.23", grade: "优秀" },
      groups: [
        { name: "预算执行率", weight: "10.00", before: "10.00", after: "10.00", change: "0.00" },
        { name: "产出指标", weight: "50.00", before: "49.18", after: "49.23", change: "0.05" },
        { name: "效益指标", weight: "30.00", before: "30.00", after: "30.00", change: "0.00" },
        { name: "满意度指标", weight: "10.00", before: "10.00", after: "10.00", change: "0.00" },
      ],
      gradeChanged: false,
      applied: [{ target: "资金直补受益移民（人）", from: "23038人", to: "23330人" }],
    });
    expect(JSON.stringify(report)).toBe(before); // never changes the stored report
  });

  it("finds rows by id, by name with ASCII brackets, and by name without the unit", () => {
    for (const name of ["P1", "资金直补受益移民(人)", "资金直补受益移民", " 资金直补受益移民（人） "]) {
      const r = whatIf(sample(), [{ name, value: "23330人" }]);
      expect(r.ok && r.value.after.total).toBe("99.23");
    }
  });

  it("several changes at once, fund figures and tiers, and a grade that changes", () => {
    const r = whatIf(sample(), [
      { name: "全年执行数", value: "2594.865" }, // 50% → 5 of 10
      { name: "直补资金按时发放时间", value: "未达成 0" }, // 0 of 50/13
      { name: "B1", value: "0元" }, // 0 of 30/8
    ]);
    // 5 + 50/13 × (11 + 23038/23330) + (30 − 3.75) + 10 = 5 + 46.1057… + 26.25 + 10 = 87.3557…
    expect(r.ok && [r.value.after.total, r.value.after.grade, r.value.gradeChanged]).toEqual([
      "87.36",
      "良好",
      true,
    ]);
  });

  it("refuses unknown names and bad values with a Chinese message and an example", () => {
    const unknown = whatIf(sample(), [{ name: "直补人数", value: "1" }]);
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error.code).toBe("UNKNOWN_NAME");
    expect(!unknown.ok && unknown.error.message).toContain("例如");
    const bad = whatIf(sample(), [{ name: "P1", value: "很多" }]);
    expect(!bad.ok && bad.error.code).toBe("BAD_VALUE");
    expect(!bad.ok && bad.error.message).toMatch(/^资金直补受益移民（人）：.*例如/);
  });

  it("parses NAME=VALUE pairs, several per line", () => {
    expect(parseWhatIfPairs("资金直补受益移民（人）=23330 P9＝达成")).toEqual({
      ok: true,
      changes: [
        { name: "资金直补受益移民（人）", value: "23330" },
        { name: "P9", value: "达成" },
      ],
    });
    expect(parseWhatIfPairs("资金直补受益移民").ok).toBe(false);
  });
});

describe("reverse what-if: the smallest value that reaches a total or grade", () => {
  it("P1 must reach 23114 people for a shown total of 99.20 — checked against a brute-force search", () => {
    const r = requiredValue(sample(), "P1", { total: "99.2" });
    expect(r.ok && [r.value.value, r.value.direction, r.value.reachable]).toEqual([
      "23114",
      "at-least",
      true,
    ]);
    // independent route: the forward scorer on every value around the answer
    const total = (v: number) => {
      const w = whatIf(sample(), [{ name: "P1", value: String(v) }]);
      return w.ok ? w.value.after.total : "";
    };
    expect(total(23113)).toBe("99.19");
    expect(total(23114)).toBe("99.20");
  });

  it("says when one row alone cannot reach the goal", () => {
    const r = requiredValue(sample(), "P1", { total: "99.5" });
    expect(r.ok && [r.value.reachable, r.value.value]).toEqual([false, null]);
    expect(r.ok && r.value.message).toBe(
      "仅靠“资金直补受益移民（人）”达不到 99.50 分：此行满分 3.85，其余各项合计 95.38",
    );
  });

  it("a grade goal uses the grade's lowest total; an already reached goal says so", () => {
    const r = requiredValue(sample(), "P1", { grade: "优秀" });
    // 90 − 95.3846… ≤ 0: any value reaches 优秀
    expect(r.ok && [r.value.value, r.value.alreadyReached]).toEqual(["0", true]);
    expect(computeScore(sample()).grade).toBe("优秀");
  });
});
