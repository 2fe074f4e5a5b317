import { scoringConfigOf } from "../config.js";
import { compareDeclared, type DeclaredComparison, withinRounding } from "../declaredScores.js";
import { Ratio } from "../ratio.js";
import type { CheckContext, Evaluator, FindingPlace, RawFinding, Severity } from "./finding.js";

/** The unit's own scores (自评得分, 总分, 等级) against the rules and against each other. */
export const DECLARED_RULES: {
  [K in "declaredGroups" | "declaredTotal" | "declaredGrade" | "computedTotal"]: Evaluator<K>;
} = {
  declaredGroups: (ctx, rule) => declaredGroupFindings(ctx, rule),
  declaredTotal: (ctx, rule) => declaredTotalFindings(ctx, rule),
  declaredGrade: (ctx, rule) => declaredGradeFindings(ctx, rule),
  computedTotal: (ctx, rule) => computedTotalFindings(ctx, rule),
};

type DeclaredPart = {
  label: string;
  path: string;
  declared: Ratio | null;
  computed: Ratio;
  weight: Ratio;
  /** read as the sum of its rows' declared scores (the form has no group 得分) */
  derived: boolean;
  /** the declared score is the rules' as printed (see `DeclaredLine.agrees`) */
  agrees: boolean;
};

/** The unit's scores against the rules', compared once per review. */
export function declaredOf(ctx: CheckContext): DeclaredComparison {
  let d = ctx.memo.declared as DeclaredComparison | undefined;
  if (!d) {
    d = compareDeclared(ctx.report, ctx.score, ctx.rows);
    ctx.memo.declared = d;
  }
  return d;
}

/** The parts the total is the sum of: 执行率 on its own line, then each level-1 group. */
function declaredParts(ctx: CheckContext): DeclaredPart[] {
  const d = declaredOf(ctx);
  const part = (l: DeclaredComparison["groups"][number] | NonNullable<DeclaredComparison["execution"]>) => ({
    label: l.name,
    path: l.path,
    declared: l.declared,
    computed: l.computed,
    weight: l.weight,
    derived: l.derived,
    agrees: l.agrees,
  });
  return [...(d.execution ? [part(d.execution)] : []), ...d.groups.map(part)];
}

const r2 = (r: Ratio) => r.toFixed(2);
/** How findings name the self-evaluation table: "附件1-2 " on the Hunan form, "自评表" where it has no number. */
export function tableLabel(ctx: CheckContext): string {
  const label = scoringConfigOf(ctx.report).profile.table.label;
  return label === "" ? "自评表" : `${label} `;
}
const scoreText = (r: Ratio) => r.toExactDecimal()?.toFixed() ?? r2(r);
const scorePlace = (path: string, label: string, r: Ratio | null): FindingPlace => ({
  path,
  label,
  value: r === null ? null : scoreText(r),
  unit: "分",
});

/** Each declared group score: filled in, within its weight, and equal to the rule-computed one. */
function declaredGroupFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): RawFinding[] {
  const out: RawFinding[] = [];
  const table = tableLabel(ctx);
  const asksGroups = scoringConfigOf(ctx.report).profile.table.fields.includes("groupScores");
  for (const p of declaredParts(ctx)) {
    const place = scorePlace(p.path, `${table}${p.label} 得分`, p.declared);
    // a group read from its rows' scores: the rows are compared one by one (declared-rows)
    if (p.derived) continue;
    if (p.declared === null) {
      if (!asksGroups && p.path !== "selfEvaluation.funds.declaredScore") continue;
      out.push({
        rule: rule.id,
        severity: "warning",
        subject: `${p.label}自评得分`,
        message: `${p.label}：自评得分未填写（分值 ${r2(p.weight)}，按规则计算为 ${r2(p.computed)}）`,
        places: [place],
        difference: null,
      });
      continue;
    }
    if (p.declared.gt(p.weight)) {
      out.push({
        rule: rule.id,
        severity: "error",
        subject: `${p.label}自评得分`,
        message: `${p.label}：自评得分 ${r2(p.declared)} 超过分值 ${r2(p.weight)}`,
        places: [place],
        difference: r2(p.declared.sub(p.weight)),
      });
    }
    const shownComputed = p.computed.rounded(2);
    if (!p.agrees) {
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: `${p.label}自评得分`,
        message: `${p.label}：自评得分 ${r2(p.declared)}，按规则计算为 ${r2(p.computed)}，相差 ${r2(p.declared.sub(shownComputed).abs())}，请说明理由`,
        places: [place],
        difference: r2(p.declared.sub(shownComputed)),
      });
    }
  }
  return out;
}

