import { scoringConfigOf } from "../config.js";
import type { DeclaredLine } from "../declaredScores.js";
import { Ratio } from "../ratio.js";
import { declaredOf, tableLabel } from "./declared.js";
import type { CheckContext, Evaluator, FindingPlace, RawFinding, Severity } from "./finding.js";

/**
 * Each row's 得分 (and 得分系数) the unit wrote, against the rules: a row scored below full although it
 * met its target, a score above the row's weight, a score that differs (with the row's arithmetic as the
 * reason); and the group and total scores against what their rows can reach and add up to.
 */
export const DECLARED_ROW_RULES: { [K in "declaredRows" | "declaredReach"]: Evaluator<K> } = {
  declaredRows: (ctx, rule) => declaredRowFindings(ctx, rule),
  declaredReach: (ctx, rule) => declaredReachFindings(ctx, rule),
};

const r2 = (r: Ratio) => r.toFixed(2);
const text = (r: Ratio) => r.toExactDecimal()?.toFixed() ?? r2(r);
const place = (path: string, label: string, r: Ratio | null, unit: string | null = "分"): FindingPlace => ({
  path,
  label,
  value: r === null ? null : text(r),
  unit,
});

function rowFinding(l: DeclaredLine, table: string, severity: Severity, id: string): RawFinding | null {
  const d = l.declared;
  if (d === null) return null;
  const at = [place(l.path, `${table}${l.name} 得分`, d)];
  const base = { rule: id, subject: `${l.name}自评得分`, places: at };
  switch (l.problem) {
    case "above-weight":
      return {
        ...base,
        severity: "error",
        message: `${l.name}：自评得分 ${r2(d)} 超过本行分值 ${r2(l.weight)}`,
        difference: r2(d.sub(l.weight)),
      };
    case "met-not-full":
      return {
        ...base,
        severity,
        message: `${l.name}：已达到指标值（${l.reason}），应得满分 ${r2(l.weight)}，自评 ${r2(d)}，少 ${r2(l.weight.sub(d))} 分，请说明理由`,
        difference: r2(d.sub(l.weight)),
      };
    case "differs":
      return {
        ...base,
        severity,
        message: `${l.name}：自评得分 ${r2(d)}，按规则计算为 ${r2(l.computed)}（${l.reason}），相差 ${r2(d.sub(l.shown).abs())}，请说明理由`,
        difference: r2(d.sub(l.shown)),
      };
    default:
      return null;
  }
}

/** A row's 得分系数 against the rules' and against its own 得分 (得分 = 系数 × 分值). */
function coefficientFindings(l: DeclaredLine, table: string, decimals: number, id: string): RawFinding[] {
  const c = l.coefficient;
  if (!c || c.declared === null) return [];
  const out: RawFinding[] = [];
  const at = place(
    `${l.path.replace(/declaredScore$/, "declaredCoefficient")}`,
    `${table}${l.name} 得分系数`,
    c.declared,
    null,
  );
  if (!c.declared.eq(c.computed)) {
    out.push({
      rule: id,
      severity: "warning",
      subject: `${l.name}得分系数`,
      message: `${l.name}：得分系数 ${c.declared.toFixed(decimals)}，按规则为 ${c.computed.toFixed(decimals)}（${l.reason}），请说明理由`,
      places: [at],
      difference: c.declared.sub(c.computed).toFixed(decimals),
    });
  }
  const product = c.declared.mul(l.weight);
  const shown = product.toFixed(2);
  if (l.declared !== null && r2(l.declared) !== shown) {
    out.push({
      rule: id,
      severity: "error",
      subject: `${l.name}得分`,
      message: `${l.name}：自评得分 ${r2(l.declared)}，而得分系数 × 分值 = ${c.declared.toFixed(decimals)} × ${r2(l.weight)} = ${shown}`,
      places: [place(l.path, `${table}${l.name} 得分`, l.declared), at],
      difference: l.declared.sub(product).toFixed(2),
    });
  }
  return out;
}

function declaredRowFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): RawFinding[] {
  const d = declaredOf(ctx);
  const table = tableLabel(ctx);
  const config = scoringConfigOf(ctx.report);
  const out: RawFinding[] = [];
  const rows = d.groups.flatMap((g) => g.rows);
  for (const l of rows) {
    const f = rowFinding(l, table, rule.severity, rule.id);
    if (f) out.push(f);
    out.push(...coefficientFindings(l, table, config.coefficientDecimals ?? 2, rule.id));
  }
  const asked = config.profile.table.fields.includes("rowScores");
  const blank = rows.filter((l) => l.problem === "blank" && l.level === "row");
  const anyDeclared = rows.some((l) => l.declared !== null);
  if (blank.length > 0 && (asked || anyDeclared)) {
    out.push({
      rule: rule.id,
      severity: "warning",
      subject: "各行自评得分",
      message: `${blank.length} 行未填自评得分：${blank.map((l) => l.name).join("、")}`,
      places: blank.map((l) => place(l.path, `${table}${l.name} 得分`, null)),
      difference: null,
    });
  }
  return out;
}

function declaredReachFindings(ctx: CheckContext, rule: { id: string; severity: Severity }): RawFinding[] {
  const d = declaredOf(ctx);
  const table = tableLabel(ctx);
  const out: RawFinding[] = [];
  for (const g of d.groups) {
    const declared = g.declared;
    if (declared === null || g.derived) continue;
    const at = place(g.path, `${table}${g.name} 得分`, declared);
    if (g.problem === "above-reach") {
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: `${g.name}自评得分`,
        message: `${g.name}：自评得分 ${r2(declared)}，而各行分值合计只有 ${r2(g.reachable)}（一级指标 ${r2(g.weight)}），最多得 ${r2(g.reachable)} 分`,
        places: [at],
        difference: r2(declared.sub(g.reachable)),
      });
    } else if (g.problem === "sum") {
      const sum = g.rows.reduce((s, r) => s.add(r.declared ?? Ratio.ZERO), Ratio.ZERO);
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: `${g.name}自评得分`,
        message: `${g.name}：自评得分 ${r2(declared)} 与各行自评得分之和 ${r2(sum)} 不符，相差 ${r2(declared.sub(sum).abs())}`,
        places: [
          at,
          ...g.rows
            .filter((r) => r.declared !== null)
            .map((r) => place(r.path, `${table}${r.name} 得分`, r.declared)),
        ],
        difference: r2(declared.sub(sum)),
      });
    }
  }
  const t = d.total;
  // with no indicator row yet the total cannot be reached only because nothing is filled in
  const noRows = ctx.score.grade === null;
  if (t.declared !== null && (t.problem === "above-weight" || (t.problem === "above-reach" && !noRows))) {
    const most = t.problem === "above-weight" ? t.weight : t.reachable;
    out.push({
      rule: rule.id,
      severity: rule.severity,
      subject: "自评总分",
      message:
        t.problem === "above-weight"
          ? `自评总分 ${r2(t.declared)} 超过满分 ${r2(t.weight)}`
          : `自评总分 ${r2(t.declared)}，而各项分值合计最多得 ${r2(most)} 分（满分 ${r2(t.weight)}，各行分值合计不足）`,
      places: [place(t.path, `${table}总分`, t.declared)],
      difference: r2(t.declared.sub(most)),
    });
  }
  return out;
}
