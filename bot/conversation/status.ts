import { formatQuantity, type Quantity } from "../../core/quantity.js";
import { currentQuestion, labelOf, plan } from "./cursor.js";
import { getAt } from "./draft.js";
import { SECTIONS } from "./plan/index.js";
import { roleByName } from "./roles.js";
import type { EngineState, Reply } from "./state.js";

/** Where the report stands: per section, or the fields of one section with their values. */
/** A stored value as the user reads it: "23038人", "2020年3月底前", "113.29 / 113.29 / 152.98". */
export function shown(v: unknown): string {
  if (v === undefined || v === null) return "（未填）";
  if (typeof v !== "object") return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o.kind === "string") return formatQuantity(o as Quantity);
  if ("current" in o || "budget" in o || "prior" in o)
    return [o.current, o.budget, o.prior].map((x) => x ?? "-").join(" / ");
  return "（已填）";
}

function bar(done: number, total: number): string {
  const filled = total === 0 ? 10 : Math.round((done / total) * 10);
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)}`;
}

export function status(s: EngineState, arg: string): Reply {
  const all = plan(s).filter((q) => q.list === undefined && q.answer.kind !== "confirm");
  const answered = new Set(s.answered);
  const section = SECTIONS.find((x) => arg && (x.title.startsWith(arg) || x.id === arg));
  if (section) {
    const qs = all.filter((q) => q.section === section.id);
    return {
      text: [
        section.title,
        ...qs
          .filter((q) => q.answer.kind !== "confirm")
          .map((q, i) => {
            const a = q.answer;
            const value =
              a.kind === "cause"
                ? ((getAt(s.draft, "causes") as { ref: string; text: string }[] | undefined) ?? []).find(
                    (c) => c.ref === a.ref,
                  )?.text
                : getAt(s.draft, q.key);
            const byName =
              value === undefined && q.key.endsWith(".role") ? roleByName(s.draft, q.key.slice(0, -5)) : null;
            return `${i + 1}. ${answered.has(q.key) ? "✓" : "·"} ${q.label}：${byName ? `${byName}（按名称）` : shown(value)}`;
          }),
      ].join("\n"),
    };
  }
  const lines = SECTIONS.map((x) => {
    const qs = all.filter((q) => q.section === x.id);
    const done = qs.filter((q) => answered.has(q.key)).length;
    return `${bar(done, qs.length)} ${x.title} ${done}/${qs.length}`;
  });
  const q = currentQuestion(s);
  return {
    text: [...lines, q ? `当前问题：${q.label}` : "全部已填写。", "（/status 二 列出该部分各项）"].join("\n"),
  };
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
  const t = typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v);
  return t.length > 30 ? `${t.slice(0, 30)}…` : t;
}
