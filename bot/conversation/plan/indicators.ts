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

/** What a row's 指标值 and 完成值 are, from the unit in its name: "（人）" counts people, "（%）" is a percent. */
export function rowExpected(name: string, moneyUnit: MoneyUnit): Expected {
  const unit = /[（(]([^（）()]+)[）)]\s*$/.exec(name.normalize("NFKC"))?.[1];
  if (unit === "%") return { kind: "percent" };
  if (unit === "元" || unit === "万元") return { kind: "money", unit };
  if (unit && /^[\p{Script=Han}A-Za-z]{1,3}$/u.test(unit))
    return { kind: "count", units: [unit], integer: false };
  return { kind: "quantity", moneyUnit };
}

/** 附件1-2 绩效指标: for each level-1 group its weight and declared score, its 二级指标 and their rows. */
export function indicatorQuestions(b: Builder): void {
  const draft = b.draft;
  LEVEL1.forEach((g, gi) => {
    const path = `selfEvaluation.indicators.${gi}`;
    ask(b, `${path}.weight`, `${g.name}分值`, `${g.name}的分值？（默认 ${g.weight}）`, points);
    ask(
      b,
      `${path}.declaredScore`,
      `${g.name}自评得分`,
      `${g.name}的自评得分？（表中留空就 /skip）`,
      points,
      true,
    );
    let counter = 0;
    list(
      b,
      `${path}.subgroups`,
      `${g.name}的二级指标`,
      `${g.name}还有二级指标要填吗（如数量指标、质量指标）？（是/否）`,
      (si) => {
        ask(b, `${path}.subgroups.${si}.name`, `${g.name}二级指标${si + 1}`, "二级指标名称？", short);
        const rows = getAt(draft, `${path}.subgroups.${si}.rows`);
        const start = counter;
        list(
          b,
          `${path}.subgroups.${si}.rows`,
          "三级指标",
          "这个二级指标下还有三级指标吗？（是/否）",
          (ri) => rowQuestions(b, `${path}.subgroups.${si}.rows.${ri}`, `${g.prefix}${start + ri + 1}`),
          (ri) => ({ id: `${g.prefix}${start + ri + 1}` }),
        );
        counter += Array.isArray(rows) ? rows.length : 0;
      },
    );
  });
}

/** One 三级指标 row: name, 指标值, direction (numbers), 完成值, tier (when scored by tier), links. */
function rowQuestions(b: Builder, rp: string, id: string): void {
  const draft = b.draft;
  const u = b.moneyUnit;
  const name = (getAt(draft, `${rp}.name`) as string | undefined) ?? "";
  const expected = rowExpected(name, u);
  ask(b, `${rp}.name`, `${id}`, "三级指标名称（照表填写，例如：资金直补受益移民（人））？", short);
  ask(b, `${rp}.target`, `${id} 指标值`, "指标值？（例如 23330人、90%、2020年3月底前）", expected);
  const target = getAt(draft, `${rp}.target`) as { kind?: string } | undefined;
  if (target && target.kind !== "date" && target.kind !== "text") {
    ask(b, `${rp}.rule`, `${id} 计分方向`, "完成值越高越好，还是越低越好？", {
      kind: "choice",
      options: ["越高越好", "越低越好"],
      values: [">=", "<="],
    });
  }
  ask(
    b,
    `${rp}.actual`,
    `${id} 完成值`,
    "完成值？",
    target?.kind === "date" ? { kind: "date" } : target?.kind === "text" ? text : expected,
  );
  if (needsTier(getAt(draft, rp))) {
    ask(
      b,
      `${rp}.assessment`,
      `${id} 档次`,
      "这一行按档次计分：达成（100–80%）、部分达成（80–60%）还是未达成（60–0%）？可加百分比，例如：部分达成 70（不选就 /skip，暂按部分达成计）",
      { kind: "tier" },
      true,
    );
  }
  ask(
    b,
    `${rp}.link`,
    `${id} 关联`,
    "（可选）完成值或指标值与正文哪个数相同？写 完成值=编号 或 指标值=编号；没有就 /skip",
    { kind: "link", on: "row" },
    true,
  );
}
