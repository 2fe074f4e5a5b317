import { runChecks } from "../../core/checks/index.js";
import { formatQuantity, type Quantity } from "../../core/quantity.js";
import { currentQuestion, labelOf, plan } from "./cursor.js";
import { getAt, materialize } from "./draft.js";
import { draftProfile } from "./plan/forms.js";
import { type Question, SECTIONS } from "./plan/index.js";
import { roleByName } from "./roles.js";
import type { EngineState, Reply } from "./state.js";

/** Where the report stands: per section, or the fields of one section with their values, as written. */

/** A stored value as the user reads it: "23038人", "2020年3月底前", "113.29 / 113.29 / 152.98". */
export function shown(v: unknown): string {
  if (v === undefined || v === null) return "（未填）";
  if (typeof v !== "object") return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o.kind === "string") return formatQuantity(o as Quantity);
  if ("current" in o || "budget" in o || "prior" in o)
    return [o.current, o.budget, o.prior].map((x) => x ?? "-").join(" / ");
  if (Object.keys(o).length === 0) return "（空）";
  if ("direction" in o) return changeText(o);
  if ("tier" in o) return `${o.tier}${o.percent !== undefined ? ` ${o.percent}%` : ""}`;
  return "（已填）";
}

function changeText(o: Record<string, unknown>): string {
  return o.direction === "持平" ? "持平" : `${o.direction} ${o.amount}，变动率 ${o.rate}%`;
}

const LINK_WORDS: Record<string, string> = {
  sameAs: "同",
  productOf: "=",
  ratioOf: "=",
  differenceOf: "=",
  actualRef: "完成值同",
  targetRef: "指标值同",
  amountRef: "计划投入同",
};

