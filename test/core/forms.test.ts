import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runChecks } from "../../core/checks/index.js";
import { compareDeclared } from "../../core/declaredScores.js";
import { PROFILE_DATA } from "../../core/forms/profiles/index.js";
import { allProfiles, DEFAULT_PROFILE_ID, profileOf } from "../../core/forms/registry.js";
import { FormProfileSchema } from "../../core/forms/schema.js";
import type { Report } from "../../core/report.js";
import { computeScore, type ScoreResult } from "../../core/scoring.js";
import { indexSource, profileFiles } from "../../scripts/forms-index.mjs";
import { exampleWith, sample } from "../helpers.js";

const PROFILES_DIR = fileURLToPath(new URL("../../core/forms/profiles/", import.meta.url));

/** A row's computed score, two decimals. */
const row = (s: ScoreResult, id: string) => {
  const r = s.groups.flatMap((g) => g.rows).find((x) => x.id === id);
  if (!r) throw new Error(`no row ${id}`);
  return [r.weight.toFixed(2), r.score.toFixed(2)];
};
const groups = (s: ScoreResult) => s.groups.map((g) => [g.name, g.score.toFixed(2)]);
const rulesOf = (report: Report) => runChecks(report).map((f) => `${f.severity} ${f.rule}`);

describe("form profiles are data", () => {
  it("every profile file validates, is named by its id, and the list is the folder", () => {
    for (const { file, data } of PROFILE_DATA) {
      const parsed = FormProfileSchema.safeParse(data);
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data?.id).toBe(file);
    }
    const files = profileFiles(readdirSync(PROFILES_DIR));
    expect(readFileSync(`${PROFILES_DIR}index.ts`, "utf8")).toBe(indexSource(files));
    expect(allProfiles().map((p) => p.id)).toEqual([
      "hunan-2020-dept",
      "common-2013-dept",
      "national-2020-dept",
      "coefficient-2021-project",
      "national-2020-project",
    ]);
  });

  it("a profile whose weights do not add up is refused with what they add up to", () => {
    const hunan = PROFILE_DATA.find((p) => p.file === DEFAULT_PROFILE_ID)?.data;
    const bad = structuredClone(hunan) as Record<string, unknown> & {
      indicators: { groups: { weight: string }[] };
    };
    (bad.indicators.groups[0] as { weight: string }).weight = "40";
    const r = FormProfileSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain("执行率与一级指标分值合计为 90，应为 100");
    const tiers = FormProfileSchema.safeParse({
      ...hunan,
      tiers: { 达成: "60", 部分达成: "80", 未达成: "0" },
    });
    expect(tiers.error?.issues.map((i) => i.message)).toEqual([
      "各档下限应从高到低：达成 > 部分达成 > 未达成，例如 80 / 60 / 0",
    ]);
  });

  it("a file that names no form is Hunan 部门整体: the sample still scores 99.18 computed, 95 declared", () => {
    const report = sample();
    expect(report.form).toBeUndefined();
    expect(profileOf(report).id).toBe("hunan-2020-dept");
    const s = computeScore(report);
    expect([s.shownTotal.toFixed(2), s.grade, s.declared.total?.toFixed(2)]).toEqual([
      "99.18",
      "优秀",
      "95.00",
    ]);
  });
});

