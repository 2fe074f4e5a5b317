import { convertMoney, dec } from "../money.js";
import { amountTrees, figureLists, indicatorRows, moneyPlace, type ValuePlace } from "../places.js";
import { formatQuantity, type Quantity } from "../quantity.js";
import type { AmountNode, Figure } from "../report.js";
import {
  type Evaluator,
  placeOf,
  type RawFinding,
  rateFinding,
  sameFindings,
  sumFinding,
} from "./finding.js";

/** Figures quoted in the prose: the same figure in two places, shares, products and differences, goals. */
export const REFERENCE_RULES: { [K in "references" | "derivations" | "goals"]: Evaluator<K> } = {
  references: (ctx, rule) => {
    const out: RawFinding[] = [];
    const pair = (self: ValuePlace | undefined, ref: string | undefined, subject: string) => {
      const other = ref ? ctx.refs.get(ref) : undefined;
      if (!self || !other) return;
      out.push(...sameFindings(ctx, rule, subject, [other, self]));
    };
    for (const list of figureLists(ctx.report)) {
      const walk = (f: Figure) => {
        pair(ctx.refs.get(f.id), f.sameAs, f.label);
        f.items?.forEach(walk);
      };
      list.figures.forEach(walk);
    }
    const walkAmount = (n: AmountNode) => {
      if (n.id) pair(ctx.refs.get(n.id), n.sameAs, n.name);
      n.items?.forEach(walkAmount);
    };
    for (const t of amountTrees(ctx.report)) walkAmount(t.node);
    for (const { row } of indicatorRows(ctx.report)) {
      pair(ctx.refs.get(`${row.id}.target`), row.targetRef, `${row.name} 指标值`);
      pair(ctx.refs.get(`${row.id}.actual`), row.actualRef, `${row.name} 完成值`);
    }
    ctx.report.selfEvaluation.goals.forEach((g, i) => {
      if (g.id) pair(ctx.refs.get(g.id), g.amountRef, `年度目标${i + 1} 计划投入`);
    });
    return out;
  },

  derivations: (ctx, rule) => {
    const out: RawFinding[] = [];
    const walk = (f: Figure) => {
      const self = ctx.refs.get(f.id) as ValuePlace;
      if (f.ratioOf) {
        const [n, d] = f.ratioOf.map((r) => ctx.refs.get(r));
        if (n && d) out.push(...rateFinding(rule, `${f.label} = ${n.label} / ${d.label}`, self, n, d));
      }
      const [a, b] = (f.productOf ?? f.differenceOf ?? []).map((r) => ctx.refs.get(r));
      // a part not filled in yet (the questionnaire lets a figure name a later one) is checked later
      if ((f.productOf || f.differenceOf) && a && b) {
        const derived = f.productOf ? product(a.quantity, b.quantity) : difference(a.quantity, b.quantity);
        if (derived) {
          const op = f.productOf ? "×" : "−";
          const computed: ValuePlace = {
            path: `${self.path}`,
            label: `${a.label}（${a.quantity ? formatQuantity(a.quantity) : "空"}）${op} ${b.label}（${b.quantity ? formatQuantity(b.quantity) : "空"}）`,
            quantity: derived,
          };
          for (const finding of sameFindings(ctx, rule, `${f.label}`, [computed, self])) {
            out.push({ ...finding, places: [...finding.places.slice(1), placeOf(a), placeOf(b)] });
          }
        }
      }
      f.items?.forEach(walk);
    };
    for (const list of figureLists(ctx.report)) list.figures.forEach(walk);
    return out;
  },

  goals: (ctx, rule) => {
    const goals = ctx.report.selfEvaluation.goals;
    if (!goals.some((g) => g.plannedAmount !== undefined)) return [];
    return sumFinding(
      ctx,
      rule,
      rule.title,
      moneyPlace(ctx.report, "selfEvaluation.funds.initialBudget"),
      goals.map((g, i) => ({
        path: `selfEvaluation.goals.${i}.plannedAmount`,
        label: `附件1-2 目标${i + 1} 计划投入`,
        quantity:
          g.plannedAmount === undefined
            ? null
            : ({ kind: "money", value: g.plannedAmount, unit: ctx.unit } as Quantity),
      })),
    );
  },
};

function product(a: Quantity | null, b: Quantity | null): Quantity | null {
  if (!a || !b) return null;
  const [count, rate] = a.kind === "money" ? [b, a] : [a, b];
  if ((count.kind !== "count" && count.kind !== "number") || rate.kind !== "money") return null;
  // 人数 × 标准（元/人）= 金额: exact decimal product, in the rate's unit
  return { kind: "money", value: dec(count.value).times(dec(rate.value)).toFixed(), unit: rate.unit };
}

function difference(a: Quantity | null, b: Quantity | null): Quantity | null {
  if (!a || !b || a.kind !== b.kind) return null;
  if (a.kind === "money" && b.kind === "money") {
    return {
      kind: "money",
      value: dec(a.value)
        .minus(convertMoney(dec(b.value), b.unit, a.unit))
        .toFixed(),
      unit: a.unit,
    };
  }
  if (a.kind === "count" || a.kind === "percent" || a.kind === "number") {
    const bv = (b as { value: string }).value;
    return { ...a, value: dec(a.value).minus(dec(bv)).toFixed() } as Quantity;
  }
  return null;
}
