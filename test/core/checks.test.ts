import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Finding, RULES, runChecks } from "../../core/checks/index.js";
import { sample, sampleWith } from "../helpers.js";

const brief = (fs: Finding[]) => fs.map((f) => [f.rule, f.severity, f.difference]);
const only = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe("the sample's slips, found by general rules", () => {
  const findings = runChecks(sample());

  it("商品和服务支出: items add up to 10.70 while 10.72 is stated (difference 0.02)", () => {
    const f = findings.find((x) => x.rule === "tree.amounts");
    expect(f).toEqual({
      rule: "tree.amounts",
      kind: "arithmetic",
      severity: "error",
      subject: "商品和服务支出",
      message: "商品和服务支出：各项合计 10.70万元，填报 10.72万元，相差 0.02万元",
      places: [
        {
          path: "basicExpenditure.goodsAndServices.amount",
          label: "二㈠ › 商品和服务支出",
          value: "10.72",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.0.amount",
          label: "二㈠ › 商品和服务支出 › 办公费",
          value: "0.75",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.1.amount",
          label: "二㈠ › 商品和服务支出 › 水费",
          value: "0.5",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.2.amount",
          label: "二㈠ › 商品和服务支出 › 电费",
          value: "1.51",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.3.amount",
          label: "二㈠ › 商品和服务支出 › 物业管理费",
          value: "0.2",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.4.amount",
          label: "二㈠ › 商品和服务支出 › 公务接待费",
          value: "2.30",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.5.amount",
          label: "二㈠ › 商品和服务支出 › 工会经费",
          value: "0.35",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.6.amount",
          label: "二㈠ › 商品和服务支出 › 其他交通费",
          value: "4.73",
          unit: "万元",
        },
        {
          path: "basicExpenditure.goodsAndServices.items.7.amount",
          label: "二㈠ › 商品和服务支出 › 其他商品和服务支出",
          value: "0.36",
          unit: "万元",
        },
      ],
      difference: "0.02",
    });
  });

  it("finds every inconsistency of the sample, and nothing where the sample agrees with itself", () => {
    // the arithmetic of the form; what its prose and attachments say is test/core/plausibility.test.ts
    const arithmetic = findings.filter((f) => f.kind === "arithmetic");
    expect(arithmetic.map((f) => [f.rule, f.severity, f.message, f.difference])).toEqual([
      ["tree.amounts", "error", "商品和服务支出：各项合计 10.70万元，填报 10.72万元，相差 0.02万元", "0.02"],
      [
        "ref.same-figure",
        "error",
        "实际完成后扶项目：三 2020年度共完成各类后扶项目为 399个，四㈡ 实际完成后扶项目为 398个，相差 1个",
        "-1",
      ],
      [
        "ref.same-figure",
        "error",
        "已支付项目资金：三、使用情况 › 后扶项目已付款（2021年3月末）为 2945.01万元，四㈡ 已支付项目资金（2021年3月）为 2916.49万元，相差 28.52万元",
        "-28.52",
      ],
      [
        "ref.same-figure",
        "error",
        "移民对后扶政策实施满意度（%） 完成值：四㈤ 调查结果显示中心移民后扶工作满意度为 100%，附件1-2 移民对后扶政策实施满意度（%） 完成值为 98%，相差 2个百分点",
        "-2",
      ],
      [
        "columns.category-items",
        "warning",
        "运行维护专项（本年决算数）：合计未填写，而明细合计为 154万元",
        null,
      ],
      [
        "columns.category-items",
        "warning",
        "运行维护专项（本年预算数）：合计未填写，而明细合计为 154万元",
        null,
      ],
      [
        "columns.category-items",
        "warning",
        "运行维护专项（上年决算数）：合计未填写，而明细合计为 74万元",
        null,
      ],
      [
        "score.far-exceeded",
        "warning",
        "生产开发及配套设施项目等（个）：完成值 399个 为指标值 300个 的 133.00%，目标可能设定偏低",
        "99",
      ],
      [
        "score.tier-missing",
        "warning",
        "直补资金按时发放时间：2020年5月份 晚于 2020年3月底前（滞后 2 个月），按“部分达成”档 80% 计：3.85 × 80% = 3.08（尚未选择档次，暂按默认档）；请选择档次（达成 / 部分达成 / 未达成）",
        null,
      ],
      [
        "score.declared-groups",
        "warning",
        "产出指标：自评得分 45.00，按规则计算为 49.18，相差 4.18，请说明理由",
        "-4.18",
      ],
      [
        "score.declared-groups",
        "warning",
        "满意度指标：自评得分未填写（分值 10.00，按规则计算为 10.00）",
        null,
      ],
      [
        "score.declared-total",
        "warning",
        "自评总分 95.00 与各项自评得分之和 85.00 不符（满意度指标未填写得分，按总分推算应为 10.00）",
        "10.00",
      ],
      ["score.declared-grade", "warning", "附件1-2 综合评定等级未填写，第七部分写为“优秀”", null],
      ["score.total", "warning", "自评总分 95.00（优秀），按规则计算为 99.18（优秀），相差 4.18", "-4.18"],
    ]);
  });
});

