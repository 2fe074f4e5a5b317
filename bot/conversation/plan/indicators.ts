import { DEFAULT_SCORING } from "../../../core/config.js";
import type { MoneyUnit } from "../../../core/money.js";
import type { Expected } from "../../../core/parse.js";
import { Ratio } from "../../../core/ratio.js";
import type { IndicatorRow } from "../../../core/report.js";
import { scoreRow } from "../../../core/scoring.js";
import { getAt } from "../draft.js";
import { ask, type Builder, list, points, short, text } from "./questions.js";

export const LEVEL1 = [
  { id: "output", name: "产出指标", prefix: "P", weight: "50" },
  { id: "benefit", name: "效益指标", prefix: "B", weight: "30" },
  { id: "satisfaction", name: "满意度指标", prefix: "S", weight: "10" },
] as const;

/** Whether a row is scored by tier: qualitative, a late deadline, a missed target of 0. */
function needsTier(row: unknown): boolean {
  const r = row as Partial<IndicatorRow> | undefined;
  if (!r?.rule || !r.target || !r.actual) return false;
  try {
    const status = scoreRow(
      { applicable: true, id: "", name: "", ...r } as IndicatorRow,
      Ratio.ONE,
      DEFAULT_SCORING,
    ).status;
    return status === "tier" || status === "late";
  } catch {
    return false; // a row still being typed
  }
}

/** What a row's values must look like, and the money rate its name gives ("（元/页）": 元 per 页). */
export interface RowValues {
  expected: Expected;
  per?: { unit: MoneyUnit; per: string };
}

/** What a row's 指标值 and 完成值 are, from the unit in its name: "（人）" counts people, "（%）" is a percent. */
export function rowExpected(name: string, moneyUnit: MoneyUnit): Expected {
  return rowValues(name, moneyUnit).expected;
}

export function rowValues(name: string, moneyUnit: MoneyUnit): RowValues {
  const unit = /[（(]([^（）()]+)[）)]\s*$/.exec(name.normalize("NFKC"))?.[1]?.trim();
  if (unit === "%") return { expected: { kind: "percent" } };
  if (unit === "元" || unit === "万元") return { expected: { kind: "money", unit } };
  const rate = unit ? /^(元|万元)\/([\p{Script=Han}A-Za-z]{1,3})$/u.exec(unit) : null;
  if (rate) {
    const per = { unit: rate[1] as MoneyUnit, per: rate[2] as string };
    return {
      expected: { kind: "quantity", moneyUnit, examples: [`0.37${per.unit}/${per.per}`, "0.37"] },
      per,
    };
  }
  if (unit && /^[\p{Script=Han}A-Za-z]{1,3}$/u.test(unit))
    return { expected: { kind: "count", units: [unit], integer: false, examples: ["617", `617${unit}`] } };
  return { expected: { kind: "quantity", moneyUnit } };
}

/**
 * 附件1-2 绩效指标: the tree (pasted as a table, or row by row), the links of its rows to the prose,
 * then each level-1 group's weight and declared score, the declared total and grade.
 */
