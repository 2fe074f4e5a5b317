import type { DraftFact, DraftInput } from "./input.js";
import type { Narrative } from "./schema.js";

/**
 * The offline drafter: plain, correct sentences from the same facts, with no model. Used when no LLM
 * is configured or when it keeps failing, so a report can always be finished. Every number it writes
 * is copied from a fact, so it is grounded by construction (a test checks it anyway).
 */
export const OFFLINE_VERSION = "offline-2026-11-26";

/** The cause written when the staff gave none. */
export const CAUSE_MISSING = "原因尚待核实";

/** An indicator's name for prose: without the unit in brackets ("资金直补受益移民（人）" → "资金直补受益移民"). */
function plainName(indicator: string): string {
  return indicator.replace(/\s*[（(][^（）()]*[）)]\s*$/, "");
}

function problemOf(f: DraftFact): { description: string; cause: string } {
  const cause = f.cause?.trim() ? f.cause.trim().replace(/[。；;]+$/, "") : CAUSE_MISSING;
  const name = plainName(f.indicator);
  switch (f.kind) {
    case "deadline":
      return {
        description: `${name}未按期完成（要求${f.target}，实际${f.actual}${f.gap ? `，滞后${f.gap}` : ""}）`,
        cause,
      };
    case "execution":
      return {
        description: `预算执行率为${f.actual}，未达到${f.target}${f.gap ? `，尚有${f.gap}未执行` : ""}`,
        cause,
      };
    case "far-exceeded":
      return {
        description: `${name}完成值${f.actual}大幅超过指标值${f.target}，年初目标设定偏低`,
        cause,
      };
    case "plan-gap":
      return {
        description: `${name}${f.target}，${f.actual}${f.gap ? `，相差${f.gap}` : ""}`,
        cause,
      };
    default:
      return {
        description: `${name}未完成年度目标（指标值${f.target}，完成值${f.actual}${f.gap ? `，相差${f.gap}` : ""}）`,
        cause,
      };
  }
}

function measureOf(f: DraftFact): string {
  const name = plainName(f.indicator);
  switch (f.kind) {
    case "deadline":
      return `提前做好${name.replace(/时间$/, "")}的各项准备工作，确保在规定时限内完成`;
    case "execution":
      return "加强预算执行进度管理，按月跟踪资金支付，提高预算执行率";
    case "far-exceeded":
      return `结合以前年度实际完成情况，科学合理设定${name}的年度目标值`;
    case "plan-gap":
      return `加强${name}的计划管理和执行跟踪，及时核对计划、到位和使用情况`;
    default:
      return `加强${name}相关工作的过程管理，及时核实基础数据，确保完成年度目标`;
  }
}

/** Drafts sections 五 and 六 from the facts with fixed sentence patterns. */
export function offlineNarrative(input: DraftInput): Narrative {
  return {
    problems: input.facts.map((f) => ({ ref: f.ref, ...problemOf(f) })),
    improvements: input.facts.map((f) => ({ problemRef: f.ref, measure: measureOf(f) })),
  };
}