describe("each rule kind against hand-computed values", () => {
  it("sum of the fixed form: 一般公共预算支出 352.30 ≠ 113.29 + 239", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.generalBudget.expenditure = "352.30"))),
      "sum.general-budget",
    );
    expect(brief(f)).toEqual([["sum.general-budget", "error", "0.01"]]);
    expect(f[0]?.message).toBe("一般公共预算支出：各项合计 352.29万元，填报 352.30万元，相差 0.01万元");
  });

  it("same figure in several places: 附件1-2 基本支出 113.39 vs 113.29 elsewhere (and its own sum fails)", () => {
    const fs = runChecks(sampleWith((r) => (r.selfEvaluation.byExpense.basic = "113.39")));
    expect(brief(only(fs, "same.basic"))).toEqual([["same.basic", "error", "0.10"]]);
    expect(brief(only(fs, "sum.basic-by-nature"))).toEqual([["sum.basic-by-nature", "error", "0.10"]]);
    expect(brief(only(fs, "sum.funds-by-expense"))).toEqual([["sum.funds-by-expense", "error", "-0.10"]]);
  });

  it("附件1-1 column sums: 公务接待 上年 2.5 makes 三公经费 2.4 short by 0.1 in that column only", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.basicData.reception.prior = "2.5"))),
      "columns.three-public",
    );
    expect(f.map((x) => x.message)).toEqual([
      "三公经费 = 公务用车 + 公务接待 + 出国（上年决算数）：各项合计 2.5万元，填报 2.4万元，相差 0.1万元",
    ]);
    expect(f[0]?.difference).toBe("-0.1");
  });

  it("“其中” may not exceed its total: 压缩一般性支出 200 > 基本支出 113.29", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.basicData.compressedGeneral.current = "200"))),
      "columns.of-which",
    );
    expect(brief(f)).toEqual([["columns.of-which", "error", "-86.71"]]);
  });

  it("rates are compared at the precision stated: 94.74 and 94.7 pass for 18/19, 94.73 fails", () => {
    const rate = (v: string) =>
      only(runChecks(sampleWith((r) => (r.basicData.controlRate = v))), "rate.staff-control");
    expect(rate("94.74")).toEqual([]);
    expect(rate("94.7")).toEqual([]);
    expect(rate("94.73").map((f) => [f.message, f.difference])).toEqual([
      ["在职人员控制率 = 实际在职人数 / 编制数：填报 94.73%，按 18人 / 19人 计算为 94.74%", "-0.01"],
    ]);
  });

  it("执行率 stated 99% while 5189.73 / 5189.73 = 100%", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.selfEvaluation.funds.executionRate = "99"))),
      "rate.execution",
    );
    expect(f.map((x) => x.difference)).toEqual(["-1.00"]);
  });

  it("三公经费 year-on-year: amount, direction and rate (0.1 / 2.4 = 4.1666…%)", () => {
    const yoy = (change: object) =>
      only(
        runChecks(sampleWith((r) => Object.assign(r.threePublic.change, change))),
        "rate.three-public-change",
      );
    expect(yoy({})).toEqual([]);
    expect(yoy({ rate: "4.2" })).toEqual([]); // stated with one decimal: 4.2 is right
    expect(yoy({ rate: "4.16" }).map((f) => f.difference)).toEqual(["-0.01"]);
    expect(yoy({ amount: "0.2" }).map((f) => f.difference)).toEqual(["0.10"]);
    expect(yoy({ direction: "增加" }).map((f) => f.message)).toEqual([
      "“三公经费”同比应为“减少”（2.30 对上年 2.4），文中写作“增加”",
    ]);
  });

  it("counts by type vs totals: 因病致贫 43 人 makes the persons add up to 86, not 85", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.performance.sections[3].figures[1].items[0].value.value = "43"))),
      "tree.figures",
    );
    expect(f.map((x) => [x.message, x.difference])).toEqual([
      ["四㈣ 2019年底识别贫困移民人数：各项合计 86人，填报 85人，相差 1人", "-1"],
    ]);
  });

  it("人数 × 标准 = 金额: 23038 人 × 600 元/人 = 1382.28 万元, so 1382.29 is off by 0.01", () => {
    const fs = runChecks(sampleWith((r) => (r.performance.sections[0].figures[4].value.value = "1382.29")));
    expect(only(fs, "ref.derived").map((x) => x.difference)).toEqual(["0.01"]);
    // and it no longer agrees with section 三's 1382.28
    expect(
      only(fs, "ref.same-figure").some((x) => x.subject === "发放直补资金" && x.difference === "0.01"),
    ).toBe(true);
  });

  it("shares: 25 / 70 = 35.714…% — 35.7 and 35.71 pass, 35.8 fails", () => {
    const share = (v: string) =>
      only(
        runChecks(sampleWith((r) => (r.performance.sections[2].figures[4].value.value = v))),
        "ref.derived",
      );
    expect(share("35.7")).toEqual([]);
    expect(share("35.71")).toEqual([]);
    expect(share("35.8").map((f) => f.difference)).toEqual(["0.09"]);
  });

  it("goals' planned amounts vs 年初预算数 (warning)", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.selfEvaluation.goals[5].plannedAmount = "77.34"))),
      "sum.goals",
    );
    expect(brief(f)).toEqual([["sum.goals", "warning", "-0.01"]]);
  });

  it("declared grade that does not match the declared total is an error", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.selfEvaluation.declaredGrade = "良好"))),
      "score.declared-grade",
    );
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      ["error", "自评等级“良好”与自评总分 95.00 对应的等级“优秀”不符"],
    ]);
  });

  it("weights that do not add up to 100", () => {
    const f = only(
      runChecks(sampleWith((r) => (r.selfEvaluation.indicators[0].weight = "55"))),
      "score.weights",
    );
    expect(f.map((x) => x.difference)).toEqual(["5.00"]);
  });

  it("a blank 完成值 and a percent typed for a count are reported on their row", () => {
    const fs = runChecks(
      sampleWith((r) => {
        r.selfEvaluation.indicators[0].subgroups[0].rows[1].actual = null;
        r.selfEvaluation.indicators[0].subgroups[0].rows[2].actual = { kind: "percent", value: "100" };
      }),
    );
    expect(only(fs, "score.row-values").map((f) => [f.severity, f.subject])).toEqual([
      ["error", "生产开发及配套设施项目等（个）"],
      ["warning", "精准扶持整村推进重点移民村建设（个）"],
    ]);
  });

  it("every rule id is unique and every kind has an evaluator run on the sample without throwing", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => runChecks(sample())).not.toThrow();
  });
});