/** The links stored under a part of the report, in words: "F4.1.5 同 U3.1；F4.1.5 = F4.1.4 × F4.1.3". */
function linksText(s: EngineState, q: Question): string {
  const scope = q.answer.kind === "links" ? q.answer.scope : null;
  if (!scope) return "";
  const root =
    scope.on === "figures"
      ? scope.path
      : scope.on === "goals"
        ? "selfEvaluation.goals"
        : "selfEvaluation.indicators";
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      for (const [k, w] of Object.entries(LINK_WORDS)) {
        const x = o[k];
        if (x === undefined) continue;
        const sign = k === "ratioOf" ? "÷" : k === "differenceOf" ? "−" : "×";
        out.push(`${o.id ?? ""} ${w} ${Array.isArray(x) ? x.join(` ${sign} `) : String(x)}`);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(getAt(s.draft, root));
  return out.length > 0 ? out.join("；") : "（没有）";
}

/** What a question's answer reads as: the option chosen, the row's columns, the links, the value. */
export function shownAnswer(q: Question, v: unknown): string {
  const a = q.answer;
  if (a.kind === "choice") {
    const i = a.values
      ? a.values.findIndex((x) => JSON.stringify(x) === JSON.stringify(v))
      : a.options.indexOf(String(v));
    if (i >= 0) return a.options[i] as string;
    if (
      a.values &&
      v !== null &&
      typeof v === "object" &&
      a.values.some((x) => x !== null && typeof x === "object")
    )
      return a.options[a.values.findIndex((x) => x !== null && typeof x === "object")] as string;
  }
  return shown(v);
}

/** A field's line in /status: its value as written, with its note and time; the links in words. */
function valueLine(s: EngineState, q: Question): string {
  const a = q.answer;
  if (a.kind === "cause") {
    const cause = ((getAt(s.draft, "causes") as { ref: string; text: string }[] | undefined) ?? []).find(
      (c) => c.ref === a.ref,
    )?.text;
    return cause === undefined && s.answered.includes(q.key) ? "（空着，可稍后补）" : shown(cause);
  }
  if (a.kind === "links") return linksText(s, q);
  if (a.kind === "details") return "";
  if (a.kind === "fields") return a.fields.map((f) => shown(getAt(s.draft, f.key))).join(" ");
  const v = getAt(s.draft, q.key);
  if (v === undefined && q.key.endsWith(".role")) {
    const byName = roleByName(s.draft, q.key.slice(0, -5));
    if (byName) return `${byName}（按名称）`;
  }
  const parent = q.key.replace(/\.(amount|value)$/, "");
  const extra =
    parent !== q.key
      ? [getAt(s.draft, `${parent}.asOf`), getAt(s.draft, `${parent}.note`)].filter(
          (x) => typeof x === "string",
        )
      : q.key === "threePublic.amount" && typeof getAt(s.draft, "threePublic.note") === "string"
        ? [getAt(s.draft, "threePublic.note")]
        : [];
  // the form left blank is the Hunan set: named, not shown as an empty answer
  if (q.key === "form" && v === undefined && s.answered.includes(q.key))
    return `${draftProfile(s.draft).name}（默认）`;
  // answered and left blank (skipped, "没有"): said so, not shown as if it were still to fill in
  if (v === undefined && s.answered.includes(q.key)) return q.optional ? "（空着）" : "（未填，已跳过）";
  return `${shownAnswer(q, v)}${extra.map((x) => `（${x}）`).join("")}`;
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? 10 : Math.round((done / total) * 10);
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)}`;
}

/** The fields /status lists: every question but "more?" and the ones that only choose (details). */
export function listed(s: EngineState): Question[] {
  return plan(s).filter((q) => q.list === undefined && q.answer.kind !== "details");
}

/** The figures that do not agree, still open (not kept for later by the user). */
export function openErrors(s: EngineState): number {
  const r = materialize(s.draft);
  if (!r) return 0;
  return runChecks(r).filter((f) => f.severity === "error" && f.kind !== "plausibility").length;
}

/** One section's fields with their values, numbered as /edit 二 5 counts them. */
export function sectionStatus(s: EngineState, id: string): string {
  const section = SECTIONS.find((x) => x.id === id) ?? SECTIONS[0];
  const answered = new Set(s.answered);
  const qs = listed(s).filter((q) => q.section === section.id);
  // an item's name shows in the label of its amount below it: one line per item
  const named = (q: Question, i: number) => {
    const v = getAt(s.draft, q.key);
    return (
      /\.(name|label|title)$/.test(q.key) && typeof v === "string" && (qs[i + 1]?.label.includes(v) ?? false)
    );
  };
  return [
    section.title,
    ...qs.flatMap((q, i) =>
      named(q, i) ? [] : [`${i + 1}. ${answered.has(q.key) ? "✓" : "·"} ${q.label}：${valueLine(s, q)}`],
    ),
  ].join("\n");
}

export function status(s: EngineState, arg: string): Reply {
  const all = listed(s);
  const answered = new Set(s.answered);
  const section = SECTIONS.find((x) => arg && (x.title.startsWith(arg) || x.id === arg));
  if (section) return { text: sectionStatus(s, section.id) };
  const lines = SECTIONS.map((x) => {
    const qs = all.filter((q) => q.section === x.id);
    const done = qs.filter((q) => answered.has(q.key)).length;
    return `${bar(done, qs.length)} ${x.title} ${done}/${qs.length}`;
  });
  const q = currentQuestion(s);
  const errors = q ? 0 : openErrors(s);
  const where = q
    ? `当前问题：${q.label}`
    : errors > 0
      ? `问题都已回答，但还有 ${errors} 处数字对不上（/check 查看）。`
      : "全部已填写，审核未发现错误。";
  return { text: [...lines, where, "（/status 二 列出该部分各项）"].join("\n") };
}

/** Who answered how many of the report's fields (their latest answers), and the last few answers. */
export function whoAnswered(
  s: EngineState,
  history: readonly { field: string; value: string | null; by: string }[],
  names: ReadonlyMap<string, string>,
): string {
  if (history.length === 0) return "还没有人回答。";
  const latest = new Map<string, (typeof history)[number]>();
  for (const a of history) latest.set(a.field, a);
  const counts = new Map<string, number>();
  for (const a of latest.values()) counts.set(a.by, (counts.get(a.by) ?? 0) + 1);
  const who = [...counts].map(([by, n]) => `${names.get(by) ?? by} ${n} 项`).join("，");
  const recent = history
    .slice(-5)
    .map(
      (a) =>
        `  ${labelOf(s, a.field)}：${a.value === null ? "（空）" : shortValue(a.value)}（${names.get(a.by) ?? a.by}）`,
    );
  return [`填写人：${who}`, "最近的回答：", ...recent].join("\n");
}

/** A stored answer (JSON text) shortened for a list. */
function shortValue(json: string): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = json;
  }
  const t = typeof v === "string" || typeof v === "number" ? String(v) : shown(v);
  return t.length > 30 ? `${t.slice(0, 30)}…` : t;
}