describe("worked examples, scored by hand", () => {
  it("national 项目支出: ≥ proportional, = off by 10%, tier, deadline; declared rows checked one by one", () => {
    const report = exampleWith("forms/national-2020-project.json");
    const s = computeScore(report);
    expect(s.form.kind).toBe("项目支出");
    // 执行率 180 / 200 = 90% → 0.9 × 10
    expect(s.execution.score.toFixed(2)).toBe("9.00");
    expect(row(s, "P1")).toEqual(["15.00", "12.00"]); // 8 / 10 × 15
    expect(row(s, "P2")).toEqual(["10.00", "9.00"]); // "＝" 50 公里, 55 done: (1 − 5/50) × 10
    expect(row(s, "P3")).toEqual(["15.00", "15.00"]); // 96% ≥ 95%
    expect(row(s, "P4")).toEqual(["10.00", "10.00"]); // 2021年11月 before 12月底
    expect(row(s, "B1")).toEqual(["20.00", "16.00"]); // 9600 / 12000 × 20
    expect(row(s, "B2")).toEqual(["10.00", "7.00"]); // 部分达成 70% × 10
    expect(row(s, "S1")).toEqual(["10.00", "9.44"]); // 85 / 90 × 10 = 9.444…
    expect(groups(s)).toEqual([
      ["产出指标", "46.00"], // 12 + 9 + 15 + 10
      ["效益指标", "23.00"], // 16 + 7
      ["满意度指标", "9.44"],
    ]);
    // 9 + 46 + 23 + 9.444… = 87.444… → 87.44, 良 (80 ≤ … < 90)
    expect([s.shownTotal.toFixed(2), s.grade]).toEqual(["87.44", "良"]);
    const c = compareDeclared(report, s);
    const problems = c.groups.flatMap((g) => g.rows.map((r) => [r.id, r.problem]));
    expect(problems).toEqual([
      ["P1", null],
      ["P2", "differs"], // declared 10, the rules 9
      ["P3", "met-not-full"], // met 95% and declared 14 of 15
      ["P4", null],
      ["B1", null],
      ["B2", null],
      ["S1", null],
    ]);
    // the groups are read from their rows (the form has no group 得分): 12 + 10 + 14 + 10 = 46
    expect(c.groups.map((g) => [g.declared?.toFixed(2), g.derived])).toEqual([
      ["46.00", true],
      ["23.00", true],
      ["9.44", true],
    ]);
    // the rows' +1 and −1 cancel: the total agrees, the rows are still each reported
    expect(rulesOf(report)).toEqual(["warning score.declared-rows", "warning score.declared-rows"]);
  });

  it("执行率10 + 指标90 with 得分系数: 不涉及 rescales every row by 90/80; score = 系数 × 分值", () => {
    const report = exampleWith("forms/coefficient-2021-project.json");
    const s = computeScore(report);
    // S1 (10 of the 90) does not apply: every other row × 90 / 80
    expect(row(s, "P1")).toEqual(["22.50", "21.38"]); // 950/1000 = 0.95 × 22.5 = 21.375
    expect(row(s, "P2")).toEqual(["16.88", "16.88"]); // 15 × 1.125 = 16.875, met
    expect(row(s, "B1")).toEqual(["16.88", "14.01"]); // 250/300 = 0.8333 → 系数 0.83 × 16.875 = 14.00625
    expect(row(s, "B2")).toEqual(["16.88", "11.81"]); // "＝" missed → tier: 部分达成 70% → 0.70 × 16.875 = 11.8125
    expect(row(s, "S1")).toEqual(["0.00", "0.00"]);
    expect(s.groups.flatMap((g) => g.rows).map((r) => r.coefficient?.toFixed(2) ?? null)).toEqual([
      "0.95",
      "1.00",
      "1.00",
      "0.83",
      "0.70",
      null,
    ]);
    // 9.5 + (21.375 + 16.875 + 16.875) + (14.00625 + 11.8125) + 0 = 90.44375
    expect(s.total.toFixed(5)).toBe("90.44375");
    expect([s.shownTotal.toFixed(2), s.grade]).toEqual(["90.44", "优"]);
    const c = compareDeclared(report, s);
    const b1 = c.groups[1]?.rows[0];
    expect([
      b1?.problem,
      b1?.coefficient?.declared?.toFixed(2),
      b1?.coefficient?.computed.toFixed(2),
    ]).toEqual(["differs", "0.90", "0.83"]);
    // 产出 read from rows 21.38 + 16.88 + 16.88 = 55.14: each row rounded as written, not a difference
    expect([c.groups[0]?.declared?.toFixed(2), c.groups[0]?.problem]).toEqual(["55.14", null]);
    // a group above its written 50 because 不涉及 lifted it is not "above its weight"
    expect(rulesOf(report)).toEqual([
      "warning score.declared-rows", // B1 score 15.19 against 14.01
      "warning score.declared-rows", // B1 系数 0.90 against 0.83
      "warning score.total",
    ]);
  });

  it("2013 共性指标: 二级 weights, per-point deductions, bands, 预算完成率 as a row on 调整后预算数", () => {
    const report = exampleWith("forms/common-2013-dept.json");
    const s = computeScore(report);
    expect(s.execution.placement).toBe("group");
    // 440 / 500 = 88%: 12 points short, "每低于5%扣2分" counts 2 whole steps → 5 − 4
    expect(row(s, "execution")).toEqual(["5.00", "1.00"]);
    expect(row(s, "I1")).toEqual(["5.00", "3.50"]); // 3 points over × 0.5
    expect(row(s, "I2")).toEqual(["8.00", "8.00"]); // −5% ≤ 0
    expect(row(s, "M1")).toEqual(["5.00", "3.00"]); // 12% in the band 10–20%(含)
    expect(row(s, "M2")).toEqual(["5.00", "0.00"]); // 12 over × 1 = 12 > 5: 扣完为止
    expect(row(s, "M3")).toEqual(["5.00", "4.50"]); // 90% × 5
    expect(row(s, "M4")).toEqual(["5.00", "5.00"]); // as targeted, word for word
    expect(row(s, "M5")).toEqual(["5.00", "3.50"]); // 部分达成 70%
    expect(row(s, "M6")).toEqual(["7.00", "6.65"]); // 95% × 7
    expect(row(s, "E2")).toEqual(["10.00", "8.25"]); // 3.5 points under 90% × 0.5
    expect(groups(s)).toEqual([
      ["投入", "11.50"], // 3.5 + 8
      ["过程", "23.65"], // 1 + 3 + 0 + 4.5 + 5 + 3.5 + 6.65
      ["产出", "24.80"], // 10 + 4.8 + 5 + 5
      ["效果", "22.25"], // 9 + 8.25 + 5
    ]);
    expect([s.shownTotal.toFixed(2), s.grade]).toEqual(["82.20", "良"]);
    const c = compareDeclared(report, s);
    const wrong = c.groups.flatMap((g) =>
      g.rows.filter((r) => r.problem !== null).map((r) => [r.id, r.problem]),
    );
    expect(wrong).toEqual([
      ["I2", "met-not-full"],
      ["M2", "differs"],
    ]);
    expect(rulesOf(report)).toEqual([
      "warning form.blank", // the prose report is not written yet: what is to fill, not an error
      "warning score.declared-rows",
      "warning score.declared-rows",
      "warning score.total",
    ]);
  });

  it("national 部门整体: weights short of their group are reported, and a total above what rows can reach", () => {
    const report = exampleWith("forms/national-2020-dept.json");
    const s = computeScore(report);
    expect(row(s, "P3")).toEqual(["10.00", "9.09"]); // ≤ 50万元, 55 spent: 50 / 55 × 10 = 9.0909…
    expect(row(s, "B2")).toEqual(["15.00", "11.25"]); // no weight written: 30 / 2; 60 / 80 × 15
    // 产出's rows weigh 20 + 15 + 10 = 45 of its 50: not rescaled
    expect(groups(s)).toEqual([
      ["产出指标", "44.09"],
      ["效益指标", "26.25"],
      ["满意度指标", "10.00"],
    ]);
    expect(s.reachable.toFixed(2)).toBe("95.00");
    // 10 + 44.0909… + 26.25 + 10 = 90.3409…
    expect([s.shownTotal.toFixed(2), s.grade]).toEqual(["90.34", "优"]);
    const findings = runChecks(report);
    const weights = findings.find((f) => f.rule === "score.weights");
    expect(weights?.message).toBe("产出指标：三级指标分值合计 45，一级指标 50");
    const reach = findings.find((f) => f.rule === "score.declared-reach");
    expect([reach?.severity, reach?.message]).toEqual([
      "error",
      "自评总分 100.00，而各项分值合计最多得 95.00 分（满分 100.00，各行分值合计不足）",
    ]);
  });
});

