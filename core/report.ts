import { z } from "zod";
import { RowMethodSchema } from "./forms/schema.js";
import { DecimalString, MoneyUnitSchema, Points, QuantitySchema } from "./quantity.js";

/**
 * The report file: everything in the three deliverables of one unit for one year —
 * the 自评报告 (sections 一–七), 附件1-1 基础数据表 and 附件1-2 自评表 — as staff typed it.
 *
 * Money fields without their own unit are in `unit.moneyUnit`. Values are kept exactly as given,
 * including where two places disagree: finding disagreements is the checks' job, not the file's.
 * A figure of the form may be absent: left blank, or not answered yet (a report being filled in is a
 * report too); the `form.blank` rule lists the blanks, and sums read a blank as nothing.
 */

const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { message: "应为字母开头的编号，例如 P1 或 ds-persons" });
const Text = z.string();
/** A name that also becomes a file name and a line of the PDF: one line, no control characters. */
const Name = z
  .string()
  .min(1)
  .max(100, { message: "名称至多 100 字" })
  .regex(/^[^\p{Cc}\u2028\u2029]*$/u, { message: "名称不能换行，也不能含控制字符" });
const Money = DecimalString.meta({ description: "金额，单位为报告的 moneyUnit（万元或元）" });
const Count = DecimalString.meta({ description: "人数、个数等计数" });
const Percent = DecimalString.meta({ description: '百分数的数值部分，98% 写作 "98"' });

/**
 * A money figure that may be broken into items (工资福利支出 = 基本工资 + 津贴补贴 + …).
 * `items` are a complete breakdown unless `itemsArePartial` ("其中" lists only some of them).
 * `id` lets other places say they quote the same figure (`sameAs`).
 */
export interface AmountNode {
  id?: string | undefined;
  name: string;
  amount?: string | undefined;
  asOf?: string | undefined;
  note?: string | undefined;
  sameAs?: string | undefined;
  itemsArePartial?: boolean | undefined;
  items?: AmountNode[] | undefined;
}
export const AmountNodeSchema: z.ZodType<AmountNode> = z.lazy(() =>
  z.object({
    id: Id.optional(),
    name: Text.min(1),
    amount: Money.optional().meta({ description: "金额；缺省表示表中留空" }),
    asOf: Text.optional().meta({ description: '时点，例如 "2021年3月末"' }),
    note: Text.optional(),
    sameAs: Id.optional().meta({ description: "与另一处引用的是同一个数（填其 id）" }),
    itemsArePartial: z.boolean().optional().meta({ description: "明细只列“其中”的一部分时为 true" }),
    items: z.array(AmountNodeSchema).optional(),
  }),
);

/**
 * What a figure of the prose stands for, when its label does not say it: the plan, the money that
 * arrived, the work or spending done, the money paid, the money still unpaid or left over, or another
 * kind of figure (a count of people, a standard). The plausibility rules pair plan and done by it.
 */
export const FIGURE_ROLES = ["计划数", "到位数", "实际完成数", "已支付", "未支付或结余", "其他"] as const;
export const FigureRoleSchema = z.enum(FIGURE_ROLES);
export type FigureRole = z.infer<typeof FigureRoleSchema>;

/**
 * A figure quoted in the prose of sections 三 and 四 (projects by type, payments by date, trainees…).
 * A figure may be a sum of `items`, a share (`ratioOf` numerator/denominator, stated as a percent),
 * a product (`productOf`: 人数 × 标准 = 金额) or a difference, and may quote another place (`sameAs`).
 * `role` says what it stands for when its label does not (read from the label otherwise).
 */
