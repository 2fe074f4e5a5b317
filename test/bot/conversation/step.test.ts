import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWhatIfQuestion } from "../../../bot/conversation/commands.js";
import { currentQuestion } from "../../../bot/conversation/cursor.js";
import { getAt, materialize } from "../../../bot/conversation/draft.js";
import { questionsFor } from "../../../bot/conversation/plan/index.js";
import { prefill } from "../../../bot/conversation/prefill.js";
import { withDraft } from "../../../bot/conversation/reviewSteps.js";
import { type EngineState, initialState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";
import { sample } from "../../helpers.js";

/** Types messages one after another; returns the final state and every reply text. */
function converse(inputs: string[], from: EngineState = initialState()) {
  let s = from;
  const log: string[] = [];
  for (const input of inputs) {
    const r = step(s, input);
    s = r.state;
    log.push(...r.replies.map((x) => x.text));
  }
  return { s, log };
}

const START = [
  "衡阳县库区移民事务中心",
  "2020",
  "万元",
  "/skip", // the form: the Hunan set
  "贯彻执行库区移民工作方针政策",
  "内设综合办公室",
  "18人",
];

describe("the questionnaire engine", () => {
  it("asks one question at a time and stores exactly what was typed, in the report's unit", () => {
    const { s, log } = converse([
      ...START,
      "是",
      "参照公务员法管理事业人员",
      "７",
      "是",
      "非参公人员",
      "11",
      "否",
      "4",
      "是",
      "3,522,900元",
    ]);
    expect(getAt(s.draft, "unit")).toEqual({ name: "衡阳县库区移民事务中心", year: 2020, moneyUnit: "万元" });
    expect(getAt(s.draft, "profile.staff")).toEqual({
      actual: "18",
      breakdown: [
        { name: "参照公务员法管理事业人员", count: "7" },
        { name: "非参公人员", count: "11" },
      ],
      retirees: "4",
    });
    expect(getAt(s.draft, "generalBudget.income")).toBe("352.29");
    expect(log.at(-1)).toBe("一般公共预算支出多少？（万元）");
    expect(currentQuestion(s)?.key).toBe("generalBudget.expenditure");
  });

  it("refuses bad input with the parser's message and asks again; nothing is stored", () => {
    const before = converse(START.slice(0, 6)).s;
    const r = step(before, "十八个人");
    expect(r.state).toBe(before);
    expect(r.changes).toEqual([]);
    expect(r.replies[0]?.text).toMatch(/应为整数（单位：人），例如：/);
  });

  it("checks a list's sum when the list is closed, shows both values and offers what to correct", () => {
    const upTo = converse([
      ...START,
      "否",
      "/skip",
      "352.29 352.29 113.29 239",
      "确认",
      "101.61", // 基本支出 is not asked again: it is 二's 其中基本支出
      "否",
      "10.72",
    ]).s;
    const open = converse(["是", "办公费", "0.75", "是", "水费", "0.5"], upTo).s;
    const closed = step(open, "否");
    expect(closed.replies.map((r) => r.text)).toEqual([
      "已记录。但数字对不上：\n· 商品和服务支出：各项合计 1.25万元，填报 10.72万元，相差 9.47万元",
      "要改哪一处？",
    ]);
    expect(closed.replies[1]?.options).toEqual([
      "1 修改 二㈠ › 商品和服务支出（10.72万元）",
      "2 修改 二㈠ › 商品和服务支出 › 办公费（0.75万元）",
      "3 修改 二㈠ › 商品和服务支出 › 水费（0.5万元）",
      "4 继续添加：商品和服务支出明细",
      "5 先保留，稍后再改",
    ]);
    // correct the total: it is asked again, showing the current value
    const fix = step(closed.state, "1");
    expect(fix.replies.at(-1)?.text).toBe(
      "商品和服务支出多少？（万元；可连同明细一起写，例如：10.72 办公费0.75 水费0.5 电费1.51）（当前：10.72）",
    );
    const fixed = step(fix.state, "1.25");
    expect(fixed.replies.map((r) => r.text)).toEqual([
      "已记录。",
      "对个人和家庭补助支出多少？（万元；可连同明细一起写，例如：0.96 生活补助0.96）",
    ]);
    expect(fixed.changes).toEqual([
      { field: "basicExpenditure.goodsAndServices.amount", value: '"1.25"', previous: '"10.72"' },
    ]);
    // or add the missing items
    const more = step(closed.state, "4");
    expect(more.replies.at(-1)?.text).toBe(
      "商品和服务支出明细：还有第 3 项吗？（直接写出；没有了就回答“没有”）",
    );
    // or keep it: listed by /check, not asked again
    const kept = step(closed.state, "5");
    expect(kept.state.pending).toBeNull();
    expect(step(kept.state, "/check").replies[0]?.text).toContain(
      "商品和服务支出：各项合计 1.25万元，填报 10.72万元，相差 9.47万元",
    );
  });

  it("a fixed sum is checked as soon as its last part is answered", () => {
    const r = converse([...START, "否", "/skip", "352.29", "352.29", "113.29", "238"]);
    expect(r.log.at(-2)).toBe(
      "已记录。但数字对不上：\n· 一般公共预算支出：各项合计 351.29万元，填报 352.29万元，相差 1.00万元",
    );
  });

  it("/back, /skip, /edit and /goto move the cursor; /status counts per section", () => {
    const { s } = converse(START);
    expect(currentQuestion(step(s, "/back").state)?.key).toBe("profile.staff.actual");
    const skipped = step(s, "/skip"); // a list question: skip = no more items
    expect(currentQuestion(skipped.state)?.key).toBe("profile.staff.retirees");
    const edit = step(skipped.state, "/edit 单位名称");
    expect(currentQuestion(edit.state)?.key).toBe("unit.name");
    expect(edit.replies[0]?.text).toBe(
      "请输入单位全称，可连同年度一起写（例如：衡阳县库区移民事务中心 2020）（当前：衡阳县库区移民事务中心）",
    );
    const renamed = step(edit.state, "衡阳县移民中心");
    expect([getAt(renamed.state.draft, "unit.name"), currentQuestion(renamed.state)?.key]).toEqual([
      "衡阳县移民中心",
      "profile.staff.retirees",
    ]);
    // /goto moves to the section's first open question, ahead of earlier open ones
    const jumped = step(s, "/goto 二").state;
    expect(currentQuestion(jumped)?.key).toBe("generalBudget.income");
    expect(currentQuestion(step(jumped, "352.29").state)?.key).toBe("generalBudget.expenditure");
    // /back after closing a list opens it again; /edit with the list's name does too
    const closedList = step(s, "否").state;
    expect(currentQuestion(closedList)?.key).toBe("profile.staff.retirees");
    expect(currentQuestion(step(closedList, "/back").state)?.key).toBe("profile.staff.breakdown.+");
    expect(currentQuestion(step(closedList, "/edit 人员分类").state)?.key).toBe("profile.staff.breakdown.+");
    expect(step(s, "/status").replies[0]?.text.split("\n").slice(0, 4)).toEqual([
      "▓▓▓▓▓▓▓▓▓▓ 基本信息 4/4",
      "▓▓▓▓▓▓▓▓░░ 一、单位基本情况 3/4",
      "░░░░░░░░░░ 二、一般公共预算支出情况 0/10",
      "░░░░░░░░░░ 三、政府性基金预算支出情况 0/1",
    ]);
  });

  it("prefilled from a report file, it asks only what is missing", () => {
    const s = prefill(initialState(), sample() as unknown as Record<string, unknown>);
    // everything is in the file but the causes of four deviations: a target far exceeded, and the year's
    // money short of its plan that the plausibility rules find (a goal's money, 压缩一般性支出, 后扶资金)
    const asked: string[] = [];
    let at = s;
    for (let q = currentQuestion(at); q; q = currentQuestion(at)) {
      asked.push(q.key);
      at = step(at, "/skip").state;
    }
    expect(asked).toEqual([
      "cause:P3",
      "cause:plausible.goals:performance.sections.2.figures.1.value",
      "cause:plausible.controlled:basicData.compressedGeneral.current",
      "cause:plausible.plan-actual:performance.sections.1.figures.0.value",
    ]);
    const partial = sample() as unknown as { generalBudget: Record<string, unknown> };
    delete partial.generalBudget.project;
    const s2 = prefill(initialState(), partial as unknown as Record<string, unknown>);
    expect(currentQuestion(s2)?.key).toBe("generalBudget.project");
    expect(materialize(s.draft)?.basicExpenditure.goodsAndServices.amount).toBe("10.72");
  });

  it("never throws on random input, and either stores an answer or replies with what is expected", () => {
    const states = [initialState(), converse(START).s, converse([...START, "否", "/skip", "是", "352.29"]).s];
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.string({ unit: "grapheme", maxLength: 30 }), (s, input) => {
        const r = step(s, input);
        expect(r.replies.length).toBeGreaterThan(0);
        if (r.changes.length === 0 && r.state === s && !input.trim().startsWith("/")) {
          expect(r.replies.map((x) => x.text).join("")).toMatch(
            /例如|是”或“否|请从以下选项|全部填写|请用 \/edit/,
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("the plan follows the form: 基本信息, 一 … 附件1-2, then causes and 五 六 七", () => {
    const plan = questionsFor({}, new Set());
    expect([...new Set(plan.map((q) => q.section))]).toEqual([
      "unit",
      "profile",
      "budget",
      "funds",
      "performance",
      "basicData",
      "selfEvaluation",
      "narrative",
    ]);
    expect(plan.slice(0, 10).map((q) => q.key)).toEqual([
      "unit.name",
      "unit.year",
      "unit.moneyUnit",
      "form",
      "profile.functions",
      "profile.institutions",
      "profile.staff.actual",
      "profile.staff.breakdown.+",
      "profile.staff.retirees",
      "generalBudget.income",
    ]);
    // conditional: no government funds, no questions about them
    const none = questionsFor({ governmentFunds: null }, new Set()).filter((q) => q.section === "funds");
    expect(none.map((q) => q.key)).toEqual(["governmentFunds"]);
  });
});

describe("seeded from last year's report", () => {
  it("keeps the unit and the structure, moves 决算数 to 上年决算数, and asks this year's figures", async () => {
    const { seedFromLastYear } = await import("../../../bot/conversation/seed.js");
    const s = prefill(initialState(), seedFromLastYear(sample()), { asWritten: false });
    expect(getAt(s.draft, "unit")).toEqual({ name: "衡阳县库区移民事务中心", year: 2021, moneyUnit: "万元" });
    expect(getAt(s.draft, "basicData.basic")).toEqual({ prior: "113.29" });
    expect(getAt(s.draft, "selfEvaluation.indicators.0.subgroups.0.rows.0")).toEqual({
      id: "P1",
      name: "资金直补受益移民（人）",
      rule: ">=",
      target: { kind: "count", value: "23330", unit: "人" },
      actualRef: "F4.1.4",
    });
    // last year's file names no form: which one is asked (skipped: the Hunan set, as last year)
    expect(currentQuestion(s)?.key).toBe("form");
    const next = step(s, "/skip").state;
    expect(currentQuestion(next)?.key).toBe("profile.staff.actual"); // functions and institutions are kept
    const afterStaff = converse(["18人"], next).s;
    expect(currentQuestion(afterStaff)?.key).toBe("profile.staff.breakdown.0.count"); // the categories are kept, their counts asked
    // 附件1-1 rows are asked again (only 上年决算数 is known)
    expect(s.answered.includes("basicData.basic")).toBe(false);
  });
});

describe("reviewing the draft of 五 and 六 in the conversation", () => {
  const draftText = {
    problems: ["1、直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；"],
    improvements: ["1、加强移民信息管理；"],
    source: "llm" as const,
    model: "qwen-plus",
    templateVersion: "narrative-v1",
  };

  it("a draft goes under review; /accept writes it into the report with who wrote it; /replace takes the user's text", () => {
    const s = prefill(initialState(), sample() as unknown as Record<string, unknown>);
    const reviewed = withDraft(s, draftText);
    expect(reviewed.replies[0]?.text.split("\n")[0]).toBe(
      "五、存在的问题及原因分析【待确认，大模型 qwen-plus（模板 narrative-v1）】",
    );
    const accepted = step(reviewed.state, "/accept 五");
    expect(getAt(accepted.state.draft, "problems")).toEqual([
      "直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；",
    ]);
    expect(getAt(accepted.state.draft, "narrative.problems")).toEqual({
      source: "llm",
      model: "qwen-plus",
      templateVersion: "narrative-v1",
    });
    expect(accepted.changes.map((c) => c.field)).toEqual(["problems"]);
    const replaced = step(accepted.state, "/replace 六 人员核实工作时间提前；按规定时间发放直补资金");
    expect(getAt(replaced.state.draft, "improvements")).toEqual([
      "人员核实工作时间提前",
      "按规定时间发放直补资金",
    ]);
    expect(getAt(replaced.state.draft, "narrative.improvements")).toEqual({
      source: "user",
      model: null,
      templateVersion: null,
    });
    // a new draft keeps what was accepted or replaced
    const again = withDraft(replaced.state, {
      ...draftText,
      problems: ["1、另一稿。"],
      source: "offline",
      model: null,
      templateVersion: "offline-2026-11-26",
    });
    expect(again.state.review?.sections.problems.lines).toEqual(draftText.problems);
    expect(step(initialState(), "/accept 五").replies[0]?.text).toBe(
      "还没有草稿。先用 /draft 起草第五、六部分。",
    );
  });

  it("a question in plain words is a what-if, unless a text answer is being asked for", () => {
    const atFigure = converse([...START]).s; // asking a yes/no
    expect(isWhatIfQuestion(atFigure, "如果直补人数达到23330人，总分多少？")).toBe(true);
    expect(isWhatIfQuestion(initialState(), "如果直补人数达到23330人，总分多少？")).toBe(false); // the unit's name is being asked
    expect(isWhatIfQuestion(atFigure, "23330")).toBe(false);
  });
});

describe("a row scored by tier", () => {
  it("a late deadline asks for the tier; the chosen one is what the score uses", () => {
    const s = prefill(initialState(), sample() as unknown as Record<string, unknown>);
    const asked = step(s, "/edit P9 档次");
    expect(asked.replies.at(-1)?.text).toMatch(
      /^“直补资金按时发放时间”按档次计分：达成（100–80%）、部分达成（80–60%）还是未达成（60–0%）/,
    );
    expect(step(asked.state, "大概还行").replies[0]?.text).toBe(
      "请写 达成、部分达成 或 未达成，可加百分比，例如：部分达成 70",
    );
    const chosen = step(asked.state, "部分达成 70%");
    expect(getAt(chosen.state.draft, "selfEvaluation.indicators.0.subgroups.2.rows.0.assessment")).toEqual({
      tier: "部分达成",
      percent: "70",
    });
    // 产出 = 50/13 × (11 + 0.7 + 23038/23330): total 99.14 instead of 99.18
    expect(step(chosen.state, "/score").replies[0]?.text).toContain(
      "P9 [时效指标] 直补资金按时发放时间：2.69 / 3.85",
    );
  });
});

describe("replies that carry a file", () => {
  it("/export hands over the report file, whatever the transport does with it", () => {
    const s = prefill(initialState(), sample() as unknown as Record<string, unknown>);
    const [reply] = step(s, "/export").replies;
    expect([reply?.file?.name, reply?.file?.mime]).toEqual([
      "衡阳县库区移民事务中心-2020.json",
      "application/json",
    ]);
    expect(JSON.parse(reply?.file?.content ?? "")).toEqual(JSON.parse(JSON.stringify(sample())));
  });

  it("a command named like an object's own property (/__proto__, /constructor) is an unknown command", () => {
    for (const name of ["__proto__", "constructor"]) {
      const r = step(initialState(), `/${name}`);
      expect(r.replies[0]?.text.split("\n")[0]).toBe(`不认识的命令 /${name}。`);
    }
  });
});
