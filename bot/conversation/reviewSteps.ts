import { next } from "./asking.js";
import { getAt, setAt } from "./draft.js";
import {
  acceptSection,
  type DraftText,
  type NarrativeReview,
  type NarrativeSection,
  replaceSection,
  reviewDraft,
  SECTION_TITLES,
  storedLines,
} from "./review.js";
import { type AnswerChange, type EngineState, json, type Outcome } from "./state.js";

/** The review of a draft of 五 and 六 in the conversation: the draft arrives, /accept, /replace. */
const SECTION_NAMES: Record<string, NarrativeSection[]> = {
  五: ["problems"],
  六: ["improvements"],
  全部: ["problems", "improvements"],
};

/** A draft of 五 and 六 arrives (written by the adapter's drafter): it goes under review. */
export function withDraft(s: EngineState, draft: DraftText): Outcome {
  const review = reviewDraft(draft, s.review);
  const state: EngineState = { ...s, review };
  return { state, replies: [{ text: reviewText(review) }], changes: [] };
}

function reviewText(review: NarrativeReview): string {
  const lines: string[] = [];
  for (const key of ["problems", "improvements"] as const) {
    const sec = review.sections[key];
    const by =
      sec.from.source === "llm"
        ? `大模型 ${sec.from.model ?? ""}（模板 ${sec.from.templateVersion ?? ""}）`
        : sec.from.source === "offline"
          ? "离线模板"
          : "人工撰写";
    const status = sec.status === "pending" ? "待确认" : sec.status === "accepted" ? "已接受" : "已替换";
    lines.push(`${SECTION_TITLES[key]}【${status}，${by}】`, ...sec.lines, "");
  }
  lines.push(
    "/accept 五、/accept 六 或 /accept 全部 接受；/draft 重新起草未接受的部分；/replace 五 你的文字（各条用“；”或换行分开）替换",
  );
  return lines.join("\n");
}

/**
 * Writes an accepted or replaced section into the report being filled in, with its provenance: its
 * lines are answered (never asked again, never overwritten by the next answer) and its list finished.
 */
function applySection(s: EngineState, key: NarrativeSection): EngineState {
  const sec = s.review?.sections[key];
  if (!sec || sec.status === "pending") return s;
  const lines = storedLines(sec);
  let draft = setAt(s.draft, key, lines);
  draft = setAt(draft, `narrative.${key}`, sec.from);
  // lines answered before and now gone are no longer answered
  const stale = (k: string) => k.startsWith(`${key}.`) && Number(k.slice(key.length + 1)) >= lines.length;
  const answered = [...s.answered.filter((k) => !stale(k)), ...lines.map((_, i) => `${key}.${i}`)];
  return {
    ...s,
    draft,
    pending: null,
    answered: [...new Set(answered)],
    closed: s.closed.includes(key) ? s.closed : [...s.closed, key],
  };
}

export function reviewCommand(s: EngineState, name: "accept" | "replace", arg: string): Outcome {
  if (!s.review)
    return { state: s, replies: [{ text: "还没有草稿。先用 /draft 起草第五、六部分。" }], changes: [] };
  const m = /^(五|六|全部)\s*([\s\S]*)$/.exec(arg.trim());
  const sections = m ? SECTION_NAMES[m[1] as string] : undefined;
  if (!m || !sections)
    return { state: s, replies: [{ text: `请写明哪一部分，例如：/${name} 五` }], changes: [] };
  let state = s;
  if (name === "accept") {
    for (const key of sections)
      state = { ...state, review: acceptSection(state.review as NarrativeReview, key) };
  } else {
    const text = (m[2] ?? "").trim();
    if (sections.length !== 1 || text === "") {
      return {
        state: s,
        replies: [
          { text: "请写出替换的文字，例如：/replace 六 人员核实工作时间提前；按规定时间发放直补资金" },
        ],
        changes: [],
      };
    }
    const lines = text.includes("\n") ? text : text.split(/；(?=\S)/).join("\n");
    state = {
      ...state,
      review: replaceSection(state.review as NarrativeReview, sections[0] as NarrativeSection, lines),
    };
  }
  const changes: AnswerChange[] = [];
  for (const key of sections) {
    const before = getAt(state.draft, key);
    state = applySection(state, key);
    changes.push({ field: key, value: json(getAt(state.draft, key)), previous: json(before) });
  }
  // what is asked now follows the review: the next question, not the one the screen showed before
  return { state, replies: next(state, [{ text: reviewText(state.review as NarrativeReview) }]), changes };
}