export interface Figure {
  id: string;
  label: string;
  value: z.infer<typeof QuantitySchema>;
  role?: FigureRole | undefined;
  asOf?: string | undefined;
  sameAs?: string | undefined;
  ratioOf?: [string, string] | undefined;
  productOf?: [string, string] | undefined;
  differenceOf?: [string, string] | undefined;
  itemsArePartial?: boolean | undefined;
  items?: Figure[] | undefined;
}
const Ref = z.string().min(1).meta({ description: '另一处数字的 id；指标行写作 "P1.target" 或 "P1.actual"' });
export const FigureSchema: z.ZodType<Figure> = z.lazy(() =>
  z.object({
    id: Id,
    label: Text.min(1),
    value: QuantitySchema,
    role: FigureRoleSchema.optional().meta({
      description: "数字的性质：计划数、到位数、实际完成数、已支付、未支付或结余、其他；缺省时按名称判断",
    }),
    asOf: Text.optional(),
    sameAs: Ref.optional(),
    ratioOf: z.tuple([Ref, Ref]).optional(),
    productOf: z.tuple([Ref, Ref]).optional(),
    differenceOf: z.tuple([Ref, Ref]).optional(),
    itemsArePartial: z.boolean().optional(),
    items: z.array(FigureSchema).optional(),
  }),
);

/** A part of the prose (section 四's ㈠…㈤): its title, its text and the figures it quotes. */
export const ProseSectionSchema = z.object({
  title: Text,
  text: Text,
  figures: z.array(FigureSchema).default([]),
});

/** The three columns of 附件1-1 经费控制情况; absent = left blank. */
export const ColumnsSchema = z.object({
  current: Money.optional().meta({ description: "本年决算数" }),
  budget: Money.optional().meta({ description: "本年预算数" }),
  prior: Money.optional().meta({ description: "上年决算数" }),
});
export type Columns = z.infer<typeof ColumnsSchema>;

const ProjectCategorySchema = z.object({
  columns: ColumnsSchema,
  itemsArePartial: z.boolean().optional(),
  items: z.array(z.object({ name: Text.min(1), columns: ColumnsSchema })).default([]),
});

/** Who wrote an accepted section 五 or 六. */
export const NarrativeSourceSchema = z.object({
  source: z.enum(["llm", "offline", "user"]),
  model: Text.nullable(),
  templateVersion: Text.nullable(),
});
export type NarrativeSource = z.infer<typeof NarrativeSourceSchema>;

export const TierSchema = z.enum(["达成", "部分达成", "未达成"]);
export type Tier = z.infer<typeof TierSchema>;

/**
 * How a row is scored (财预〔2020〕10号): ">=" higher is better, "<=" lower is better (a target of 0 is
 * the zero-target case), "=" the target exactly ("＝"), "deadline" a date to meet, "qualitative" a
 * judgement in three tiers. How a miss is scored is the row's `method`, else its profile's.
 */
export const ScoringRuleSchema = z.enum([">=", "<=", "=", "deadline", "qualitative"]);
export type ScoringRule = z.infer<typeof ScoringRuleSchema>;

export const IndicatorRowSchema = z.object({
  id: Id,
  name: Text.min(1).meta({ description: "三级指标，照表填写" }),
  rule: ScoringRuleSchema,
  target: QuantitySchema.meta({ description: "指标值" }),
  actual: QuantitySchema.nullable().meta({ description: "完成值；null 表示尚未填写" }),
  weight: Points.optional().meta({ description: "本行分值；缺省时平分所在二级或一级指标的分值" }),
  method: RowMethodSchema.optional().meta({
    description: "未完成时的计分办法：按比例、按档次、每差一定幅度扣分、分档计分；缺省按表样的规定",
  }),
  declaredScore: Points.optional().meta({ description: "单位自评的本行得分" }),
  declaredCoefficient: DecimalString.refine((v) => !v.startsWith("-") && Number(v) <= 1, {
    message: "应为 0 到 1 之间的数，例如 0.95",
  })
    .optional()
    .meta({ description: "单位自评的得分系数（0–1），得分 = 系数 × 分值" }),
  reason: Text.optional().meta({ description: "偏差原因分析及改进措施（本行）" }),
  applicable: z
    .boolean()
    .default(true)
    .meta({ description: "false 表示不涉及，本行不计分，其余行按比例放大" }),
  assessment: z
    .object({ tier: TierSchema, percent: Percent.optional() })
    .optional()
    .meta({ description: "定性、逾期或目标为 0 未达成时选择的档次和得分比例" }),
  targetRef: Ref.optional().meta({ description: "正文中引用同一指标值的数字 id" }),
  actualRef: Ref.optional().meta({ description: "正文中引用同一完成值的数字 id" }),
});
export type IndicatorRow = z.infer<typeof IndicatorRowSchema>;

