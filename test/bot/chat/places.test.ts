import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ChatService, type Incoming, type Outgoing } from "../../../bot/chat/service.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { SAMPLE_PATH } from "../../helpers.js";

/**
 * Who may do what where groups deliver only @-mentions (钉钉, 企业微信), messenger-neutral: every command ×
 * role × place (the group itself, a private chat on the group's report). Owner 王, editor 李, group admin
 * 钱 (not a member of the report), member 赵 (in the group, not an editor), 孙 (a member of another
 * group only) and 周 (never in any group). The group's report is “甲县测试单位2021年度” (prefilled from the
 * sample under that name): nobody outside the group sees a trace of it.
 */
const repo = new MemoryRepository();
const service = new ChatService({ repo, llm: null });
const G = "dingtalk:g:cidACCESS";
const OTHER = "dingtalk:g:cidOTHER";
const people = {
  owner: { id: "dingtalk:1", name: "王" },
  editor: { id: "dingtalk:2", name: "李" },
  admin: { id: "dingtalk:3", name: "钱" },
  member: { id: "dingtalk:4", name: "赵" },
  otherGroup: { id: "dingtalk:5", name: "孙" },
  stranger: { id: "dingtalk:6", name: "周" },
} as const;
type Who = keyof typeof people;
let key = 0;
function send(who: Who, where: "group" | "private" | "other", text?: string, file?: string) {
  const from = people[who];
  const m: Incoming = {
    chatId: where === "group" ? G : where === "other" ? OTHER : from.id,
    group: where !== "private",
    from,
    key: `k${key++}`,
    mentionsOnly: true,
    numbered: true,
    isAdmin: async () => who === "admin" && where === "group",
    memberOf: async () => null, // as on 企业微信: the platform cannot tell, membership is what was seen
    ...(text !== undefined && { text }),
    ...(file !== undefined && {
      document: { name: "hengyang-2020.json", size: file.length, read: async () => file },
    }),
  };
  return service.handle(m);
}
const text = (out: Outgoing[]) => out.map((o) => o.text).join("\n");
const stateOfG = async () => (await repo.findByChat(G))[0]?.state;
const REFUSED = /只能查看|只有报告负责人或群管理员|不是这份报告的填报人/;
const PRIVATE = /^群里只看结果，不填写。填写请私聊我/;

beforeAll(async () => {
  const sample = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
  sample.unit.name = "甲县测试单位";
  sample.unit.year = 2021;
  expect(text(await send("owner", "group", "/new 甲县测试单位 2021"))).toMatch(/^已新建/);
  for (const who of ["editor", "admin", "member"] as const) await send(who, "group", "/help");
  await send("otherGroup", "other", "/help");
  await send("owner", "private", "开始");
  expect(text(await send("owner", "private", undefined, JSON.stringify(sample)))).toContain("已导入");
  const added = await service.handle({
    chatId: G,
    group: true,
    from: people.owner,
    key: `k${key++}`,
    mentionsOnly: true,
    text: "/members add",
    target: people.editor,
    isAdmin: async () => false,
  });
  expect(text(added)).toBe("已添加填报人：李\n负责人：王\n填报人：李");
  for (const who of ["editor", "member"] as const) await send(who, "private", "开始");
});

const READS = [
  "/status",
  "/score",
  "/whatif 资金直补受益移民（人）=23330",
  "/deviations",
  "/check",
  "/export",
  "/pdf",
];
const WRITES = ["（回答）", "/back", "/skip", "/goto 二", "/edit 二 1", "/draft"];
const inputOf = (c: string) => (c === "（回答）" ? "2" : c);

describe("in the group itself", () => {
  for (const who of ["owner", "editor", "admin", "member"] as const) {
    it(`${who}: every view is answered; everything that writes is sent to the private chat`, async () => {
      for (const c of READS) expect(text(await send(who, "group", c))).not.toMatch(REFUSED);
      const before = await stateOfG();
      for (const c of WRITES) expect(text(await send(who, "group", inputOf(c)))).toMatch(PRIVATE);
      expect(await stateOfG()).toEqual(before);
    });
  }
  it("members are managed by the owner and a group admin only; /pdf final likewise", async () => {
    const manage = async (who: Who) =>
      text(
        await service.handle({
          chatId: G,
          group: true,
          from: people[who],
          key: `k${key++}`,
          mentionsOnly: true,
          text: "/members add",
          target: people.member,
          isAdmin: async () => who === "admin",
        }),
      );
    expect(await manage("editor")).toBe("只有报告负责人或群管理员可以管理填报人。");
    expect(await manage("member")).toBe("只有报告负责人或群管理员可以管理填报人。");
    expect(await manage("admin")).toMatch(/^已添加填报人：赵/);
    expect(text(await send("admin", "group", "/members remove 赵"))).toMatch(/^已移除：赵/);
    expect(text(await send("editor", "group", "/pdf final"))).toBe(
      "只有报告负责人或群管理员可以生成正式版（定稿）。",
    );
    expect(text(await send("admin", "group", "/pdf final"))).not.toMatch(REFUSED);
  });
});

describe("in a private chat, on the group's report", () => {
  for (const who of ["owner", "editor"] as const) {
    it(`${who}: reads and writes`, async () => {
      for (const c of READS) expect(text(await send(who, "private", c))).not.toMatch(REFUSED);
      for (const c of WRITES) expect(text(await send(who, "private", inputOf(c)))).not.toMatch(REFUSED);
      expect(text(await send(who, "private", "/score"))).toContain("甲县测试单位");
    });
  }
  it("a member of the group who is not an editor reads, and may not write", async () => {
    for (const c of READS) expect(text(await send("member", "private", c))).not.toMatch(REFUSED);
    const before = await stateOfG();
    for (const c of WRITES) expect(text(await send("member", "private", inputOf(c)))).toMatch(REFUSED);
    expect(text(await send("member", "private", "/pdf final"))).toMatch(REFUSED);
    expect(await stateOfG()).toEqual(before);
  });
  it("the owner issues the final PDF from a private chat; an editor may not", async () => {
    expect(text(await send("editor", "private", "/pdf final"))).toMatch(REFUSED);
    expect(text(await send("owner", "private", "/pdf final"))).not.toMatch(REFUSED);
  });
  for (const who of ["otherGroup", "stranger"] as const) {
    it(`${who}: nothing of the group's report, whatever they send`, async () => {
      const before = await stateOfG();
      for (const c of [...READS, ...WRITES, "/use", "/use 1", "/reports", "/seed", "/seed 1", "/pdf final"]) {
        const out = text(await send(who, "private", inputOf(c)));
        expect(out).not.toContain("甲县测试单位");
      }
      expect(await stateOfG()).toEqual(before);
      const [report] = await repo.findByChat(G);
      expect((await repo.history(report?.id as string)).some((a) => a.by === people[who].id)).toBe(false);
    });
  }
});
