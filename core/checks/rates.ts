import { dec } from "../money.js";
import { readPath, type ValuePlace } from "../places.js";
import type { Quantity } from "../quantity.js";
import { type Evaluator, maxDecimals, type RawFinding, rateFinding } from "./finding.js";

/** Rates stated in the form (控制率, 执行率, the 三公经费 change) against their two figures. */
export const RATE_RULES: { [K in "rate" | "threePublicChange"]: Evaluator<K> } = {
  rate: (ctx, rule) => {
    const read = (
      [path, label]: readonly [string, string],
      kind: "percent" | "count" | "money",
    ): ValuePlace => {
      const v = readPath(ctx.report, path);
      const quantity: Quantity | null =
        typeof v !== "string"
          ? null
          : kind === "percent"
            ? { kind: "percent", value: v }
            : kind === "money"
              ? { kind: "money", value: v, unit: ctx.unit }
              : { kind: "count", value: v, unit: "人" };
      return { path, label, quantity };
    };
    return rateFinding(
      rule,
      rule.title,
      read(rule.stated, "percent"),
      read([rule.numerator[0], rule.numerator[1]], rule.numerator[2]),
      read([rule.denominator[0], rule.denominator[1]], rule.denominator[2]),
    );
  },

  threePublicChange: (ctx, rule) => {
    const tp = ctx.report.threePublic;
    const change = tp?.change;
    const prior = ctx.report.basicData.threePublic.prior;
    if (!tp || !change || prior === undefined || tp.amount === undefined) return [];
    const current = dec(tp.amount);
    const delta = current.minus(dec(prior));
    const out: RawFinding[] = [];
    const places = [
      { path: "threePublic.amount", label: "二㈠ 本年“三公经费”", value: tp.amount, unit: ctx.unit },
      {
        path: "basicData.threePublic.prior",
        label: "附件1-1 三公经费（上年决算数）",
        value: prior,
        unit: ctx.unit,
      },
    ];
    const direction = delta.isZero() ? "持平" : delta.isNegative() ? "减少" : "增加";
    if (direction !== change.direction) {
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: "“三公经费”同比变动",
        message: `“三公经费”同比应为“${direction}”（${tp.amount} 对上年 ${prior}），文中写作“${change.direction}”`,
        places: [
          ...places,
          {
            path: "threePublic.change.direction",
            label: "二㈠ 同比变动方向",
            value: change.direction,
            unit: null,
          },
        ],
        difference: null,
      });
    }
    if (!delta.abs().equals(dec(change.amount))) {
      const diff = dec(change.amount).minus(delta.abs());
      const dp = maxDecimals([tp.amount, prior, change.amount]);
      out.push({
        rule: rule.id,
        severity: rule.severity,
        subject: "“三公经费”同比变动",
        message: `“三公经费”同比变动额：填报 ${change.amount}${ctx.unit}，按 ${tp.amount} − ${prior} 计算为 ${delta.abs().toFixed(dp)}${ctx.unit}`,
        places: [
          ...places,
          {
            path: "threePublic.change.amount",
            label: "二㈠ 同比变动额",
            value: change.amount,
            unit: ctx.unit,
          },
        ],
        difference: diff.toFixed(dp),
      });
    }
    if (!dec(prior).isZero()) {
      out.push(
        ...rateFinding(
          rule,
          "“三公经费”同比变动率 = |本年 − 上年| / 上年",
          {
            path: "threePublic.change.rate",
            label: "二㈠ 同比变动率",
            quantity: { kind: "percent", value: change.rate },
          },
          {
            path: "threePublic.amount",
            label: "本年与上年之差",
            quantity: { kind: "money", value: delta.abs().toFixed(), unit: ctx.unit },
          },
          {
            path: "basicData.threePublic.prior",
            label: "附件1-1 三公经费（上年决算数）",
            quantity: { kind: "money", value: prior, unit: ctx.unit },
          },
        ),
      );
    }
    return out;
  },
};
