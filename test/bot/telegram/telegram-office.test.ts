import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineState } from "../../../bot/conversation/state.js";
import { MemoryRepository } from "../../../storage/memory.js";
import type { FakeChat, FakeMessage, FakeUser } from "../../fakes/telegram.js";
import { SAMPLE_PATH } from "../../helpers.js";
import { unzip, wText } from "../../office/unzip.js";
import { buttons, Harness, texts } from "../harness.js";

// Word and Excel in a Telegram group, through the real bot against the fake Bot API: last year's report
// sent as a .docx, shown figure by figure, confirmed by the owner's button (not by a reader's); /word and
// /excel sent back as documents.
const wang: FakeUser = { id: 201, first_name: "王", last_name: "会计" };
const zhao: FakeUser = { id: 203, first_name: "赵", last_name: "科长" };
const repo = new MemoryRepository();
const h = new Harness(repo);
beforeAll(() => h.start());
afterAll(() => h.stop());

let groups = -7000;
const newGroup = (): FakeChat => ({ id: groups--, type: "supergroup", title: "办公室" });
const stateOf = async (chat: FakeChat) => (await repo.findByChat(String(chat.id)))[0]?.state as EngineState;
const handmade = (ext: string) =>
  readFileSync(new URL(`../../office/fixtures/handmade-2020.${ext}`, import.meta.url));
const REFUSED = /只能查看|只有报告负责人或群管理员|不是这份报告的填报人/;

describe("Word and Excel in a group", () => {
  it("last year's .docx: shown figure by figure, nothing filled until the owner confirms; a reader cannot", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2021");
    const before = await stateOf(g);
    const r = await h.sendFile(g, wang, "2020年自评报告.docx", handmade("docx"), "/import");
    const offer = r.at(-1) as FakeMessage;
    // the passages to enter by hand, then the figures to confirm, in one message with its buttons
    expect(offer.text).toMatch(/^以下 2 段文字中的数字没有对应的表格位置/);
    expect(offer.text).toContain(
      "从“2020年自评报告.docx”识别出 34 个数字，按2020年度报告导入，作为2021年度的起点",
    );
    expect(offer.text).toContain(
      "1. 附件1-1 部门基本支出（2020年决算数）：113.29→上年决算数（表1 第4行第2列）",
    );
    expect(buttons(offer).map((b) => b.text)).toEqual(["全部采用", "放弃"]);
    expect((await stateOf(g)).draft).toEqual(before.draft);
    // a reader's press changes nothing
    expect(texts(await h.press(g, zhao, offer, "全部采用"))).toMatch(REFUSED);
    expect((await stateOf(g)).draft).toEqual(before.draft);
    const done = await h.press(g, wang, offer, "全部采用");
    expect(texts(done)).toMatch(/^王 会计 选择：全部采用\n已采用“2020年自评报告\.docx”中的 34 个数字。/);
    const d = (await stateOf(g)).draft as { basicData?: { basic?: unknown }; unit?: { year?: number } };
    expect(d.basicData?.basic).toEqual({ prior: "113.29" });
    expect(d.unit?.year).toBe(2021);
  });

  it("a file that is not Word or Excel gets a clear answer", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2021");
    const r = await h.sendFile(g, wang, "报告.docx", Buffer.from("纯文本"), "/import");
    expect(texts(r)).toBe(
      "“报告.docx”不是 Word 文档（.docx）或 Excel 工作簿（.xlsx），无法导入。例如：上年的“自评报告.docx”或“决算表.xlsx”。",
    );
  });

  it("/word and /excel send the report as documents named as the PDF is; /word final is the owner's", async () => {
    const g = newGroup();
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
    const word = (await h.say(g, zhao, "/word")).find((m) => m.document);
    expect(word?.document?.file_name).toBe("衡阳县库区移民事务中心-2020-自评报告-草稿.docx");
    const doc = unzip(word?.upload?.content as Buffer);
    expect(wText(doc.get("word/document.xml")?.toString() ?? "")).toContain("一般公共预算支出352.29万元");
    expect(texts(await h.say(g, zhao, "/word final"))).toMatch(REFUSED);
    // “final” anywhere in the argument, as the conversation reads it (it was read only as the first word)
    expect(texts(await h.say(g, zhao, "/word 报告.docx 定稿"))).toMatch(REFUSED);
    expect(texts(await h.say(g, zhao, "/pdf 报告.pdf final"))).toMatch(REFUSED);
    const final = (await h.say(g, wang, "/word final")).find((m) => m.document);
    expect(final?.document?.file_name).toBe("衡阳县库区移民事务中心-2020-自评报告.docx");
    const excel = (await h.say(g, zhao, "/excel")).find((m) => m.document);
    expect(excel?.document?.file_name).toBe("衡阳县库区移民事务中心-2020-自评附表.xlsx");
    expect([...unzip(excel?.upload?.content as Buffer).keys()]).toContain("xl/workbook.xml");
  }, 60_000);
});