export const IndicatorGroupSchema = z.object({
  id: Id,
  name: Text.min(1).meta({ description: "一级指标，例如 产出指标" }),
  weight: Points.meta({ description: "一级指标分值" }),
  declaredScore: Points.optional().meta({ description: "单位自评得分；缺省表示表中留空" }),
  subgroups: z.array(
    z.object({
      name: Text.min(1).meta({ description: "二级指标" }),
      weight: Points.optional().meta({ description: "二级指标分值（表中给出时）" }),
      rows: z.array(IndicatorRowSchema),
    }),
  ),
});
export type IndicatorGroup = z.infer<typeof IndicatorGroupSchema>;

export const GoalSchema = z.object({
  id: Id.optional(),
  text: Text.min(1),
  plannedAmount: Money.optional(),
  amountRef: Ref.optional().meta({ description: "正文中引用同一计划金额的数字 id" }),
});

const ScoringOverridesSchema = z
  .object({
    executionWeight: Points.optional().meta({ description: "预算执行率的分值（0–100），默认 10" }),
    farExceededRatio: DecimalString.refine((v) => Number(v) >= 1, {
      message: "应不小于 1，例如 1.2（完成值为指标值的 1.2 倍时提示）",
    })
      .optional()
      .meta({ description: "完成值超过指标值的倍数达到此值时提示目标偏低，默认 1.2" }),
    tiers: z
      .object({ 达成: Points, 部分达成: Points, 未达成: Points })
      .refine((t) => Number(t.未达成) < Number(t.部分达成) && Number(t.部分达成) < Number(t.达成), {
        message: "各档下限应从高到低：达成 > 部分达成 > 未达成，例如 80 / 60 / 0",
      })
      .optional()
      .meta({ description: "各档下限（百分比，0–100，从高到低），默认 80 / 60 / 0" }),
    grades: z
      .array(z.object({ min: Points, label: Text.min(1) }))
      .min(1)
      .refine(
        (g) => g.every((x, i) => i === 0 || Number(x.min) < Number((g[i - 1] as { min: string }).min)),
        {
          message: "等级应按最低分从高到低排列，例如 优秀 90、良好 80、较差 60、差 0",
        },
      )
      .optional()
      .meta({ description: "等级及其最低分（0–100），从高到低，默认 优秀 90 / 良好 80 / 较差 60 / 差 0" }),
  })
  .optional();

/** The three columns of a 项目支出 table's 项目资金 rows; absent = left blank. */
export const FundColumnsSchema = z.object({
  initialBudget: Money.optional().meta({ description: "年初预算数" }),
  fullBudget: Money.optional().meta({ description: "全年预算数" }),
  executed: Money.optional().meta({ description: "全年执行数" }),
});
export type FundColumns = z.infer<typeof FundColumnsSchema>;

/** The head of a 项目支出绩效自评表: the project, who manages and runs it, its money by source. */
export const ProjectHeaderSchema = z.object({
  name: Name.meta({ description: "项目名称" }),
  department: Text.optional().meta({ description: "主管部门" }),
  implementer: Text.optional().meta({ description: "实施单位" }),
  sources: z
    .object({
      current: FundColumnsSchema.prefault({}).meta({ description: "其中：当年财政拨款" }),
      carryover: FundColumnsSchema.prefault({}).meta({ description: "上年结转资金" }),
      other: FundColumnsSchema.prefault({}).meta({ description: "其他资金" }),
    })
    .prefault({})
    .meta({ description: "项目资金按来源；年度资金总额在 selfEvaluation.funds" }),
});

const NO_COLUMNS = {};
const NO_CATEGORY = { columns: {} };

