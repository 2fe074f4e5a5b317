import { isDeepStrictEqual } from "node:util";
import { currentQuestion } from "../bot/conversation/cursor.js";
import { getAt } from "../bot/conversation/draft.js";
import type { EngineState } from "../bot/conversation/state.js";
import { formatQuantity, type Quantity } from "../core/quantity.js";
import type { Report } from "../core/report.js";

/**
 * A person filling in the sample: reads each question, finds the figure in the paper report (the
 * expected file) and types it as staff type — units, full-width digits, 元 for a 万元 field — with a
 * few mistakes along the way. What the engine builds must equal the file exactly.
 */
export function typistAnswer(s: EngineState, expected: Report): string {
  const q = currentQuestion(s);
  if (!q) throw new Error("no question");
  const a = q.answer;
  if (q.list) {
    const want = getAt(expected, q.list);
    const have = getAt(s.draft, q.list);
    return (Array.isArray(want) ? want.length : 0) > (Array.isArray(have) ? have.length : 0) ? "是" : "否";
  }
  if (a.kind === "confirm") return "是";
  if (a.kind === "cause") return expected.causes.find((c) => c.ref === a.ref)?.text ?? "/skip";
  if (a.kind === "link") {
    const o = (getAt(expected, q.key.replace(/\.link$/, "")) ?? {}) as Record<string, unknown>;
    const parts: string[] = [];
    if (typeof o.sameAs === "string") parts.push(`=${o.sameAs}`);
    if (typeof o.amountRef === "string") parts.push(`=${o.amountRef}`);
    if (typeof o.actualRef === "string") parts.push(`完成值=${o.actualRef}`);
    if (typeof o.targetRef === "string") parts.push(`指标值=${o.targetRef}`);
    for (const [k, sign] of [
      ["productOf", "×"],
      ["ratioOf", "/"],
      ["differenceOf", "-"],
    ] as const) {
      const pair = o[k] as string[] | undefined;
      if (pair) parts.push(pair.join(sign));
    }
    return parts.length > 0 ? parts.join(" ") : "/skip";
  }
  const value = getAt(expected, q.key);
  if (a.kind === "choice") {
    const i = a.values
      ? a.values.findIndex(
          (v) =>
            isDeepStrictEqual(v, value) ||
            (v !== null && typeof v === "object" && value !== null && typeof value === "object"),
        )
      : a.options.indexOf(value as string);
    if (i < 0 && q.optional) return "/skip";
    return a.options[i] as string;
  }
  if (value === undefined || (value === "" && q.optional)) return "/skip";
  if (a.kind === "columns") {
    const c = value as Record<string, string | undefined>;
    return [c.current, c.budget, c.prior].map((x) => x ?? "-").join(" ");
  }
  if (typeof value === "object") return formatQuantity(value as Quantity);
  if (a.kind === "percent") return `${value}%`;
  if (a.kind === "count") return `${value}${a.units[0]}`;
  return String(value);
}

/** Mistakes a person makes, typed before the right answer at these questions. */
export const SLIPS: Record<string, string[]> = {
  "unit.year": ["二〇二〇"], // Chinese numerals: refused, with an example
  "generalBudget.income": ["352.29.1"], // two decimal points
  "basicExpenditure.goodsAndServices.amount": ["10.27"], // transposed digits: caught when the items are in
  "selfEvaluation.funds.executionRate": ["约100%"], // approximate: refused
};
/** The same answers typed another way (still exactly the same value). */
export const RETYPED: Record<string, string> = {
  "generalBudget.expenditure": "3,522,900元",
  "basicExpenditure.amount": "１１３．２９万元",
  "profile.staff.actual": "１８人",
};
