/**
 * Who may do what with a report: one table, used by every chat adapter and tested command × role.
 *
 * A report belongs to one chat. In that chat its owner (who started it) and the editors fill it in;
 * a group administrator who is not a member may manage members and issue the final PDF; everyone else
 * in the chat may only read. Nobody outside the chat can reach it at all (adapters look reports up by
 * the chat the message came from, never by an id typed in a message).
 */
export type Actor = "owner" | "editor" | "admin" | "reader";

/** What an action needs. */
export type Permission = "read" | "write" | "manage" | "final";

const GRANTS: Record<Actor, ReadonlySet<Permission>> = {
  owner: new Set(["read", "write", "manage", "final"]),
  editor: new Set(["read", "write"]),
  admin: new Set(["read", "manage", "final"]),
  reader: new Set(["read"]),
};

/** The permission each command needs; an answer to a question (plain text, a button) needs "write". */
export const COMMANDS = {
  start: "read",
  help: "read",
  status: "read",
  score: "read",
  whatif: "read",
  deviations: "read",
  check: "read",
  figures: "read",
  export: "read",
  pdf: "read",
  "pdf final": "final",
  word: "read",
  "word final": "final",
  excel: "read",
  members: "read",
  "members add": "manage",
  "members remove": "manage",
  new: "read",
  back: "write",
  skip: "write",
  goto: "write",
  edit: "write",
  draft: "write",
  accept: "write",
  replace: "write",
  answer: "write",
  import: "write",
  confirm: "write",
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof COMMANDS;

export function can(actor: Actor, action: Action): boolean {
  return GRANTS[actor].has(COMMANDS[action]);
}

/** The actor a person is for a report: their membership first, then their rank in the group. */
export function actorOf(role: "owner" | "editor" | undefined, isGroupAdmin: boolean): Actor {
  return role ?? (isGroupAdmin ? "admin" : "reader");
}

/** Why an action was refused, in the words the chat shows. */
export function refusal(actor: Actor, action: Action): string {
  const need = COMMANDS[action];
  if (need === "final") return "只有报告负责人或群管理员可以生成正式版（/pdf final、/word final）。";
  if (need === "manage") return "只有报告负责人或群管理员可以管理填报人（/members add、/members remove）。";
  return actor === "admin"
    ? "你是群管理员，但还不是这份报告的填报人：可用 /members add 回复自己的消息把自己加为填报人。"
    : "你还不是这份报告的填报人，只能查看（/status、/score、/whatif、/deviations）。请报告负责人回复你的消息发送 /members add 把你加为填报人。";
}
