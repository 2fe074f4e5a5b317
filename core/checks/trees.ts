import { amountTrees, figureLists, moneyPlace, type ValuePlace } from "../places.js";
import type { Quantity } from "../quantity.js";
import type { AmountNode, Figure } from "../report.js";
import {
  type CheckContext,
  type Evaluator,
  ofWhichFindings,
  type RawFinding,
  type RuleSpecOf,
  sumFinding,
} from "./finding.js";

/** Totals and their items, wherever the report lists items: amount trees, figures with parts. */
export const TREE_RULES: { [K in "amountTrees" | "figureTrees"]: Evaluator<K> } = {
  amountTrees: (ctx, rule) => [
    ...amountTrees(ctx.report).flatMap((t) => nodeFindings(ctx, rule, t.node, t.path, t.prefix)),
    ...governmentFundFindings(ctx, rule),
    ...projectTotalFindings(ctx, rule),
    ...staffFindings(ctx, rule),
  ],

  figureTrees: (ctx, rule) => {
    const out: RawFinding[] = [];
    const visit = (f: Figure, path: string, prefix: string) => {
      const items = f.items ?? [];
      if (items.length > 0) {
        const total = ctx.refs.get(f.id) as ValuePlace;
        const parts = items.map((i) => ctx.refs.get(i.id) as ValuePlace);
        out.push(
          ...(f.itemsArePartial
            ? ofWhichFindings(ctx, rule, `${f.label}：“其中”项不应大于合计`, total, parts)
            : sumFinding(ctx, rule, `${prefix} ${f.label}`, total, parts)),
        );
      }
      items.forEach((item, i) => {
        visit(item, `${path}.items.${i}`, prefix);
      });
    };
    for (const list of figureLists(ctx.report)) {
      list.figures.forEach((f, i) => {
        visit(f, `${list.path}.${i}`, list.prefix);
      });
    }
    return out;
  },
};

type TreeRule = RuleSpecOf<"amountTrees">;
const money = (ctx: CheckContext, amount: string | undefined): Quantity | null =>
  amount === undefined ? null : { kind: "money", value: amount, unit: ctx.unit };

/** A node with items and, below it, every node with items: each total against its items. */
function nodeFindings(
  ctx: CheckContext,
  rule: TreeRule,
  node: AmountNode,
  path: string,
  label: string,
): RawFinding[] {
  const here = `${label} › ${node.name}`;
  const items = node.items ?? [];
  const out: RawFinding[] = [];
  if (items.length > 0) {
    const total: ValuePlace = { path: `${path}.amount`, label: here, quantity: money(ctx, node.amount) };
    const parts = items.map((item, i) => ({
      path: `${path}.items.${i}.amount`,
      label: `${here} › ${item.name}`,
      quantity: money(ctx, item.amount),
    }));
    out.push(
      ...(node.itemsArePartial
        ? ofWhichFindings(ctx, rule, `${node.name}：“其中”项不应大于合计`, total, parts)
        : sumFinding(ctx, rule, node.name, total, parts)),
    );
  }
  items.forEach((item, i) => {
    out.push(...nodeFindings(ctx, rule, item, `${path}.items.${i}`, here));
  });
  return out;
}

/** 三: the government funds received against their breakdown by 科目 and against their uses. */
function governmentFundFindings(ctx: CheckContext, rule: TreeRule): RawFinding[] {
  const gf = ctx.report.governmentFunds;
  if (!gf) return [];
  const income: ValuePlace = {
    path: "governmentFunds.income",
    label: "三、政府性基金预算拨款收入",
    quantity: money(ctx, gf.income),
  };
  const top = (list: AmountNode[], key: string, label: string) =>
    list.map((n, i) => ({
      path: `governmentFunds.${key}.${i}.amount`,
      label: `${label} › ${n.name}`,
      quantity: money(ctx, n.amount),
    }));
  return [
    ...(gf.breakdown.length > 0
      ? sumFinding(ctx, rule, "政府性基金预算支出（按科目）", income, top(gf.breakdown, "breakdown", "三"))
      : []),
    ...(gf.uses.length > 0
      ? sumFinding(ctx, rule, "政府性基金使用情况", income, top(gf.uses, "uses", "三、使用情况"))
      : []),
  ];
}

/** 二㈡: 项目支出 against the projects listed. */
function projectTotalFindings(ctx: CheckContext, rule: TreeRule): RawFinding[] {
  const projects = ctx.report.projects;
  if (projects.length === 0) return [];
  return sumFinding(
    ctx,
    rule,
    "项目支出",
    moneyPlace(ctx.report, "generalBudget.project"),
    projects.map((n, i) => ({
      path: `projects.${i}.amount`,
      label: `二㈡ ${n.name}`,
      quantity: money(ctx, n.amount),
    })),
  );
}

/** 一: the staff against their breakdown by kind. */
function staffFindings(ctx: CheckContext, rule: TreeRule): RawFinding[] {
  const staff = ctx.report.profile.staff;
  if (staff.breakdown.length === 0) return [];
  return sumFinding(
    ctx,
    rule,
    "在编工作人员",
    {
      path: "profile.staff.actual",
      label: "一、实有在编工作人员",
      quantity: staff.actual === undefined ? null : { kind: "count", value: staff.actual, unit: "人" },
    },
    staff.breakdown.map((b, i) => ({
      path: `profile.staff.breakdown.${i}.count`,
      label: `一、${b.name}`,
      quantity: { kind: "count", value: b.count, unit: "人" } as Quantity,
    })),
  );
}
