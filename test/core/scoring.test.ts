import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCORING } from "../../core/config.js";
import { Ratio } from "../../core/ratio.js";
import type { IndicatorRow } from "../../core/report.js";
import { computeScore, rowWeights, scoreRow } from "../../core/scoring.js";
import { sample, sampleWith } from "../helpers.js";

const W = Ratio.of(5);
const row = (over: Partial<IndicatorRow>): IndicatorRow => ({
  id: "R1",
  name: "测试指标（个）",
  rule: ">=",
  target: { kind: "count", value: "100", unit: "个" },
  actual: { kind: "count", value: "100", unit: "个" },
  applicable: true,
  ...over,
});
const count = (v: string) => ({ kind: "count" as const, value: v, unit: "个" });

describe("scoreRow: each rule type against hand-computed values", () => {
  it.each([
    // ≥: met → full; short → actual/target × weight; far over → full (no bonus) and flagged
    [">= met", row({}), "5", "met"],
    [">= short 80/100", row({ actual: count("80") }), "4", "short"],
    [">= short 23038/23330 of 5", row({ target: count("23330"), actual: count("23038") }), "4.9374", "short"],
    [">= far over 133/100", row({ actual: count("133") }), "5", "met"],
    [
      ">= percent 89.95 ≥ 80",
      row({ target: { kind: "percent", value: "80" }, actual: { kind: "percent", value: "89.95" } }),
      "5",
      "met",
    ],
    [
      ">= money 元 vs 万元",
      row({
        target: { kind: "money", value: "1200", unit: "元" },
        actual: { kind: "money", value: "0.06", unit: "万元" },
      }),
      "2.5",
      "short",
    ],
    // ≤: met → full; over → target/actual × weight
    ["<= met", row({ rule: "<=", actual: count("90") }), "5", "met"],
    ["<= over 100/125", row({ rule: "<=", actual: count("125") }), "4", "over"],
    // zero target: 0 → full, otherwise the tier (default 部分达成 = 80%)
    ["<= zero target met", row({ rule: "<=", target: count("0"), actual: count("0") }), "5", "met"],
    [
      "<= zero target missed, default tier",
      row({ rule: "<=", target: count("0"), actual: count("1") }),
      "4",
      "tier",
    ],
    [
      "<= zero target missed, 未达成 50%",
      row({
        rule: "<=",
        target: count("0"),
        actual: count("2"),
        assessment: { tier: "未达成", percent: "50" },
      }),
      "2.5",
      "tier",
    ],
    // deadline
    [
      "deadline on time",
      row({
        rule: "deadline",
        target: { kind: "date", text: "2020年3月底前", year: 2020, month: 3, edge: "end", before: true },
        actual: {
          kind: "date",
          text: "2020年3月20日",
          year: 2020,
          month: 3,
          day: 20,
          edge: "day",
          before: false,
        },
      }),
      "5",
      "met",
    ],
    [
      "deadline late, 部分达成 70%",
      row({
        rule: "deadline",
        target: { kind: "date", text: "2020年3月底前", year: 2020, month: 3, edge: "end", before: true },
        actual: { kind: "date", text: "2020年5月份", year: 2020, month: 5, edge: "whole", before: false },
        assessment: { tier: "部分达成", percent: "70" },
      }),
      "3.5",
      "late",
    ],
    // qualitative: tier top of range by default
    [
      "qualitative 达成 default 100%",
      row({
        rule: "qualitative",
        target: { kind: "text", text: "有效提升" },
        actual: { kind: "text", text: "明显提升" },
        assessment: { tier: "达成" },
      }),
      "5",
      "tier",
    ],
    [
      "qualitative 未达成 default 60%",
      row({
        rule: "qualitative",
        target: { kind: "text", text: "有效提升" },
        actual: { kind: "text", text: "未提升" },
        assessment: { tier: "未达成" },
      }),
      "3",
      "tier",
    ],
    [
      "qualitative same text, no tier",
      row({
        rule: "qualitative",
        target: { kind: "text", text: "达标" },
        actual: { kind: "text", text: "达标" },
      }),
      "5",
      "met",
    ],
    // N/A, missing, incomparable
    ["not applicable", row({ applicable: false }), "0", "na"],
    ["missing actual", row({ actual: null }), "0", "missing"],
    ["percent vs count", row({ actual: { kind: "percent", value: "100" } }), "0", "invalid"],
    // a ≥ target of 0 missed (a negative actual): by tier, never a division by zero
    [">= zero target missed", row({ target: count("0"), actual: count("-2") }), "4", "tier"],
    // a chosen percent outside its tier is kept within the tier (未达成 is 60–0%)
    [
      "未达成 95% is held to 60%",
      row({
        rule: "qualitative",
        target: { kind: "text", text: "达标" },
        actual: { kind: "text", text: "未达标" },
        assessment: { tier: "未达成", percent: "95" },
      }),
      "3",
      "tier",
    ],
  ])("%s", (_name, r, expected, status) => {
    const s = scoreRow(r, W, DEFAULT_SCORING);
    expect(s.score.toFixed(4).replace(/\.?0+$/, "")).toBe(expected);
    expect(s.status).toBe(status);
  });

  it("flags a target exceeded by ≥ 120% and not one at 119%", () => {
    expect(scoreRow(row({ actual: count("120") }), W, DEFAULT_SCORING).farExceeded).toBe(true);
    expect(scoreRow(row({ actual: count("119") }), W, DEFAULT_SCORING).farExceeded).toBe(false);
  });

  it("explains the arithmetic in Chinese", () => {
    expect(scoreRow(row({ actual: count("80") }), W, DEFAULT_SCORING).explanation).toBe(
      "完成值 80个，指标值 100个，完成 80.00%：80.00% × 5.00 = 4.00",
    );
  });
});