/** The declared total equals the sum of the declared parts (a blank part is reported with the value the total implies). */
function declaredTotalFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): RawFinding[] {
  const total = ctx.score.declared.total;
  if (total === null) return [];
  const table = tableLabel(ctx);
  const parts = declaredParts(ctx);
  const filled = parts.filter((p) => p.declared !== null);
  const sum = filled.reduce((acc, p) => acc.add(p.declared as Ratio), Ratio.ZERO);
  const missing = parts.filter((p) => p.declared === null).map((p) => p.label);
  // each part rounded to two decimals may leave the sum a few half cents off a total rounded once
  if (missing.length === 0 ? withinRounding(sum, total, parts.length) : sum.eq(total)) return [];
  return [
    {
      rule: rule.id,
      severity: missing.length > 0 ? "warning" : rule.severity,
      subject: "自评总分",
      message: `自评总分 ${r2(total)} 与各项自评得分之和 ${r2(sum)} 不符${missing.length > 0 ? `（${missing.join("、")}未填写得分，按总分推算应为 ${r2(total.sub(sum))}）` : ""}`,
      places: [
        scorePlace("selfEvaluation.declaredTotal", `${table}总分`, total),
        ...filled.map((p) => scorePlace(p.path, `${table}${p.label} 得分`, p.declared)),
      ],
      difference: r2(total.sub(sum)),
    },
  ];
}

/** The declared grade is filled in 附件1-2 and matches the declared total's band. */
function declaredGradeFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): RawFinding[] {
  const s = ctx.score;
  const out: RawFinding[] = [];
  const stated = ctx.report.otherNotes.statedGrade;
  if (ctx.report.selfEvaluation.declaredGrade === undefined && stated !== undefined) {
    out.push({
      rule: rule.id,
      severity: "warning",
      subject: "综合评定等级",
      message: `${tableLabel(ctx)}综合评定等级未填写，第七部分写为“${stated}”`,
      places: [
        {
          path: "selfEvaluation.declaredGrade",
          label: `${tableLabel(ctx)}综合评定等级`,
          value: null,
          unit: null,
        },
        { path: "otherNotes.statedGrade", label: "七、其他需要说明的情况", value: stated, unit: null },
      ],
      difference: null,
    });
  }
  const total = s.declared.total;
  if (total === null || s.declared.grade === null) return out;
  const config = scoringConfigOf(ctx.report);
  const expected = config.grades.find((g) => total.gte(g.min))?.label;
  if (expected !== undefined && expected !== s.declared.grade) {
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: "综合评定等级",
      message: `自评等级“${s.declared.grade}”与自评总分 ${r2(total)} 对应的等级“${expected}”不符`,
      places: [
        scorePlace("selfEvaluation.declaredTotal", `${tableLabel(ctx)}总分`, total),
        {
          path:
            s.declared.gradeSource === "otherNotes"
              ? "otherNotes.statedGrade"
              : "selfEvaluation.declaredGrade",
          label: "自评等级",
          value: s.declared.grade,
          unit: null,
        },
      ],
      difference: null,
    });
  }
  return out;
}

/** The declared total against the rule-computed total (as shown, two decimals). */
function computedTotalFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): RawFinding[] {
  const s = ctx.score;
  const total = s.declared.total;
  const shown = Ratio.fromDecimal(s.shownTotal);
  if (total === null || shown.eq(total) || declaredOf(ctx).total.agrees) return [];
  // no indicator row yet: nothing to compare the total with, only what is still to fill
  if (s.grade === null)
    return [
      {
        rule: rule.id,
        severity: "warning",
        subject: "自评总分",
        message: `自评总分 ${r2(total)} 已填，而绩效指标尚未填写，暂不能按规则计算总分和等级`,
        places: [scorePlace("selfEvaluation.declaredTotal", `${tableLabel(ctx)}总分`, total)],
        difference: null,
      },
    ];
  return [
    {
      rule: rule.id,
      severity: rule.severity,
      subject: "自评总分",
      message: `自评总分 ${r2(total)}（${s.declared.grade ?? "等级未填"}），按规则计算为 ${s.shownTotal.toFixed(2)}（${s.grade}），相差 ${r2(total.sub(shown).abs())}`,
      places: [scorePlace("selfEvaluation.declaredTotal", `${tableLabel(ctx)}总分`, total)],
      difference: r2(total.sub(shown)),
    },
  ];
}
