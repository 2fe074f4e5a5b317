import { z } from "zod";
import { DecimalString, Points, QuantitySchema } from "../quantity.js";

/**
 * A form profile: one province's (or the nation's) self-evaluation form for one kind of spending, as
 * data. It names the kind (部门整体 / 项目支出), the documents and tables the report has and the fields
 * each table asks, the level-1 groups and their weights (and the 二级 weights and fixed rows of older
 * 共性指标 tables), where 执行率 sits and what it is divided by, the tier bounds, the grade bands and
 * their labels, and how rows that miss their target are scored.
 *
 * Profiles are files of `core/forms/profiles/` (plain data, typed by `ProfileInput`), validated by this
 * schema when they are loaded (`registry.ts`) and in a test. Nothing in a profile is code.
 */

const Name = z.string().min(1);

/**
 * A band of a banded row ("0-10%(含)，计4分"): the value from `from` to `to` scores `points`. An end left
 * out is open; `fromIncluded` (default true) and `toIncluded` (default false) say whether each end
 * belongs to the band, as the form writes it: "0-10%(含)" is from 0 (not included) to 10 (included).
 */
export const BandSchema = z.strictObject({
  from: DecimalString.optional(),
  fromIncluded: z.boolean().optional(),
  to: DecimalString.optional(),
  toIncluded: z.boolean().optional(),
  points: DecimalString.meta({ description: "本档得分（按本行分值计）" }),
});
export type Band = z.infer<typeof BandSchema>;

/**
 * How a row that misses its target is scored:
 * - proportional: 完成值 / 指标值 × 分值 (≥), 指标值 / 完成值 × 分值 (≤), (1 − |偏差| / 指标值) × 分值 (=);
 * - tier: by the three tiers (达成 / 部分达成 / 未达成), chosen by the unit;
 * - perPoint: "每低于1个百分点扣0.5分，扣完为止": every `per` (in the target's unit; percentage points for a
 *   percent) short of a ≥ target, over a ≤ target or off an = target deducts `points`, down to 0.
 *   `steps`: "exact" counts the gap as it is (2.5 points short → 2.5 × 0.5), "whole" only whole steps
 *   ("每低于5%": 8% short is one step), "started" every step begun (8% short is two steps);
 * - banded: the value falls in one band of a table and scores that band's points.
 * Points (of perPoint and banded) are stated against the row's weight as the form gives it; a row whose
 * weight is rescaled (a 不涉及 row dropped) scales them alike.
 */
export const RowMethodSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("proportional") }),
  z.strictObject({ kind: z.literal("tier") }),
  z.strictObject({
    kind: z.literal("perPoint"),
    per: DecimalString.refine((v) => Number(v) > 0, { message: "应大于 0，例如 1（每 1 个百分点）" }),
    points: DecimalString.refine((v) => Number(v) > 0, { message: "应大于 0，例如 0.5（扣 0.5 分）" }),
    steps: z.enum(["exact", "whole", "started"]).optional(),
  }),
  z.strictObject({ kind: z.literal("banded"), bands: z.array(BandSchema).min(1) }),
]);
export type RowMethod = z.infer<typeof RowMethodSchema>;

/** The scoring direction of a row, as in the report (`IndicatorRow.rule`). */
export const RowRuleSchema = z.enum([">=", "<=", "=", "deadline", "qualitative"]);

/** A fixed row of a form that prints its 三级指标 (the 共性指标 tables): its name, weight and rule. */
export const TemplateRowSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/),
  name: Name,
  weight: Points,
  rule: RowRuleSchema,
  target: QuantitySchema.optional(),
  method: RowMethodSchema.optional(),
  /** the 评价标准 as the form writes it, shown beside the row */
  standard: z.string().optional(),
});
export type TemplateRow = z.infer<typeof TemplateRowSchema>;

export const SubgroupTemplateSchema = z.strictObject({
  name: Name,
  weight: Points.optional(),
  rows: z.array(TemplateRowSchema).optional(),
});

export const GroupTemplateSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/),
  name: Name,
  /** the group's weight; absent when the unit sets it within the indicators' `total` */
  weight: Points.optional(),
  /** the prefix of the ids of rows the unit adds ("P" → P1, P2 …) */
  prefix: z.string().regex(/^[A-Z]+$/),
  subgroups: z.array(SubgroupTemplateSchema).min(1),
});
export type GroupTemplate = z.infer<typeof GroupTemplateSchema>;

/** The fields of the self-evaluation table that a profile's form asks, besides its indicator rows. */
export const TABLE_FIELDS = [
  "projectHeader",
  "byIncome",
  "byExpense",
  "fundSources",
  "goals",
  "groupScores",
  "rowScores",
  "rowReasons",
  "coefficients",
  "grade",
  "explanation",
] as const;
export const TableFieldSchema = z.enum(TABLE_FIELDS);
export type TableField = z.infer<typeof TableFieldSchema>;

export const SECTIONS = ["一", "二", "三", "四", "五", "六", "七"] as const;