export const ReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    form: Text.optional().meta({
      description: "所用表样的编号（zipin forms 列出）；缺省为湖南省部门整体支出绩效自评（hunan-2020-dept）",
    }),
    unit: z.object({
      name: Name.meta({ description: "单位名称" }),
      year: z.number().int().min(2000).max(2100).meta({ description: "年度" }),
      moneyUnit: MoneyUnitSchema.meta({ description: "金额单位" }),
    }),
    // 一、单位基本情况
    profile: z
      .object({
        functions: Text.meta({ description: "主要职能" }),
        institutions: Text.meta({ description: "机构情况" }),
        staff: z.object({
          actual: Count.optional().meta({ description: "实有在编工作人员" }),
          breakdown: z.array(z.object({ name: Text.min(1), count: Count })).default([]),
          retirees: Count.optional(),
        }),
      })
      .prefault({ functions: "", institutions: "", staff: {} }),
    // 项目支出绩效自评表的表头（项目支出的表样）
    project: ProjectHeaderSchema.optional().meta({ description: "项目支出自评表的项目信息" }),
    // 二、一般公共预算支出情况
    generalBudget: z
      .object({
        income: Money.optional().meta({ description: "一般公共预算拨款收入" }),
        expenditure: Money.optional().meta({ description: "一般公共预算支出" }),
        basic: Money.optional().meta({ description: "其中：基本支出" }),
        project: Money.optional().meta({ description: "其中：项目支出" }),
      })
      .prefault({}),
    basicExpenditure: z
      .object({
        amount: Money.optional().meta({ description: "基本支出共计" }),
        wages: AmountNodeSchema,
        goodsAndServices: AmountNodeSchema,
        householdSubsidies: AmountNodeSchema,
      })
      .prefault({
        wages: { name: "工资福利支出" },
        goodsAndServices: { name: "商品和服务支出" },
        householdSubsidies: { name: "对个人和家庭补助支出" },
      }),
    threePublic: z
      .object({
        amount: Money.optional().meta({ description: "本年“三公经费”" }),
        note: Text.optional(),
        change: z
          .object({
            direction: z.enum(["增加", "减少", "持平"]),
            amount: Money.meta({ description: "同比变动额" }),
            rate: Percent.meta({ description: "同比变动率（绝对值）" }),
          })
          .optional(),
      })
      .optional(),
    projects: z.array(AmountNodeSchema).default([]).meta({ description: "项目支出，逐项" }),
    // 三、政府性基金预算支出情况
    governmentFunds: z
      .object({
        income: Money.optional().meta({ description: "政府性基金预算拨款收入" }),
        breakdown: z.array(AmountNodeSchema).default([]),
        uses: z.array(AmountNodeSchema).default([]).meta({ description: "使用情况，合计应等于拨款收入" }),
        text: Text.default(""),
        figures: z.array(FigureSchema).default([]),
      })
      .nullable()
      .default(null)
      .meta({ description: "没有政府性基金时为 null" }),
    // 四、部门整体支出绩效情况
    performance: z
      .object({ intro: Text.default(""), sections: z.array(ProseSectionSchema).default([]) })
      .prefault({}),
    // 五、六、七
    problems: z.array(Text).default([]),
    improvements: z.array(Text).default([]),
    otherNotes: z.object({ text: Text.default(""), statedGrade: Text.optional() }).default({ text: "" }),
    narrative: z
      .object({ problems: NarrativeSourceSchema.optional(), improvements: NarrativeSourceSchema.optional() })
      .optional()
      .meta({ description: "第五、六部分的来源：大模型（模型与模板版本）、离线模板或人工撰写" }),
    // 附件1-1
    basicData: z
      .object({
        filledAt: Text.optional(),
        filler: Text.optional(),
        phone: Text.optional(),
        establishment: Count.optional().meta({ description: "编制数" }),
        actualStaff: Count.optional().meta({ description: "实际在职人数" }),
        controlRate: Percent.optional().meta({ description: "控制率（表中所填）" }),
        basic: ColumnsSchema.meta({ description: "部门基本支出" }),
        compressedGeneral: ColumnsSchema.meta({ description: "其中：压缩一般性支出" }),
        threePublic: ColumnsSchema.meta({ description: "其中：三公经费" }),
        vehicle: ColumnsSchema.meta({ description: "公务用车购置和维护经费" }),
        vehiclePurchase: ColumnsSchema.meta({ description: "其中：公车购置" }),
        vehicleOperation: ColumnsSchema.meta({ description: "公车运行维护" }),
        reception: ColumnsSchema.meta({ description: "公务接待" }),
        abroad: ColumnsSchema.meta({ description: "出国经费" }),
        projects: ColumnsSchema.meta({ description: "部门项目支出" }),
        business: ProjectCategorySchema.meta({ description: "业务工作专项" }),
        operation: ProjectCategorySchema.meta({ description: "运行维护专项" }),
        county: ProjectCategorySchema.meta({ description: "县级专项资金" }),
        procurement: ColumnsSchema.meta({ description: "政府采购金额" }),
        savingMeasures: Text.default("").meta({ description: "厉行节约保障措施" }),
      })
      .prefault({
        basic: NO_COLUMNS,
        compressedGeneral: NO_COLUMNS,
        threePublic: NO_COLUMNS,
        vehicle: NO_COLUMNS,
        vehiclePurchase: NO_COLUMNS,
        vehicleOperation: NO_COLUMNS,
        reception: NO_COLUMNS,
        abroad: NO_COLUMNS,
        projects: NO_COLUMNS,
        business: NO_CATEGORY,
        operation: NO_CATEGORY,
        county: NO_CATEGORY,
        procurement: NO_COLUMNS,
      }),
    // 附件1-2
    selfEvaluation: z.object({
      filledAt: Text.optional(),
      funds: z.object({
        initialBudget: Money.optional().meta({ description: "年初预算数" }),
        fullBudget: Money.optional().meta({ description: "全年预算数" }),
        adjustedBudget: Money.optional().meta({ description: "调整后预算数（表样以它为执行率的分母时）" }),
        executed: Money.optional().meta({ description: "全年执行数" }),
        executionRate: Percent.optional().meta({ description: "执行率（表中所填）" }),
        weight: Points.optional().meta({ description: "分值；缺省按表样（多为 10）" }),
        declaredScore: Points.optional().meta({ description: "得分（表中所填）" }),
      }),
      byIncome: z
        .object({
          generalBudget: Money.optional().meta({ description: "一般公共预算" }),
          governmentFund: Money.optional().meta({ description: "政府性基金拨款" }),
          nonTax: Money.optional().meta({ description: "纳入管理的非税收入拨款" }),
          other: Money.optional().meta({ description: "其他资金" }),
        })
        .prefault({}),
      byExpense: z
        .object({
          basic: Money.optional().meta({ description: "基本支出" }),
          personnel: Money.optional().meta({ description: "其中：人员经费" }),
          publicFunds: Money.optional().meta({ description: "公用经费" }),
          project: Money.optional().meta({ description: "项目支出" }),
        })
        .prefault({}),
      goals: z.array(GoalSchema).default([]).meta({ description: "年初预期（设定）目标" }),
      goalsIntro: Text.default(""),
      goalsAchieved: z.array(Text).default([]).meta({ description: "全年实际完成情况" }),
      indicators: z.array(IndicatorGroupSchema),
      declaredTotal: Points.optional().meta({ description: "总分（表中所填）" }),
      declaredGrade: Text.optional().meta({ description: "综合评定等级（表中所填）" }),
      explanation: z
        .object({ deviations: z.array(Text).default([]), measures: z.array(Text).default([]) })
        .default({
          deviations: [],
          measures: [],
        }),
    }),
    causes: z
      .array(z.object({ ref: Ref, text: Text.min(1) }))
      .default([])
      .meta({ description: "偏差原因：ref 为指标行 id 或检查发现的位置" }),
    scoring: ScoringOverridesSchema,
  })
  .meta({
    title: "Zipin 绩效自评报告文件",
    description: "schemaVersion 1；部门整体或项目支出，表样见 form",
  });

export type Report = z.infer<typeof ReportSchema>;
