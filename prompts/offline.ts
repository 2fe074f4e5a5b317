import type { DraftFact, DraftInput } from "./input.js";
import type { Narrative } from "./schema.js";

/**
 * The offline drafter: plain, correct sentences from the same facts, with no model. Used when no LLM
 * is configured or when it keeps failing, so a report can always be finished. Every number it writes
 * is copied from a fact, so it is grounded by construction (a test checks it anyway).
 */
export const OFFLINE_VERSION = "offline-2026-11-30";

/** The cause written when the staff gave none. */
export const CAUSE_MISSING = "原因尚待核实";

/** An indicator's name for prose: without the unit in brackets ("资金直补受益移民（人）" → "资金直补受益移民"). */
function plainName(indicator: string): string {
  return indicator.replace(/\s*[（(][^（）()]*[）)]\s*$/, "");
}

/** "示范基地建设资金" uses its money; "年度目标“…”" or "培训农民" uses the money planned for it. */
function moneyOf(name: string): string {
  return /(?:资金|经费|款)$/.test(name) ? name : `${name}的资金`;
}

/** What a shortfall found by the plausibility rules is, in a 财政 office's words. */
function planGapProblem(f: DraftFact): string {
  const name = plainName(f.indicator);
  switch (f.topic) {
    case "arrival":
      return `${name}未足额到位`;
    case "spending":
      return `${moneyOf(name)}使用进度偏慢`;
    case "work":
      return `${name}未按计划完成`;
    case "controlled":
      // 附件1-1's row "压缩一般性支出": the spending that was to be cut
      return name.startsWith("压缩") ? `${name.slice(2)}未按要求压缩` : `${name}超出控制要求`;
    case "staff":
      return "在职人员超过编制";
    default:
      return `${name}计划与实际不符`;
  }
}

/** The measure that answers it. */
function planGapMeasure(f: DraftFact): string {
  const name = plainName(f.indicator);
  switch (f.topic) {
    case "arrival":
      return `加强与上级主管部门和财政部门的沟通衔接，督促${name}及时足额到位`;
    case "spending":
      return `加快${name.startsWith("年度目标") ? name.slice(4) : name}的实施进度和资金支付，及时办理验收结算，提高资金使用效益`;
    case "work":
      return `对照年度计划按月调度${name}进度，确保按期完成`;
    case "controlled":
      return `严格执行厉行节约各项规定，从严控制${name.replace(/^压缩/, "")}，确保不超预算、不超上年`;
    case "staff":
      return "严格执行机构编制管理规定，按核定编制配备人员";
    default:
      return `对照年度计划核实${name}的执行情况，及时说明差异`;
  }
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
      return { description: `${planGapProblem(f)}，${f.target}，${f.actual}`, cause };
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
      return planGapMeasure(f);
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
