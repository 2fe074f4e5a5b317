import { formatQuantity, magnitude } from "../quantity.js";
import { Ratio } from "../ratio.js";
import type { ScoreResult } from "../scoring.js";
import { type CheckContext, type Evaluator, placeOf, show } from "./finding.js";

/** The indicator rows as scored: values that cannot be compared, targets far exceeded, tiers not chosen. */
export const ROW_RULES: { [K in "rowValues" | "farExceeded" | "tierMissing"]: Evaluator<K> } = {
  rowValues: (ctx, rule) =>
    rowsWhere(ctx, (r) => r.status === "invalid" || r.status === "missing").map(({ row, path }) => ({
      rule: rule.id,
      severity: row.status === "missing" ? "warning" : rule.severity,
      subject: row.name,
      message: `${row.name}：${row.explanation}`,
      places: [
        placeOf({ path: `${path}.target`, label: `${row.name} 指标值`, quantity: rowOf(ctx, row.id).target }),
        placeOf({ path: `${path}.actual`, label: `${row.name} 完成值`, quantity: rowOf(ctx, row.id).actual }),
      ],
      difference: null,
    })),

  farExceeded: (ctx, rule) =>
    rowsWhere(ctx, (r) => r.farExceeded).map(({ row, path }) => {
      const src = rowOf(ctx, row.id);
      const t = magnitude(src.target);
      const a = src.actual ? magnitude(src.actual) : null;
      return {
        rule: rule.id,
        severity: rule.severity,
        subject: row.name,
        message: `${row.name}：完成值 ${src.actual ? formatQuantity(src.actual) : ""} 为指标值 ${formatQuantity(src.target)} 的 ${row.achieved?.mul(Ratio.of(100)).toFixed(2)}%，目标可能设定偏低`,
        places: [
          placeOf({ path: `${path}.target`, label: `${row.name} 指标值`, quantity: src.target }),
          placeOf({ path: `${path}.actual`, label: `${row.name} 完成值`, quantity: src.actual }),
        ],
        difference: t && a ? show(a.value.sub(t.value), t.dim, ctx.unit, 0) : null,
      };
    }),

  tierMissing: (ctx, rule) =>
    rowsWhere(ctx, (r) => r.tierAssumed).map(({ row, path }) => ({
      rule: rule.id,
      severity: rule.severity,
      subject: row.name,
      message: `${row.name}：${row.explanation}；请选择档次（达成 / 部分达成 / 未达成）`,
      places: [
        placeOf({ path: `${path}.actual`, label: `${row.name} 完成值`, quantity: rowOf(ctx, row.id).actual }),
      ],
      difference: null,
    })),
};

// the context's index of rows (built once per review), not a new walk of the tree per rule and per row
function rowsWhere(ctx: CheckContext, pred: (r: ScoreResult["groups"][number]["rows"][number]) => boolean) {
  return ctx.score.groups.flatMap((g) =>
    g.rows.filter(pred).map((row) => ({ row, path: ctx.rows.get(row.id)?.path as string })),
  );
}

function rowOf(ctx: CheckContext, id: string) {
  const found = ctx.rows.get(id);
  if (!found) throw new Error(`row ${id} not in report`);
  return found.row;
}