describe("row weights", () => {
  it("splits a group equally, drops N/A rows, keeps explicit weights and shares the rest", () => {
    const rows = [row({ id: "A" }), row({ id: "B" }), row({ id: "C", applicable: false }), row({ id: "D" })];
    const w = rowWeights(rows, Ratio.of(30));
    expect([...w.entries()].map(([k, v]) => [k, v.toString()])).toEqual([
      ["A", "10"],
      ["B", "10"],
      ["D", "10"],
      ["C", "0"],
    ]);
    const mixed = rowWeights(
      [row({ id: "A", weight: "20" }), row({ id: "B" }), row({ id: "C" })],
      Ratio.of(30),
    );
    expect(mixed.get("A")?.toString()).toBe("20");
    expect(mixed.get("B")?.toString()).toBe("5");
    // only explicit weights, one N/A: rescaled to the group weight (10:20 of 30 → 10/30 × 30 … of 30)
    const rescaled = rowWeights(
      [
        row({ id: "A", weight: "10" }),
        row({ id: "B", weight: "10" }),
        row({ id: "C", weight: "10", applicable: false }),
      ],
      Ratio.of(30),
    );
    expect(rescaled.get("A")?.toString()).toBe("15");
    expect(rescaled.get("C")?.toString()).toBe("0");
  });
});

describe("computeScore on the sample", () => {
  it("computes 99.18 (优秀) beside the declared 95 (优秀), exactly", () => {
    const s = computeScore(sample());
    // by hand: 产出 = 50/13 × (11 full rows + 0.8 for the late deadline + 23038/23330) = 1491660/30329
    const output = Ratio.of(50, 13).mul(Ratio.of(11).add(Ratio.of(4, 5)).add(Ratio.of(23038, 23330)));
    expect(output.toString()).toBe("1491660/30329");
    expect(s.groups.map((g) => [g.name, g.score.toString()])).toEqual([
      ["产出指标", "1491660/30329"],
      ["效益指标", "30"],
      ["满意度指标", "10"],
    ]);
    expect(s.execution.score.toString()).toBe("10");
    expect(s.total.eq(Ratio.of(10 + 30 + 10).add(output))).toBe(true);
    expect(s.shownTotal.toFixed(2)).toBe("99.18");
    expect(s.grade).toBe("优秀");
    expect(s.declared).toEqual({ total: Ratio.of(95), grade: "优秀", gradeSource: "otherNotes" });
    expect(s.weightTotal.toString()).toBe("100");
  });

  it("scores 执行率 proportionally: 76% → 7.6 of 10, capped at 100%", () => {
    const at76 = computeScore(sampleWith((r) => (r.selfEvaluation.funds.executed = "3944.1948")));
    expect(at76.execution.score.toFixed(4)).toBe("7.6000");
    const over = computeScore(sampleWith((r) => (r.selfEvaluation.funds.executed = "6000")));
    expect(over.execution.score.toString()).toBe("10");
  });

  it("grades from the shown total at the band edges (89.995 shows as 90.00 → 优秀, 89.994 → 89.99 → 良好)", () => {
    const atEdge = (outputWeight: string) =>
      computeScore(
        sampleWith((r) => {
          const [output, benefit] = r.selfEvaluation.indicators;
          output.weight = outputWeight;
          benefit.weight = "20";
          output.subgroups[0].rows[0].actual.value = "23330"; // P1 met
          output.subgroups[2].rows[0].actual = output.subgroups[2].rows[0].target; // P9 on time
        }),
      );
    expect([
      atEdge("49.995").total.toString(),
      atEdge("49.995").shownTotal.toFixed(2),
      atEdge("49.995").grade,
    ]).toEqual(["17999/200", "90.00", "优秀"]);
    expect([atEdge("49.994").shownTotal.toFixed(2), atEdge("49.994").grade]).toEqual(["89.99", "良好"]);
  });

  it("uses the report's own grade labels and execution weight", () => {
    const s = computeScore(
      sampleWith((r) => {
        r.scoring = {
          grades: [
            { min: "95", label: "A" },
            { min: "0", label: "B" },
          ],
        };
      }),
    );
    expect(s.grade).toBe("A");
  });
});

describe("properties", () => {
  const rule = fc.constantFrom(">=", "<=") as fc.Arbitrary<">=" | "<=">;
  const int = fc.integer({ min: 0, max: 1_000_000 });
  it("a row's score never exceeds its weight and never falls as its actual value improves", () => {
    fc.assert(
      fc.property(rule, int, int, int, fc.integer({ min: 1, max: 100 }), (r, t, a1, a2, w) => {
        const weight = Ratio.of(w, 7);
        const s = (a: number) =>
          scoreRow(
            row({ rule: r, target: count(String(t)), actual: count(String(a)) }),
            weight,
            DEFAULT_SCORING,
          ).score;
        const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
        const better = r === ">=" ? [s(lo), s(hi)] : [s(hi), s(lo)];
        expect(better[0]?.lte(weight)).toBe(true);
        expect(better[1]?.lte(weight)).toBe(true);
        expect(better[1]?.gte(better[0] as Ratio)).toBe(true);
        expect(better[0]?.gte(Ratio.ZERO)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