describe("property: a stated total equal to the exact sum of its items passes, any other value fails", () => {
  // amounts with up to 2 decimals, built from integer cents (no floating point)
  const yuan = (cents: number) =>
    `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
  const amount = fc.integer({ min: 0, max: 10_000_000 });
  it("on 商品和服务支出 with random items", () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: -500, max: 500 }),
        (items, deltaCents) => {
          const statedCents = items.reduce((s, c) => s + c, 0) + deltaCents;
          if (statedCents < 0) return;
          const statedStr = yuan(statedCents);
          const fs = runChecks(
            sampleWith((r) => {
              r.basicExpenditure.goodsAndServices.items = items.map((c, i) => ({
                name: `项目${i}`,
                amount: yuan(c),
              }));
              r.basicExpenditure.goodsAndServices.amount = statedStr;
            }),
          ).filter(
            (f) =>
              f.rule === "tree.amounts" && f.places[0]?.path === "basicExpenditure.goodsAndServices.amount",
          );
          if (deltaCents === 0) {
            expect(fs).toEqual([]);
          } else {
            expect(fs).toHaveLength(1);
            expect(fs[0]?.difference).toBe(yuan(deltaCents));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("a report being filled in", () => {
  it("blank figures are listed once by form.blank, and a sum with a blank part shows the blank place", () => {
    const fs = runChecks(
      sampleWith((r) => {
        delete r.generalBudget.project;
        delete r.selfEvaluation.funds.executed;
      }),
    );
    const blank = fs.filter((f) => f.rule === "form.blank");
    expect(blank.map((f) => [f.severity, f.message])).toEqual([
      ["warning", "2 项未填写：二、一般公共预算支出 › 项目支出、附件1-2 年度资金总额（全年执行数）"],
    ]);
    const sum = fs.find((f) => f.rule === "sum.general-budget");
    expect(sum?.places.map((p) => [p.path, p.value])).toEqual([
      ["generalBudget.expenditure", "352.29"],
      ["generalBudget.basic", "113.29"],
      ["generalBudget.project", null],
    ]);
  });
});
