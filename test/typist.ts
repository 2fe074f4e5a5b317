import { isDeepStrictEqual } from "node:util";
import { currentQuestion } from "../bot/conversation/cursor.js";
import { getAt } from "../bot/conversation/draft.js";
import type { EngineState } from "../bot/conversation/state.js";
import { formatQuantity, type Quantity } from "../core/quantity.js";
import type { Report } from "../core/report.js";

/**
 * A person filling in the sample one answer at a time: reads each question, finds the figure in the paper
 * report (the expected file) and types it as staff type — units, full-width digits, 元 for a 万元 field,
 * remarks in brackets after an amount — with a few mistakes along the way. What the engine builds must
 * equal the file exactly. (The same sample typed as a clerk would, with several figures a message, is
 * examples/chat/hengyang-2020.txt.)
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
  if (a.kind === "cause") return expected.causes.find((c) => c.ref === a.ref)?.text ?? "/skip";
  if (a.kind === "links") return links(s, expected, a.scope);
  if (a.kind === "details") {
    const items = (getAt(expected, a.list) as { items?: unknown[] }[] | undefined) ?? [];
    const chosen = items.flatMap((x, i) => ((x.items?.length ?? 0) > 0 ? [String(i + 1)] : []));
    return chosen.length > 0 ? chosen.join(" ") : "没有";
  }
  if (a.kind === "fields")
    return a.fields.map((f) => (getAt(expected, f.key) as string | undefined) ?? "-").join(" ");
  if (a.kind === "change") {
    const c = expected.threePublic?.change;
    return c ? `${c.direction} ${c.amount} ${c.rate}%` : "/skip";
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
  return `${typed(q.key, value, a.kind)}${remarks(q.key, expected)}`;
}

function typed(key: string, value: unknown, kind: string): string {
  if (typeof value === "object" && value !== null && "kind" in value)
    return formatQuantity(value as Quantity);
  if (kind === "percent") return `${value}%`;
  if (kind === "count") return `${value}人`;
  void key;
  return String(value);
}

/** What a person writes in brackets after an amount or a figure: its time, its note, its parts. */
function remarks(key: string, expected: Report): string {
  if (key === "threePublic.amount")
    return expected.threePublic?.note ? `（${expected.threePublic.note}）` : "";
  const m = /^(.*)\.(amount|value)$/.exec(key);
  if (!m) return "";
  const node = getAt(expected, m[1] as string) as
    | { asOf?: string; note?: string; items?: { label?: string; value?: Quantity }[] }
    | undefined;
  const out: string[] = [];
  if (node?.asOf || node?.note) out.push(`（${[node.asOf, node.note].filter(Boolean).join("，")}）`);
  // a figure's parts, written after it: "85人（其中：因病致贫42人、因残致贫23人…）"
  if (m[2] === "value" && node?.items && node.items.length > 0)
    out.push(
      `（其中：${node.items.map((i) => `${i.label}${formatQuantity(i.value as Quantity)}`).join("、")}）`,
    );
  return out.join("");
}

/** The links of a part as written out ("F4.1.5=U3.1 F4.1.5=F4.1.4×F4.1.3", "P1完成值=F4.1.4", "G1=F4.1.2"). */
function links(s: EngineState, expected: Report, scope: { on: string; path?: string }): string {
  const root =
    scope.on === "figures"
      ? (scope.path as string)
      : scope.on === "goals"
        ? "selfEvaluation.goals"
        : "selfEvaluation.indicators";
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      const id = o.id as string | undefined;
      if (typeof o.sameAs === "string") parts.push(`${id}=${o.sameAs}`);
      if (typeof o.amountRef === "string") parts.push(`${id}=${o.amountRef}`);
      if (typeof o.actualRef === "string") parts.push(`${id}完成值=${o.actualRef}`);
      if (typeof o.targetRef === "string") parts.push(`${id}指标值=${o.targetRef}`);
      for (const [k, sign] of [
        ["productOf", "×"],
        ["ratioOf", "/"],
        ["differenceOf", "-"],
      ] as const) {
        const pair = o[k] as string[] | undefined;
        if (pair) parts.push(`${id}=${pair.join(sign)}`);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(getAt(expected, root));
  void s;
  return parts.length > 0 ? parts.join(" ") : "没有";
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
  "profile.staff.actual": "１８人",
};
