import { describe, expect, it } from "vitest";
import { ChatService, type Incoming, type Outgoing } from "../../../bot/chat/service.js";
import { MemoryRepository } from "../../../storage/memory.js";

/**
 * A message handled before a kill -9 comes again after the restart (its handled mark was not written):
 * its answer is stored already, so it is acknowledged as such — not refused as an answer to a question
 * somebody else answered, and not read as an answer to the question asked now.
 */
const text = (out: Outgoing[]) => out.map((o) => o.text).join("\n");

describe("a message that comes again after a restart", () => {
  it("in a group, replying to the question it answered: 已记录, nothing stored twice", async () => {
    const repo = new MemoryRepository();
    const service = new ChatService({ repo, llm: null });
    const from = { id: "tg:1", name: "王会计" };
    const base = {
      chatId: "tg:-5",
      group: true,
      from,
      isAdmin: async () => false,
      memberOf: async () => null,
    };
    const started = await service.handle({
      ...base,
      key: "tg:1",
      text: "/new 甲县测试单位 2021",
    } as Incoming);
    const asked = started.at(-1)?.ask;
    expect(text(started)).toContain("金额用什么单位填报");
    const answer = { ...base, key: "tg:2", text: "万元", repliesTo: asked } as Incoming;
    const first = await service.handle(answer);
    const again = await service.handle(answer);
    const [report] = await repo.findByChat("tg:-5");
    const history = await repo.history(report?.id as string);
    expect(text(first).startsWith("已记录。")).toBe(true);
    expect(text(again).startsWith("已记录。")).toBe(true);
    expect(text(again)).not.toContain("已经有人回答");
    expect(history.map((a) => [a.field, a.value])).toEqual([["unit.moneyUnit", '"万元"']]);
  });

  it("in a private chat (no reply-to), an answer the next question refuses: 已记录, not a refusal", async () => {
    const repo = new MemoryRepository();
    const service = new ChatService({ repo, llm: null });
    const from = { id: "tg:2", name: "李出纳" };
    const base = {
      chatId: "tg:2",
      group: false,
      from,
      isAdmin: async () => false,
      memberOf: async () => null,
    };
    await service.handle({ ...base, key: "tg:10", text: "/new 甲县测试单位 2021" } as Incoming);
    const unit = { ...base, key: "tg:11", text: "1" } as Incoming; // choice 1: 万元
    expect(text(await service.handle(unit))).toContain("按哪一种表样填报");
    const form = { ...base, key: "tg:12", text: "1" } as Incoming; // choice 1: the Hunan set
    expect(text(await service.handle(form))).toContain("金额单位：万元");
    const [before] = await repo.findByChat("tg:2");
    // the next question (the unit's functions, in words) does not take a bare number
    const again = await service.handle(form);
    const [after] = await repo.findByChat("tg:2");
    expect(text(again)).toBe("已记录。\n一、单位基本情况：请简述单位的主要职能。");
    expect(after?.version).toBe(before?.version);
    // the same words in a new message are an answer to that question, and refused as one
    const fresh = text(await service.handle({ ...form, key: "tg:13" }));
    expect(fresh.startsWith("已记录。")).toBe(false);
    expect(fresh).toContain("主要职能");
  });
});