export function indicatorQuestions(b: Builder): void {
  const draft = b.draft;
  let counter = [0, 0, 0];
  LEVEL1.forEach((g, gi) => {
    const path = `selfEvaluation.indicators.${gi}`;
    counter = [0, 0, 0];
    list(
      b,
      `${path}.subgroups`,
      `${g.name}的二级指标`,
      gi === 0
        ? "绩效指标：整张指标表可从 Excel 复制粘贴过来（一级指标、二级指标、三级指标、指标值、完成值，每行一个三级指标）。\n也可以逐个填：产出指标的第一个二级指标叫什么（如数量指标）？"
        : `${g.name}还有二级指标要填吗（如${gi === 1 ? "经济效益指标" : "满意度指标"}）？直接写名称，没有就回答“没有”`,
      (si) => {
        ask(b, `${path}.subgroups.${si}.name`, `${g.name}二级指标${si + 1}`, "二级指标名称？", short);
        const rows = getAt(draft, `${path}.subgroups.${si}.rows`);
        const start = counter[gi] as number;
        const sub = getAt(draft, `${path}.subgroups.${si}.name`);
        list(
          b,
          `${path}.subgroups.${si}.rows`,
          `${typeof sub === "string" ? sub : "二级指标"}的三级指标`,
          `${typeof sub === "string" ? `“${sub}”` : "这个二级指标"}下的三级指标名称（照表填写，例如：资金直补受益移民（人））？`,
          (ri) => rowQuestions(b, `${path}.subgroups.${si}.rows.${ri}`, `${g.prefix}${start + ri + 1}`),
          { newItem: (ri) => ({ id: `${g.prefix}${start + ri + 1}` }), bulk: { kind: "indicators" } },
        );
        counter[gi] = start + (Array.isArray(rows) ? rows.length : 0);
      },
      { bulk: { kind: "indicators" } },
    );
  });
  ask(
    b,
    "selfEvaluation.indicators.links",
    "指标与正文数字的关联",
    "指标的指标值、完成值与正文数字的关系",
    { kind: "links", scope: { on: "rows" } },
    true,
  );
  LEVEL1.forEach((g, gi) => {
    const path = `selfEvaluation.indicators.${gi}`;
    ask(
      b,
      `${path}.weight`,
      `${g.name}分值`,
      gi === 0
        ? `各一级指标的分值和表中的自评得分，可一起写（产出分值、得分、效益分值、得分、满意度分值、得分、总分、等级，空着的写 -），例如：50 45 30 30 10 - 95 优秀。\n先写${g.name}的分值？（默认 ${g.weight}）`
        : `${g.name}的分值？（默认 ${g.weight}）`,
      points,
      false,
      { fallback: g.weight },
    );
    ask(
      b,
      `${path}.declaredScore`,
      `${g.name}自评得分`,
      `${g.name}的自评得分？（表中留空就回答“没有”）`,
      points,
      true,
    );
  });
  ask(b, "selfEvaluation.declaredTotal", "自评总分", "表中所填的总分？（没有就回答“没有”）", points, true);
  ask(
    b,
    "selfEvaluation.declaredGrade",
    "综合评定等级",
    "表中所填的综合评定等级？（没有就回答“没有”）",
    { kind: "choice", options: ["优秀", "良好", "较差", "差"] },
    true,
  );
}

/** One 三级指标 row: name, 指标值 (its direction read from it or the name), direction when unclear, 完成值, tier. */
function rowQuestions(b: Builder, rp: string, id: string): void {
  const draft = b.draft;
  const u = b.moneyUnit;
  const name = (getAt(draft, `${rp}.name`) as string | undefined) ?? "";
  const expected = rowValues(name, u).expected;
  const shown = name ? `${id} ${name}` : id;
  ask(b, `${rp}.name`, `${id} 名称`, "三级指标名称（照表填写，例如：资金直补受益移民（人））？", short);
  ask(
    b,
    `${rp}.target`,
    `${shown} 指标值`,
    `“${name}”的指标值？（照表写，可带方向，例如 23330人、≥98%、98%以上、≤0.40元/页、2020年3月底前）`,
    expected,
  );
  const target = getAt(draft, `${rp}.target`) as { kind?: string } | undefined;
  if (target && target.kind !== "date" && target.kind !== "text") {
    ask(
      b,
      `${rp}.rule`,
      `${shown} 计分方向`,
      `“${name}”是完成值越高越好，还是越低越好？`,
      { kind: "choice", options: ["越高越好", "越低越好"], values: [">=", "<="] },
      false,
      { skipIf: (d) => getAt(d, `${rp}.rule`) !== undefined },
    );
  }
  ask(
    b,
    `${rp}.actual`,
    `${shown} 完成值`,
    `“${name}”的完成值？`,
    target?.kind === "date" ? { kind: "date" } : target?.kind === "text" ? text : expected,
  );
  if (needsTier(getAt(draft, rp))) {
    ask(
      b,
      `${rp}.assessment`,
      `${shown} 档次`,
      `“${name}”按档次计分：达成（100–80%）、部分达成（80–60%）还是未达成（60–0%）？可加百分比，例如：部分达成 70（不选就回答“跳过”，暂按部分达成计）`,
      { kind: "tier" },
      true,
    );
  }
}
