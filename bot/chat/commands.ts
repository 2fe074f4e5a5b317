import type { Action } from "../../core/access.js";

/** A chat's commands as the service reads them: the command and its argument, and the permission it needs. */

export interface Command {
  name: string;
  arg: string;
}

/** The command a message is, with its argument; null for an answer. */
export function commandOf(text: string): Command | null {
  const m = /^\/([A-Za-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: (m[1] as string).toLowerCase(), arg: (m[2] ?? "").trim() } : null;
}

const ACTIONS: Record<string, Action> = {
  start: "start",
  help: "help",
  status: "status",
  score: "score",
  whatif: "whatif",
  deviations: "deviations",
  check: "check",
  figures: "figures",
  export: "export",
  new: "new",
  back: "back",
  skip: "skip",
  goto: "goto",
  edit: "edit",
  draft: "draft",
  accept: "accept",
  replace: "replace",
  excel: "excel",
  confirm: "confirm",
};
// /reports, /use and /seed read the chat's list; who may switch or start is decided where they are handled

/** The action a message needs permission for. */
export function actionOf(cmd: Command | null): Action {
  if (!cmd) return "answer";
  // final as any word of the argument, as the conversation reads it ("/pdf 报告.pdf 定稿")
  const final = cmd.arg.split(/\s+/).some((w) => /^(定稿|final|正式|--final)$/i.test(w));
  if (cmd.name === "pdf") return final ? "pdf final" : "pdf";
  if (cmd.name === "word") return final ? "word final" : "word";
  if (cmd.name === "members") {
    if (/^(add|添加)/i.test(cmd.arg)) return "members add";
    if (/^(remove|删除|移除)/i.test(cmd.arg)) return "members remove";
    return "members";
  }
  return ACTIONS[cmd.name] ?? "help";
}

export const NEW_EXAMPLE = "/new 衡阳县库区移民事务中心 2020";

/**
 * "衡阳县库区移民事务中心 2020" → unit and year; either may be missing. A project's name after the year
 * ("… 2020 移民后期扶持项目") starts that project's 项目支出 table.
 */
export function parseNewArgs(arg: string): { unit?: string; year?: number; subject?: string; bad?: string } {
  const t = arg.replace(/\s+/g, " ").trim();
  if (t === "") return {};
  const m = /^(.*?)\s*(\d{4})\s*年?度?$/.exec(t) ?? /^(.*?) (\d{4})\s*年?度? (\S.*)$/.exec(t);
  const unit = (m ? (m[1] as string) : t).trim();
  const year = m ? Number(m[2]) : undefined;
  const subject = m?.[3]?.trim();
  if (subject && subject.length > 60)
    return { bad: `项目名称太长（至多 60 字），例如 ${NEW_EXAMPLE} 移民后期扶持项目` };
  if (year !== undefined && (year < 2000 || year > 2100))
    return { bad: `年度应在 2000–2100 之间，例如 ${NEW_EXAMPLE}` };
  if (unit.length > 60) return { bad: `单位名称太长（至多 60 字），例如 ${NEW_EXAMPLE}` };
  return { ...(unit && { unit }), ...(year !== undefined && { year }), ...(subject && { subject }) };
}
