import type { Finding } from "../../core/checks/index.js";
import { next } from "./asking.js";
import { decidableFindings, findingId, plan, reopen } from "./cursor.js";
import { questionsFor } from "./plan/index.js";
import type { EngineState, Outcome, Reply } from "./state.js";

/**
 * Figures that do not agree, once all their places are filled: shown together (one wrong figure often
 * breaks several checks at once: a total against its items, the same figure in 附件1-2) with one menu of
 * every place involved, to correct one of them or keep them all for now.
 */
export function mismatchReplies(
  state: EngineState,
  findings: Finding[],
  touched: string[],
  said: string,
): { state: EngineState; replies: Reply[] } {
  const involves = (f: Finding) =>
    f.places.some((p) => touched.some((t) => p.path === t || p.path.startsWith(`${t}.`)));
  const first = findings.find(involves) ?? (findings[0] as Finding);
  const shared = (f: Finding) => f.places.some((p) => first.places.some((x) => x.path === p.path));
  const group = findings.filter((f) => f === first || (involves(f) && involves(first)) || shared(f));
  const seen = new Set<string>();
  const places = group.flatMap((f) => f.places).filter((p) => !seen.has(p.path) && seen.add(p.path));
  // the places to correct, and "add items" for a list closed too early
  const reopenable = state.closed.filter((l) => places.some((p) => p.path.startsWith(`${l}.`)));
  const options = [
    ...places.map((p) => ({
      label: `修改 ${p.label}（${p.value ?? "空"}${p.unit && p.unit !== "分" ? p.unit : ""}）`,
      key: p.path,
    })),
    ...reopenable.map((l) => ({
      label: `继续添加：${questionsFor(state.draft, new Set()).find((x) => x.list === l)?.label ?? l}`,
      key: `${l}.+`,
    })),
  ];
  const withPending: EngineState = {
    ...state,
    pending: { kind: "mismatch", id: findingId(first), ids: group.map(findingId), options },
  };
  const what = group.map((f) => `· ${f.message}`).join("\n");
  return {
    state: withPending,
    replies: [
      {
        text: `${said.replace(/。$/, "")}。${said.startsWith("已保留") ? "还有" : "但"}数字对不上：\n${what}`,
      },
      {
        text: "要改哪一处？",
        options: [...options.map((o, i) => `${i + 1} ${o.label}`), `${options.length + 1} 先保留，稍后再改`],
      },
    ],
  };
}

/** The answer to "要改哪一处？": the place chosen is asked again; "先保留" keeps them all for later. */
export function resolveMismatch(s: EngineState, input: string): Outcome | null {
  const p = s.pending;
  if (p?.kind !== "mismatch") return null;
  const ids = p.ids ?? [p.id];
  const n = Number(input.trim());
  if (Number.isInteger(n) && n >= 1 && n <= p.options.length) {
    const key = (p.options[n - 1] as { key: string }).key;
    if (key.endsWith(".+")) {
      const list = key.slice(0, -2);
      const more: EngineState = {
        ...s,
        pending: null,
        closed: s.closed.filter((l) => l !== list && l !== `flat:${list}`),
      };
      return { state: more, replies: next(more), changes: [] };
    }
    // the place's own question, or the question it is part of (a 附件1-1 cell belongs to its row)
    const asked = plan(s).find((q) => q.key === key) ?? plan(s).find((q) => key.startsWith(`${q.key}.`));
    if (!asked) {
      const kept = { ...s, pending: null, acknowledged: [...s.acknowledged, ...ids] };
      return {
        state: kept,
        replies: next(kept, [{ text: "这一处稍后在相应部分修改，已先保留。" }]),
        changes: [],
      };
    }
    const reopened = { ...reopen(s, asked.key), editing: asked.key };
    return { state: reopened, replies: next(reopened), changes: [] };
  }
  if (n === p.options.length + 1 || /^(保留|先保留)/.test(input.trim())) {
    const kept: EngineState = { ...s, pending: null, acknowledged: [...s.acknowledged, ...ids] };
    // other figures that disagree are shown at once, not after the next answer
    const others = decidableFindings(kept);
    if (others.length > 0) {
      const m = mismatchReplies(kept, others, [], "已保留，可随时用 /check 查看");
      return { state: m.state, replies: m.replies, changes: [] };
    }
    return { state: kept, replies: next(kept, [{ text: "已保留，可随时用 /check 查看。" }]), changes: [] };
  }
  return null; // anything else is a normal message: the inconsistency is kept for now (see step)
}
