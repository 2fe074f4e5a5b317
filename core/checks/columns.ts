import { dec } from "../money.js";
import type { ValuePlace } from "../places.js";
import type { Quantity } from "../quantity.js";
import type { Columns, Report } from "../report.js";
import {
  type CheckContext,
  type ColumnsField,
  type Evaluator,
  ofWhichFindings,
  placeOf,
  type RawFinding,
  sumFinding,
} from "./finding.js";

/** 附件1-1 经费控制情况: each total row against its rows, in each of the three columns. */
function columnsPlace(report: Report, field: ColumnsField, column: keyof Columns, label: string): ValuePlace {
  const bd = report.basicData;
  const cols =
    field === "business" || field === "operation" || field === "county" ? bd[field].columns : bd[field];
  const v = cols[column];
  return {
    path:
      field === "business" || field === "operation" || field === "county"
        ? `basicData.${field}.columns.${column}`
        : `basicData.${field}.${column}`,
    label,
    quantity: v === undefined ? null : { kind: "money", value: v, unit: report.unit.moneyUnit },
  };
}

const COLUMN_LABELS: Record<keyof Columns, string> = {
  current: "本年决算数",
  budget: "本年预算数",
  prior: "上年决算数",
};
const ROW_LABELS: Record<ColumnsField, string> = {
  basic: "部门基本支出",
  compressedGeneral: "压缩一般性支出",
  threePublic: "三公经费",
  vehicle: "公务用车购置和维护经费",
  vehiclePurchase: "公车购置",
  vehicleOperation: "公车运行维护",
  reception: "公务接待",
  abroad: "出国经费",
  projects: "部门项目支出",
  business: "业务工作专项",
  operation: "运行维护专项",
  county: "县级专项资金",
};
const COLUMNS: (keyof Columns)[] = ["current", "budget", "prior"];
const colPlace = (r: Report, f: ColumnsField, c: keyof Columns) =>
  columnsPlace(r, f, c, `附件1-1 ${ROW_LABELS[f]}（${COLUMN_LABELS[c]}）`);

/**
 * A row of 附件1-1 as a part of a larger total: a project category left blank but with its projects
 * filled counts as the sum of its projects (the blank itself is reported by columns.category-items).
 */
function effectiveColPlace(r: Report, f: ColumnsField, c: keyof Columns): ValuePlace {
  const place = colPlace(r, f, c);
  if (place.quantity !== null || (f !== "business" && f !== "operation" && f !== "county")) return place;
  const items = r.basicData[f].items.map((i) => i.columns[c]).filter((v): v is string => v !== undefined);
  if (items.length === 0) return place;
  const sum = items.reduce((acc, v) => acc.plus(dec(v)), dec(0));
  return {
    ...place,
    label: `${place.label.replace(/（/, "（未填，按明细合计；")}`,
    quantity: { kind: "money", value: sum.toFixed(), unit: r.unit.moneyUnit },
  };
}

export const COLUMN_RULES: { [K in "columns" | "columnsOfWhich" | "columnsCategories"]: Evaluator<K> } = {
  columns: (ctx, rule) =>
    COLUMNS.flatMap((c) =>
      sumFinding(
        ctx,
        rule,
        `${rule.title}（${COLUMN_LABELS[c]}）`,
        colPlace(ctx.report, rule.total, c),
        rule.parts.map((p) => effectiveColPlace(ctx.report, p, c)),
      ),
    ),

  columnsOfWhich: (ctx, rule) =>
    COLUMNS.flatMap((c) =>
      ofWhichFindings(
        ctx,
        rule,
        rule.title,
        colPlace(ctx.report, rule.total, c),
        rule.parts.map((p) => colPlace(ctx.report, p, c)),
      ),
    ),

  columnsCategories: (ctx, rule) =>
    (["business", "operation", "county"] as const).flatMap((field) => {
      const cat = ctx.report.basicData[field];
      if (cat.items.length === 0) return noItems(ctx, rule, field);
      return COLUMNS.flatMap((c) => {
        const total = colPlace(ctx.report, field, c);
        const items = cat.items.map((item, i) => ({
          path: `basicData.${field}.items.${i}.columns.${c}`,
          label: `附件1-1 ${ROW_LABELS[field]} › ${item.name}（${COLUMN_LABELS[c]}）`,
          quantity:
            item.columns[c] === undefined
              ? null
              : ({ kind: "money", value: item.columns[c], unit: ctx.unit } as Quantity),
        }));
        return cat.itemsArePartial
          ? ofWhichFindings(ctx, rule, `${ROW_LABELS[field]}：“其中”项不应大于合计`, total, items)
          : sumFinding(ctx, rule, `${ROW_LABELS[field]}（${COLUMN_LABELS[c]}）`, total, items);
      });
    }),
};

/**
 * A category whose total is filled in but lists no project under it: incomplete, not a mismatch (its
 * items add up to nothing only because none is written yet). One warning for the category, naming
 * what is still to fill.
 */
function noItems(
  ctx: CheckContext,
  rule: { id: string },
  field: "business" | "operation" | "county",
): RawFinding[] {
  const filled = COLUMNS.map((c) => colPlace(ctx.report, field, c)).filter((p) => p.quantity !== null);
  if (filled.length === 0) return [];
  return [
    {
      rule: rule.id,
      severity: "warning",
      subject: ROW_LABELS[field],
      message: `${ROW_LABELS[field]}：合计已填，其下尚未列出具体项目（例如“某某项目 本年决算数 53万元”），请补列`,
      places: filled.map(placeOf),
      difference: null,
    },
  ];
}
