import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runChecks } from "../../core/checks/index.js";
import { allProfiles } from "../../core/forms/registry.js";
import type { FormProfile } from "../../core/forms/schema.js";
import { Ratio } from "../../core/ratio.js";
import { parseReportData } from "../../core/reportFile.js";
import { computeScore } from "../../core/scoring.js";

/**
 * For any profile and any rows: every row scores between 0 and its weight, a group is the sum of its
 * rows, the total the sum of the groups (and 执行率 on its own line), within the weights; and a unit
 * that writes down the scores the rules give raises no finding about its scores.
 */

const PROFILES = allProfiles();
const RULES = [">=", "<=", "=", "qualitative", "deadline"] as const;

type RowSpec = {
  rule: (typeof RULES)[number];
  target: number;
  actual: number | null;
  kind: "percent" | "count" | "money";
  tier: "达成" | "部分达成" | "未达成";
  percent: number;
  applicable: boolean;
};

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  rule: fc.constantFrom(...RULES),
  target: fc.integer({ min: 0, max: 200 }),
  actual: fc.option(fc.integer({ min: 0, max: 250 }), { freq: 8 }),
  kind: fc.constantFrom("percent", "count", "money"),
  tier: fc.constantFrom("达成", "部分达成", "未达成"),
  percent: fc.integer({ min: 0, max: 100 }),
  applicable: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
});

function quantity(kind: RowSpec["kind"], v: number) {
  if (kind === "percent") return { kind, value: String(v) };
  if (kind === "count") return { kind, value: String(v), unit: "个" };
  return { kind, value: String(v), unit: "万元" };
}

function rowJson(id: string, s: RowSpec, weight: string | undefined) {
  const base = { id, name: `指标${id}`, rule: s.rule, applicable: s.applicable, ...(weight && { weight }) };
  if (s.rule === "qualitative")
    return {
      ...base,
      target: { kind: "text", text: "达到预期" },
      actual: s.actual === null ? null : { kind: "text", text: "基本达到" },
      assessment: { tier: s.tier, percent: String(s.percent) },
    };
  if (s.rule === "deadline") {
    const m = (s.target % 12) + 1;
    const a = ((s.actual ?? 0) % 12) + 1;
    return {
      ...base,
      target: { kind: "date", text: `2021年${m}月底前`, year: 2021, month: m, edge: "end", before: true },
      actual:
        s.actual === null
          ? null
          : { kind: "date", text: `2021年${a}月`, year: 2021, month: a, edge: "whole", before: false },
      assessment: { tier: s.tier, percent: String(s.percent) },
    };
  }
  return {
    ...base,
    target: quantity(s.kind, s.target),
    actual: s.actual === null ? null : quantity(s.kind, s.actual),
  };
}

/** The groups of a report on `p`: its template rows where it has them, else the generated rows. */
function indicators(p: FormProfile, specs: RowSpec[][], weighted: boolean) {
  const free = p.indicators.total !== undefined ? ["50", "30", "10"] : null;
  return p.indicators.groups.map((g, gi) => {
    const weight = g.weight ?? free?.[gi] ?? "0";
    const mine = specs[gi % specs.length] ?? [];
    const subgroups = g.subgroups.map((s, si) => {
      if (s.rows)
        return {
          name: s.name,
          ...(s.weight && { weight: s.weight }),
          rows: s.rows.map((t, ti) => {
            const spec = mine[ti % Math.max(1, mine.length)];
            const json = spec ? rowJson(t.id, { ...spec, rule: t.rule }, undefined) : null;
            return { ...json, id: t.id, name: t.name, rule: t.rule, target: t.target ?? json?.target };
          }),
        };
      // the generated rows go to the first subgroup; the weight split evenly when written
      const rows = si === 0 ? mine : [];
      const each = weighted && rows.length > 0 ? Ratio.fromDecimal(weight).div(Ratio.of(rows.length)) : null;
      return {
        name: s.name,
        rows: rows.map((r, ri) => rowJson(`${g.prefix}${ri + 1}`, r, each?.toExactDecimal()?.toFixed())),
      };
    });
    return { id: g.id, name: g.name, weight, subgroups };
  });
}

