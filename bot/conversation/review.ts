import type { NarrativeSource, Report } from "../../core/report.js";

export type NarrativeSection = "problems" | "improvements";
export const NARRATIVE_SECTIONS: readonly NarrativeSection[] = ["problems", "improvements"];
export const SECTION_TITLES: Record<NarrativeSection, string> = {
  problems: "五、存在的问题及原因分析",
  improvements: "六、下一步改进措施",
};

/** A drafted text for sections 五 and 六, one line per item, and who wrote it. */
export interface DraftText {
  problems: string[];
  improvements: string[];
  source: "llm" | "offline";
  model: string | null;
  templateVersion: string;
}

/** Where each section stands: the text on offer, and whether it was accepted or replaced by the user. */
export interface NarrativeReview {
  sections: Record<
    NarrativeSection,
    { status: "pending" | "accepted" | "replaced"; lines: string[]; from: NarrativeSource }
  >;
}

const fromDraft = (d: DraftText): NarrativeSource => ({
  source: d.source,
  model: d.model,
  templateVersion: d.templateVersion,
});

/** Starts a review of a draft; sections already accepted or replaced in `previous` stay as they are (regenerate). */
export function reviewDraft(draft: DraftText, previous?: NarrativeReview): NarrativeReview {
  const section = (key: NarrativeSection) => {
    const kept = previous?.sections[key];
    return kept && kept.status !== "pending"
      ? kept
      : { status: "pending" as const, lines: draft[key], from: fromDraft(draft) };
  };
  return { sections: { problems: section("problems"), improvements: section("improvements") } };
}

/** The user accepts a section as drafted. */
export function acceptSection(review: NarrativeReview, key: NarrativeSection): NarrativeReview {
  return { sections: { ...review.sections, [key]: { ...review.sections[key], status: "accepted" } } };
}

/** The user writes a section themselves: one item per non-empty line, list numbers removed (the report numbers them). */
export function replaceSection(
  review: NarrativeReview,
  key: NarrativeSection,
  text: string,
): NarrativeReview {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^(?:\d+\s*[、.．)]|[（(]\d+[）)])\s*/, ""))
    .filter((l) => l.length > 0);
  return {
    sections: {
      ...review.sections,
      [key]: { status: "replaced", lines, from: { source: "user", model: null, templateVersion: null } },
    },
  };
}

/** A reviewed section's items as the report stores them: the list numbers ("1、") are the renderer's. */
export function storedLines(section: NarrativeReview["sections"][NarrativeSection]): string[] {
  return section.lines.map((l) => l.replace(/^\d+、/, ""));
}

/** Writes the accepted or replaced sections into a copy of the report, with their provenance; pending ones are left out. */
export function applyNarrative(report: Report, review: NarrativeReview): Report {
  const next: Report = { ...report, narrative: { ...report.narrative } };
  for (const key of NARRATIVE_SECTIONS) {
    const s = review.sections[key];
    if (s.status === "pending") continue;
    next[key] = storedLines(s);
    next.narrative = { ...next.narrative, [key]: s.from };
  }
  return next;
}