export const FormProfileSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "应为小写字母、数字和连字符，例如 hunan-2020-dept" }),
    name: Name.meta({ description: "表的名称，在 /new 的按钮和 PDF 中显示" }),
    kind: z.enum(["部门整体", "项目支出"]),
    region: Name.meta({ description: "适用地区，例如 湖南省、全国" }),
    basis: z.array(Name).min(1).meta({ description: "依据的文件" }),
    /** the prose report's sections (一 … 七); empty when the deliverable is the table alone */
    sections: z.array(z.enum(SECTIONS)),
    /** 附件1-1 基础数据表, when the set has one */
    basicData: z.strictObject({ label: Name, title: Name }).optional(),
    table: z.strictObject({
      label: Name.meta({ description: "附件编号，例如 附件1-2；单独成表时为空字符串" }).or(z.literal("")),
      title: Name,
      fields: z.array(TableFieldSchema),
    }),
    execution: z.strictObject({
      name: Name.meta({ description: "预算执行率 / 预算完成率" }),
      weight: Points,
      /** "own": its own line with its weight; "group": a row of `group` › `subgroup` */
      placement: z.enum(["own", "group"]),
      group: Name.optional(),
      subgroup: Name.optional(),
      divisor: z.enum(["fullBudget", "adjustedBudget"]),
      method: RowMethodSchema.optional(),
    }),
    indicators: z.strictObject({
      /** the level-1 groups' pool (绩效指标 90) when the unit sets each group's weight within it */
      total: Points.optional(),
      groups: z.array(GroupTemplateSchema).min(1),
      /** 不涉及 rows: the rest of their group rescaled to the group's weight, or every row to the total */
      notApplicable: z.enum(["group", "total"]),
      /** an = target missed: proportional to the gap, or by tier */
      equals: z.enum(["proportional", "tier"]),
      /** the 得分系数 column: row score = 系数 × 分值, 系数 rounded half-up to `decimals` */
      coefficient: z.strictObject({ decimals: z.number().int().min(0).max(4) }).optional(),
    }),
    tiers: z.strictObject({ 达成: Points, 部分达成: Points, 未达成: Points }),
    grades: z.array(z.strictObject({ min: Points, label: Name })).min(1),
    farExceededRatio: DecimalString,
    moneyUnit: z.enum(["元", "万元"]).meta({ description: "新建报告时默认的金额单位" }),
  })
  .superRefine((p, ctx) => {
    const add = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const t = p.tiers;
    if (!(Number(t.未达成) < Number(t.部分达成) && Number(t.部分达成) < Number(t.达成)))
      add(["tiers"], "各档下限应从高到低：达成 > 部分达成 > 未达成，例如 80 / 60 / 0");
    p.grades.forEach((g, i) => {
      const above = p.grades[i - 1];
      if (above && Number(g.min) >= Number(above.min)) add(["grades", i], "等级应按最低分从高到低排列");
    });
    const e = p.execution;
    if (e.placement === "group") {
      const g = p.indicators.groups.find((x) => x.name === e.group);
      if (!g) add(["execution", "group"], "执行率所在的一级指标应为 indicators.groups 中的一项");
      else if (!g.subgroups.some((s) => s.name === e.subgroup))
        add(["execution", "subgroup"], "执行率所在的二级指标应为该一级指标下的一项");
    }
    const groups = p.indicators.groups;
    const fixed = groups.every((g) => g.weight !== undefined);
    if (!fixed && p.indicators.total === undefined)
      add(["indicators", "total"], "一级指标未给分值时，应给出绩效指标的总分值，例如 90");
    const sum = (xs: (string | undefined)[]) => xs.reduce((s, x) => s + Number(x ?? 0), 0);
    const own = e.placement === "own" ? Number(e.weight) : 0;
    const level1 = fixed ? sum(groups.map((g) => g.weight)) : Number(p.indicators.total);
    if (Math.abs(own + level1 - 100) > 1e-9)
      add(["indicators"], `执行率与一级指标分值合计为 ${own + level1}，应为 100`);
    groups.forEach((g, gi) => {
      if (g.weight === undefined) return;
      const inGroup = e.placement === "group" && e.group === g.name ? Number(e.weight) : 0;
      if (g.subgroups.every((s) => s.weight !== undefined)) {
        const s2 = sum(g.subgroups.map((s) => s.weight));
        if (Math.abs(s2 - Number(g.weight)) > 1e-9)
          add(["indicators", "groups", gi], `二级指标分值合计 ${s2}，一级指标 ${g.weight}`);
      }
      g.subgroups.forEach((s, si) => {
        if (!s.rows || s.weight === undefined) return;
        const inSub = inGroup && e.subgroup === s.name ? Number(e.weight) : 0;
        const s3 = sum(s.rows.map((r) => r.weight)) + inSub;
        if (Math.abs(s3 - Number(s.weight)) > 1e-9)
          add(["indicators", "groups", gi, "subgroups", si], `三级指标分值合计 ${s3}，二级指标 ${s.weight}`);
      });
    });
  });

/** A profile as its data file writes it. */
export type ProfileInput = z.input<typeof FormProfileSchema>;
/** A profile as validated. */
export type FormProfile = z.infer<typeof FormProfileSchema>;
