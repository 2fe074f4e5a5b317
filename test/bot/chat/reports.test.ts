import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HOW_PRIVATE } from "../../../bot/chat/mentions.js";
import { ChatService, type Incoming, type Outgoing } from "../../../bot/chat/service.js";
import { CachedRepository } from "../../../storage/cached.js";
import { MemoryRepository } from "../../../storage/memory.js";
import { openRepository } from "../../../storage/prisma.js";
import type { ReportRepository } from "../../../storage/repository.js";

/**
 * Several reports in one group: /reports, /use, /seed, exchanges replayed message by message. The
 * expected texts are written out by hand: "已答 N 题" counts the questions answered, and /new 单位 年度
 * answers two (单位名称, 年度); 万元 and the form (1: Hunan's 部门整体) two more.
 */
const text = (out: Outgoing[]) => out.map((o) => o.text).join("\n");
const lines = (out: Outgoing[]) => text(out).split("\n");
const dir = mkdtempSync(join(tmpdir(), "zipin-reports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const G = "tg:-700";
const WANG = { id: "tg:1", name: "王会计" };
const ZHAO = { id: "tg:3", name: "赵科员" };
const SEED_LINE = "以某一份为起点新建下一年度（原报告不变）：/seed 编号，例如 /seed 1";
const FUNCTIONS = "一、单位基本情况：请简述单位的主要职能。";

function chat(repo: ReportRepository, keys = "tg") {
  const service = new ChatService({ repo, llm: null });
  let key = 0;
  let asked: string | undefined;
  const send = async (from: typeof WANG, t: string, extra: Partial<Incoming> = {}) => {
    const m = {
      chatId: G,
      group: true,
      from,
      key: `${keys}:${++key}`,
      text: t,
      isAdmin: async () => false,
      memberOf: async () => null,
      ...extra,
    } as Incoming;
    const out = await service.handle(m);
    asked = [...out].reverse().find((o) => o.ask !== undefined)?.ask ?? asked;
    return out;
  };
  /** an answer, as a reply to the question the bot asked last */
  const answer = (from: typeof WANG, t: string) => send(from, t, { repliesTo: asked });
  return { send, answer };
}

async function reportsOf(repo: ReportRepository) {
  const list = await repo.findByChat(G);
  return list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** The group of the tests: 甲县测试单位's 2020 部门整体 report (money unit and form answered), then its project's table. */
async function twoReports(repo: ReportRepository) {
  const c = chat(repo);
  expect(text(await c.send(WANG, "/new 甲县测试单位 2020"))).toContain(
    "已新建“甲县测试单位2020年度”，负责人：王会计。",
  );
  expect(text(await c.answer(WANG, "万元"))).toContain("按哪一种表样填报");
  expect(text(await c.answer(WANG, "1")).endsWith(FUNCTIONS)).toBe(true); // 1: the Hunan 部门整体 set
  const second = await c.send(WANG, "/new 甲县测试单位 2020 移民后期扶持项目");
  expect(lines(second)).toEqual([
    "已新建“甲县测试单位2020年度 移民后期扶持项目”，负责人：王会计。",
    "金额用什么单位填报？",
  ]);
  return { c, button: second.at(-1)?.button, options: second.at(-1)?.options };
}

const LIST_TWO = (current: 1 | 2) =>
  [
    "本群的报告（共 2 份）：",
    `1. 甲县测试单位2020年度 部门整体（草稿，已答 4 题）${current === 1 ? " ← 当前" : ""}`,
    `2. 甲县测试单位2020年度 移民后期扶持项目 项目支出（草稿，已答 2 题）${current === 2 ? " ← 当前" : ""}`,
    "切换请发送 /use 编号，例如 /use 2",
    SEED_LINE,
  ].join("\n");

describe.each([
  ["memory", async () => new MemoryRepository()],
  ["SQLite", async () => new CachedRepository(await openRepository(join(dir, `g-${Math.random()}.db`)))],
] as const)("several reports in a group (%s)", (_name, open) => {
  it("the 部门整体 report and a 项目支出 table of the same unit and year coexist; /reports lists both, the current marked", async () => {
    const repo = await open();
    const { c } = await twoReports(repo);
    const [dept, project] = await reportsOf(repo);
    expect([dept?.subject, project?.subject, project?.unit, project?.year]).toEqual([
      "",
      "移民后期扶持项目",
      "甲县测试单位",
      2020,
    ]);
    // the new one is current; 2 answered (单位名称, 年度): its project's name is asked once a 项目支出 form is chosen
    expect(text(await c.send(ZHAO, "/reports"))).toBe(LIST_TWO(2));
    // /new of the 部门整体 report again is that report, not a third one
    expect(
      text(await c.send(WANG, "/new 甲县测试单位 2020")).startsWith("继续填写“甲县测试单位2020年度”。"),
    ).toBe(true);
    expect((await repo.findByChat(G)).length).toBe(2);
    expect(text(await c.send(ZHAO, "/reports"))).toBe(LIST_TWO(1));
    await repo.close();
  });

  it("/use 2 switches, and the next answer goes to report 2; a reader's /use is refused and nothing changes; a bad number lists again", async () => {
    const repo = await open();
    const { c } = await twoReports(repo);
    await c.send(WANG, "/use 1");
    const [dept, project] = await reportsOf(repo);
    expect(await repo.currentOf(G)).toBe(dept?.id);

    const refused = await c.send(ZHAO, "/use 2");
    expect(text(refused)).toBe(
      "本群正在填写“甲县测试单位2020年度”的报告。只有它的负责人、填报人或群管理员可以新建或切换报告。",
    );
    expect(await repo.currentOf(G)).toBe(dept?.id);

    expect(text(await c.send(WANG, "/use 9"))).toBe(
      `没有第 9 份报告。请写列表中的编号，例如 /use 2。\n${LIST_TWO(1)}`,
    );
    expect(text(await c.send(WANG, "/use 第二份"))).toBe(
      `“第二份”不是编号。请写列表中的编号，例如 /use 2。\n${LIST_TWO(1)}`,
    );

    const switched = await c.send(WANG, "/use 2");
    expect(lines(switched)[0]).toBe("已切换到“甲县测试单位2020年度 移民后期扶持项目”（草稿）。");
    // where it stands, then its next question (the money unit), asked of the sender with its buttons
    expect(lines(switched).at(-1)).toBe("金额用什么单位填报？");
    expect(switched.at(-1)?.options?.map((o) => o.label)).toEqual(["万元", "元"]);
    expect(await repo.currentOf(G)).toBe(project?.id);

    const before = JSON.stringify((await repo.get(dept?.id as string))?.state);
    expect(text(await c.answer(WANG, "元")).startsWith("已记录。")).toBe(true);
    expect((await repo.history(project?.id as string)).map((a) => [a.field, a.value])).toEqual([
      ["unit.moneyUnit", '"元"'],
    ]);
    expect(JSON.stringify((await repo.get(dept?.id as string))?.state)).toBe(before);
    expect((await repo.history(dept?.id as string)).map((a) => a.field)).toEqual(["unit.moneyUnit", "form"]);
    await repo.close();
  });

  it("a button of a report that is no longer current is refused as expired", async () => {
    const repo = await open();
    const { c, button, options } = await twoReports(repo);
    expect(options?.map((o) => o.label)).toEqual(["万元", "元"]); // report 2's money unit question
    await c.send(WANG, "/use 1");
    const [dept, project] = await reportsOf(repo);
    const [d0, p0] = [
      (await repo.get(dept?.id as string))?.version,
      (await repo.get(project?.id as string))?.version,
    ];
    const pressed = await c.send(WANG, options?.[0]?.input as string, { button });
    expect(lines(pressed)[0]).toBe("这个按钮已过期（问题已经回答或换了）。");
    expect(lines(pressed).at(-1)).toBe(FUNCTIONS); // what the current report asks
    expect([
      (await repo.get(dept?.id as string))?.version,
      (await repo.get(project?.id as string))?.version,
    ]).toEqual([d0, p0]);
    await repo.close();
  });

  it("a reply to a question of another report of the group is not stored in the current one, even where both ask the same", async () => {
    const repo = await open();
    const c = chat(repo);
    const first = await c.send(WANG, "/new 甲县测试单位 2020 项目甲");
    const askedByFirst = first.at(-1)?.ask;
    expect(lines(first).at(-1)).toBe("金额用什么单位填报？");
    // a second project's table: it asks the same question, and is now the group's current report
    expect(lines(await c.send(WANG, "/new 甲县测试单位 2020 项目乙")).at(-1)).toBe("金额用什么单位填报？");
    const late = await c.send(WANG, "万元", { repliesTo: askedByFirst });
    expect(lines(late)).toEqual([
      "这条没有记录：那个问题属于另一份报告，现在填写的是“甲县测试单位2020年度 项目乙”（/reports 查看全部）。",
      "金额用什么单位填报？",
    ]);
    const [a, b] = await reportsOf(repo);
    expect([a?.subject, b?.subject]).toEqual(["项目甲", "项目乙"]);
    expect((await repo.history(a?.id as string)).length).toBe(0);
    expect((await repo.history(b?.id as string)).length).toBe(0);
    // the reply to the current report's own question is its answer
    await c.answer(WANG, "万元");
    expect((await repo.history(b?.id as string)).map((x) => JSON.parse(x.value as string))).toEqual(["万元"]);
    await repo.close();
  });
  it("/seed 1 starts 2021 from 2020 and leaves 2020 byte for byte; again, it is refused and nothing changes", async () => {
    const repo = await open();
    const { c } = await twoReports(repo);
    expect(text(await c.send(WANG, "/seed"))).toBe(
      [
        "以某一份为起点新建下一年度（原报告不变）：/seed 编号，例如 /seed 1。也可以发送上年的报告文件（.json），说明写 /seed。",
        LIST_TWO(2),
      ].join("\n"),
    );
    // the project's table has no money unit yet: it cannot be a starting point
    expect(text(await c.send(WANG, "/seed 2"))).toBe(
      "“甲县测试单位2020年度 移民后期扶持项目”还没有填写金额单位，不能作为起点；请先接着填它，或选另一份。",
    );
    const [dept] = await reportsOf(repo);
    const before = await repo.get(dept?.id as string);
    const seeded = await c.send(WANG, "/seed 1");
    expect(lines(seeded)[0]).toBe("已新建“甲县测试单位2021年度”，负责人：王会计。原来的报告没有改动。");
    expect(lines(seeded)[1]).toBe(
      "已以“甲县测试单位2020年度”为起点（2021年度）：沿用单位、表样、项目和指标，今年的数字逐项再问。",
    );
    expect(lines(seeded).at(-1)).toBe(FUNCTIONS);
    const after = await repo.get(dept?.id as string);
    expect([JSON.stringify(after?.state), after?.version, after?.year]).toEqual([
      JSON.stringify(before?.state),
      before?.version,
      2020,
    ]);
    const list = await reportsOf(repo);
    expect(list.map((r) => [r.unit, r.year, r.subject])).toEqual([
      ["甲县测试单位", 2020, ""],
      ["甲县测试单位", 2020, "移民后期扶持项目"],
      ["甲县测试单位", 2021, ""],
    ]);
    const fresh = list[2];
    expect(await repo.currentOf(G)).toBe(fresh?.id);
    const seededState = fresh?.state as { answered: string[]; draft: { form?: string } };
    // the seed answered what last year's report had: 单位名称, 年度, 金额单位 and its form
    expect(seededState.answered.sort()).toEqual(["form", "unit.moneyUnit", "unit.name", "unit.year"].sort());
    expect(seededState.draft.form).toBe("hunan-2020-dept");

    const versions = async () =>
      (await reportsOf(repo)).map((r) => [r.id, r.version, JSON.stringify(r.state)]);
    const was = await versions();
    expect(text(await c.send(WANG, "/seed 1"))).toBe(
      "本群已有“甲县测试单位2021年度”的报告，没有新建，也没有改动任何报告。要接着填那一份，请发送 /use 3",
    );
    expect(await versions()).toEqual(was);
    // a reader may not start one
    expect(text(await c.send(ZHAO, "/seed 2"))).toBe(
      "本群正在填写“甲县测试单位2021年度”的报告。只有它的负责人、填报人或群管理员可以新建或切换报告。",
    );
    await repo.close();
  });

  it("a report file sent with the caption /seed starts the next year's report from it", async () => {
    const repo = await open();
    const { c } = await twoReports(repo);
    const content = readFileSync(new URL("../../../examples/hengyang-2020.json", import.meta.url), "utf8");
    const document = {
      name: "hengyang-2020.json",
      size: Buffer.byteLength(content),
      read: async () => content,
    };
    const out = await c.send(WANG, "/seed", { document });
    expect(lines(out)[0]).toBe(
      "已新建“衡阳县库区移民事务中心2021年度”，负责人：王会计。原来的报告没有改动。",
    );
    const list = await reportsOf(repo);
    expect(list.map((r) => [r.unit, r.year])).toEqual([
      ["甲县测试单位", 2020],
      ["甲县测试单位", 2020],
      ["衡阳县库区移民事务中心", 2021],
    ]);
    expect(await repo.currentOf(G)).toBe(list[2]?.id);
    const again = await c.send(WANG, "/seed", { document });
    expect(text(again)).toBe(
      "本群已有“衡阳县库区移民事务中心2021年度”的报告，没有新建，也没有改动任何报告。要接着填那一份，请发送 /use 3",
    );
    await repo.close();
  });

  it("a report file with /seed from a reader is refused before it is read; a Word file with /seed is told what counts", async () => {
    const repo = await open();
    const { c } = await twoReports(repo);
    let reads = 0;
    const content = readFileSync(new URL("../../../examples/hengyang-2020.json", import.meta.url), "utf8");
    const json = {
      name: "hengyang-2020.json",
      size: Buffer.byteLength(content),
      read: async () => {
        reads++;
        return content;
      },
    };
    expect(text(await c.send(ZHAO, "/seed", { document: json }))).toBe(
      "本群正在填写“甲县测试单位2020年度 移民后期扶持项目”的报告。只有它的负责人、填报人或群管理员可以新建或切换报告。",
    );
    expect(reads).toBe(0);
    const docx = { name: "2020年自评报告.docx", size: 1000, read: async () => "" };
    expect(text(await c.send(WANG, "/seed", { document: docx }))).toBe(
      "以文件为起点只认报告文件（.json，例如 /export 导出的 hengyang-2020.json），收到的是“2020年自评报告.docx”。上年的 Word 报告请不带说明直接发送：按上年的报告导入。",
    );
    expect((await reportsOf(repo)).length).toBe(2);
    await repo.close();
  });

  it("a report file of another year sent without /seed is not imported over the report being filled", async () => {
    const repo = await open();
    const { c } = await twoReports(repo);
    await c.send(WANG, "/use 1");
    // last year's report of the unit (the sample, as 甲县测试单位's 2019)
    const sample = JSON.parse(
      readFileSync(new URL("../../../examples/hengyang-2020.json", import.meta.url), "utf8"),
    );
    const content = JSON.stringify({ ...sample, unit: { ...sample.unit, name: "甲县测试单位", year: 2019 } });
    const document = {
      name: "hengyang-2020.json",
      size: Buffer.byteLength(content),
      read: async () => content,
    };
    const [dept] = await reportsOf(repo);
    const before = await repo.get(dept?.id as string);
    const out = await c.send(WANG, "", { document, text: undefined });
    expect(text(out)).toBe(
      "没有导入：这个文件是“甲县测试单位2019年度”的报告，而现在填写的是“甲县测试单位2020年度”。导入只用于同一年度的报告。",
    );
    const after = await repo.get(dept?.id as string);
    expect([after?.unit, after?.year, after?.version]).toEqual(["甲县测试单位", 2020, before?.version]);
    expect(JSON.stringify(after?.state)).toBe(JSON.stringify(before?.state));
    await repo.close();
  });
});

describe("the current report survives a restart", () => {
  it("a new ChatService over the same SQLite file works on the report chosen before", async () => {
    const file = join(dir, "restart.db");
    const first = new CachedRepository(await openRepository(file));
    const { c } = await twoReports(first);
    await c.send(WANG, "/use 1");
    // a later change to report 2 (the most recently changed one afterwards) does not move the choice
    const [dept, project] = await reportsOf(first);
    await first.commit({
      reportId: project?.id as string,
      expectedVersion: project?.version as number,
      state: project?.state,
      by: "tg:1",
      audit: { action: "background" },
    });
    await first.close();

    const second = new CachedRepository(await openRepository(file));
    const again = chat(second, "after-restart");
    expect(text(await again.send(ZHAO, "/reports"))).toBe(LIST_TWO(1));
    const out = await again.send(WANG, "贯彻执行库区移民工作方针政策");
    expect(lines(out)[0]).toBe("已记录。");
    expect((await second.history(dept?.id as string)).map((a) => a.field)).toEqual([
      "unit.moneyUnit",
      "form",
      "profile.functions",
    ]);
    await second.close();
  });
});

describe("groups where only @-mentions arrive (钉钉, 企业微信)", () => {
  it("the group lists and switches its reports; a member's private chat reaches the report the group chose", async () => {
    const repo = new MemoryRepository();
    const service = new ChatService({ repo, llm: null });
    let key = 0;
    const say = (chatId: string, group: boolean, t: string) =>
      service
        .handle({
          chatId,
          group,
          mentionsOnly: true,
          numbered: true,
          from: { id: "dt:wang", name: "王会计" },
          key: `dt:${++key}`,
          text: t,
          isAdmin: async () => false,
          memberOf: async () => true,
        } as Incoming)
        .then(text);
    await say("dt:g1", true, "/new 甲县测试单位 2020");
    await say("dt:g1", true, "/new 甲县测试单位 2021");
    expect(await say("dt:g1", true, "/reports")).toBe(
      [
        "本群的报告（共 2 份）：",
        "1. 甲县测试单位2020年度 部门整体（草稿，已答 2 题）",
        "2. 甲县测试单位2021年度 部门整体（草稿，已答 2 题） ← 当前",
        "切换请发送 /use 编号，例如 /use 2",
        SEED_LINE,
      ].join("\n"),
    );
    // answered in the group: no question there, the filling-in goes on in private
    expect(await say("dt:g1", true, "/use 1")).toBe(
      `已切换到“甲县测试单位2020年度”（草稿）。\n${HOW_PRIVATE}`,
    );
    expect(await say("dt:wang", false, "/reports")).toBe(
      [
        "你可以填写下面这些报告，请回复编号选择：",
        "0. 我自己的报告（只属于你）",
        "1. 甲县测试单位2020年度（群里的报告）",
        "例如：切换 1（或 /use 1）",
      ].join("\n"),
    );
  });
});
