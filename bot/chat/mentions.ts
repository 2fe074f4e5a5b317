import { type Action, type Actor, COMMANDS, refusal } from "../../core/access.js";
import type { EngineState, StepResult } from "../conversation/index.js";
import type { Command } from "./commands.js";
import { type Option, optionsOf, REVIEW_OPTIONS, readsNumbers } from "./messages.js";
import { GROUP_WORDS } from "./words.js";

/**
 * Groups where only @-mentions arrive (钉钉, 企业微信): what the group itself may do (views, the PDF,
 * members, starting a report) and what goes to the private chats (answers and everything that writes);
 * choices answered by their number.
 */
export const NEW_EXAMPLE_WORDS = "@自评助手 新建 衡阳县库区移民事务中心 2020";

export const SEED_IN_GROUP =
  "以一份报告为起点新建下一年度：请在群里 @我 发送“沿用 编号”，例如 @自评助手 沿用 1（编号见群里的“报告列表”）。";

export const HOW_PRIVATE =
  "填写请私聊我：在群成员列表里点我的头像（自评助手）→ 发消息，在私聊里直接回答问题；群里的报告会接着填，谁填的都有记录。";

export function mentionGroupHelp(title: string | null): string {
  return [
    "Zipin 自评助手：帮本单位逐项填写部门整体支出绩效自评，并生成报告（PDF、Word）和附表（Excel）。",
    title ? `本群的报告：“${title}”。` : `开始：${NEW_EXAMPLE_WORDS}（发起人为报告负责人）。`,
    HOW_PRIVATE,
    `在群里 @我 可用：${GROUP_WORDS}。`,
    "负责人或群管理员发送“@自评助手 填报人 添加 @某人”把他加为填报人；群里其他成员可以查看和试算。",
    "群里有多份报告时：“报告列表”列出，“切换 2”换一份填，“沿用 1”以第 1 份为起点新建下一年度。",
  ].join("\n");
}

/**
 * What the group answers instead of doing it: plain answers and anything that writes go to the private
 * chats; null when the group may do it here.
 */
export function groupGate(cmd: Command | null, action: Action, title: string | null): string | null {
  if (cmd?.name === "start" || cmd?.name === "help") return mentionGroupHelp(title);
  // the group's reports are listed, switched and started in the group (who may: as for 新建)
  if (cmd?.name === "new" || cmd?.name === "use" || cmd?.name === "reports" || cmd?.name === "seed")
    return null;
  if (!cmd || COMMANDS[action] === "write") {
    return title ? `群里只看结果，不填写。${HOW_PRIVATE}` : mentionGroupHelp(null);
  }
  return null;
}

/** The choices a bare number may answer: those of the question awaited, else a draft's review. */
function choicesOf(s: EngineState, now: StepResult): Option[] {
  const asked = optionsOf(now.replies.at(-1));
  if (asked) return asked;
  const sections = s.review?.sections;
  const pending = sections && Object.values(sections).some((x) => x?.status === "pending");
  return pending ? REVIEW_OPTIONS : [];
}

/** A bare number sent where choices are numbered: the input of that choice (the text itself otherwise). */
export function numberedInput(s: EngineState, now: () => StepResult, text: string): string {
  const t = text.trim();
  if (!/^\d{1,2}$/.test(t)) return text;
  const options = choicesOf(s, now());
  if (readsNumbers(options)) return text;
  if (options.some((o) => o.input === t)) return t;
  const picked = options[Number(t) - 1];
  return picked ? picked.input : text;
}

/** Why an action was refused, in the words of a messenger where members are added by @-mention. */
export function mentionRefusal(actor: Actor, action: Action): string {
  const need = COMMANDS[action];
  if (need === "final") return "只有报告负责人或群管理员可以生成正式版（定稿）。";
  if (need === "manage") return "只有报告负责人或群管理员可以管理填报人。";
  if (need !== "write") return refusal(actor, action);
  return "你还不是这份报告的填报人，只能查看（进度、得分、试算、偏差）。请报告负责人在群里发送“@自评助手 填报人 添加 @你”。";
}