describe("blanks are not errors", () => {
  it("a category with no project listed under it is one warning naming what to fill, never a mismatch", () => {
    const report = exampleWith("hengyang-2020.json", (raw) => {
      raw.basicData.business.items = [];
      delete raw.basicData.business.itemsArePartial;
    });
    const about = runChecks(report).filter((f) => f.subject.startsWith("业务工作专项"));
    expect(about.map((f) => [f.severity, f.message])).toEqual([
      ["warning", "业务工作专项：合计已填，其下尚未列出具体项目（例如“某某项目 本年决算数 53万元”），请补列"],
    ]);
    // its three filled columns are where to look: 本年决算数 4922.44, 本年预算数 4922.44, 上年决算数 5528.44
    expect(about[0]?.places.map((p) => p.value)).toEqual(["4922.44", "4922.44", "5528.44"]);
  });

  it("a report with no indicator rows has no grade; a total whose parts are all blank lists them", () => {
    const report = exampleWith("forms/national-2020-dept.json", (raw) => {
      for (const g of raw.selfEvaluation.indicators) for (const s of g.subgroups) s.rows = [];
    });
    const s = computeScore(report);
    expect(s.grade).toBeNull();
    const findings = runChecks(report);
    // the declared total of 100 beside rows not written yet: incomplete, no error
    expect(findings.filter((f) => f.severity === "error").map((f) => f.message)).toEqual([]);
    expect(findings.find((f) => f.rule === "score.total")?.message).toBe(
      "自评总分 100.00 已填，而绩效指标尚未填写，暂不能按规则计算总分和等级",
    );
    const personnel = findings.find((f) => f.rule === "sum.personnel");
    expect([personnel?.severity, personnel?.message]).toEqual([
      "warning",
      "人员经费 = 工资福利支出 + 对个人和家庭的补助：合计已填 180万元，明细尚未填写：二㈠ 工资福利支出、二㈠ 对个人和家庭补助支出",
    ]);
  });
});