function reportJson(p: FormProfile, specs: RowSpec[][], weighted: boolean, executed: number) {
  return {
    schemaVersion: 1,
    form: p.id,
    unit: { name: "某单位", year: 2021, moneyUnit: "万元" },
    selfEvaluation: {
      funds: { fullBudget: "100", adjustedBudget: "100", executed: String(executed) },
      indicators: indicators(p, specs, weighted),
    },
  };
}

const arb = fc.record({
  profile: fc.constantFrom(...PROFILES),
  specs: fc.array(fc.array(rowSpec, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
  weighted: fc.boolean(),
  executed: fc.integer({ min: 0, max: 120 }),
});

const SCORE_RULES = /^score\.(declared-|total$)/;

describe("any profile, any rows", () => {
  it("scores stay within weights, add up, and a declared score equal to the computed one raises nothing", () => {
    fc.assert(
      fc.property(arb, ({ profile, specs, weighted, executed }) => {
        const raw = reportJson(profile, specs, weighted, executed);
        const parsed = parseReportData(raw);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        const report = parsed.report;
        const s = computeScore(report);
        const own = s.execution.placement === "own";
        let total = own ? s.execution.score : Ratio.ZERO;
        for (const g of s.groups) {
          let sum = Ratio.ZERO;
          for (const r of g.rows) {
            expect(r.score.gte(Ratio.ZERO) && r.score.lte(r.weight), `${r.id} ${r.explanation}`).toBe(true);
            sum = sum.add(r.score);
          }
          expect(g.score.eq(sum)).toBe(true);
          expect(g.score.lte(g.reachable)).toBe(true);
          total = total.add(g.score);
        }
        expect(s.total.eq(total)).toBe(true);
        expect(s.total.lte(s.reachable) && s.total.gte(Ratio.ZERO)).toBe(true);
        expect(s.execution.score.lte(s.execution.weight)).toBe(true);

        // the unit writes down what the rules give, each line rounded to two decimals as forms print it
        const shown = (r: Ratio) => r.roundHalfUp(2).toFixed();
        const fields = profile.table.fields;
        report.selfEvaluation.funds.declaredScore = shown(s.execution.score);
        let declaredTotal = own ? Ratio.fromDecimal(shown(s.execution.score)) : Ratio.ZERO;
        report.selfEvaluation.indicators.forEach((g, gi) => {
          const scored = s.groups[gi];
          if (!scored) return;
          let groupSum = Ratio.ZERO;
          for (const sub of g.subgroups)
            for (const row of sub.rows) {
              const r = scored.rows.find((x) => x.id === row.id);
              if (!r || !row.applicable) continue;
              row.declaredScore = shown(r.score);
              if (r.coefficient) row.declaredCoefficient = r.coefficient.toFixed(2);
              groupSum = groupSum.add(Ratio.fromDecimal(row.declaredScore));
            }
          const execRow = scored.rows.find((x) => x.id === "execution");
          if (execRow) {
            // 执行率 as a row of a group: its 得分 is the row's (rescaled with its group's 不涉及 rows)
            report.selfEvaluation.funds.declaredScore = shown(execRow.score);
            groupSum = groupSum.add(Ratio.fromDecimal(shown(execRow.score)));
          }
          if (fields.includes("groupScores")) g.declaredScore = shown(scored.score);
          declaredTotal = declaredTotal.add(
            fields.includes("groupScores") ? Ratio.fromDecimal(shown(scored.score)) : groupSum,
          );
        });
        report.selfEvaluation.declaredTotal = declaredTotal.toExactDecimal()?.toFixed() ?? "0";
        const about = runChecks(report).filter((f) => SCORE_RULES.test(f.rule));
        expect(about.map((f) => f.message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
