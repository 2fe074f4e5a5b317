import { describe, expect, it } from "vitest";
import { commandText } from "../../../bot/chat/words.js";
import { ChatLimiter } from "../../../bot/messenger/limiter.js";
import { numberedText } from "../../../bot/messenger/render.js";
import { splitBytes } from "../../../bot/messenger/split.js";

describe("Chinese command words", () => {
  it("a word alone, or with its argument after a space, is the command; other text is an answer", () => {
    expect(commandText("得分")).toBe("/score");
    expect(commandText("  审核 ")).toBe("/check");
    expect(commandText("试算 资金直补受益移民（人）=23330")).toBe("/whatif 资金直补受益移民（人）=23330");
    expect(commandText("报告 定稿")).toBe("/pdf 定稿");
    expect(commandText("新建 衡阳县库区移民事务中心 2020")).toBe("/new 衡阳县库区移民事务中心 2020");
    expect(commandText("填报人 添加 @lisi")).toBe("/members 添加 @lisi");
    expect(commandText("切换 2")).toBe("/use 2");
    expect(commandText("报告列表")).toBe("/reports");
    expect(commandText("沿用 1")).toBe("/seed 1");
    expect(commandText("报告列表 第二份")).toBe("报告列表 第二份"); // takes no argument: an answer
    expect(commandText("文档 定稿")).toBe("/word 定稿");
    expect(commandText("Word")).toBe("/word");
    expect(commandText("附表")).toBe("/excel");
    expect(commandText("附表 第二张")).toBe("附表 第二张");
    // an answer that starts with a word, or a word that takes no argument followed by more: unchanged
    expect(commandText("得分率较低的原因是资金拨付晚")).toBe("得分率较低的原因是资金拨付晚");
    expect(commandText("审核 通过")).toBe("审核 通过");
    expect(commandText("说明：本单位无政府性基金")).toBe("说明：本单位无政府性基金");
    expect(commandText("/score")).toBe("/score");
  });
});

describe("texts cut by UTF-8 bytes", () => {
  it("at line ends where possible, never inside a character", () => {
    // 3 bytes a Chinese character: 4 characters = 12 bytes
    expect(splitBytes("一二三四\n五六七八", 12)).toEqual(["一二三四", "五六七八"]);
    expect(splitBytes("一二三四\n五六七八", 25)).toEqual(["一二三四\n五六七八"]);
    // one line longer than a message: cut between characters (10 bytes hold 3 of them)
    expect(splitBytes("一二三四五六七", 10)).toEqual(["一二三", "四五六", "七"]);
    // an emoji (4 bytes) is never split
    expect(splitBytes("ab😀cd", 5)).toEqual(["ab", "😀c", "d"]); // 2 + 4 > 5; 4 + 1 = 5
    for (const part of splitBytes("填".repeat(10_000), 6000))
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(6000);
    expect(splitBytes("填".repeat(10_000), 6000).join("")).toBe("填".repeat(10_000));
  });
});

describe("numbered choices", () => {
  it("choices numbered by position, or by their own number when their input is one", () => {
    expect(
      numberedText({
        text: "金额单位？",
        options: [
          { label: "万元", input: "万元" },
          { label: "元", input: "元" },
        ],
      }),
    ).toBe("金额单位？\n1. 万元\n2. 元\n（回复编号即可，例如 1）");
    expect(
      numberedText({
        text: "哪个数字有误？",
        options: [
          { label: "修改 A", input: "1" },
          { label: "暂时保留", input: "3" },
        ],
      }),
    ).toBe("哪个数字有误？\n1. 修改 A\n3. 暂时保留\n（回复编号即可，例如 1）");
    expect(numberedText({ text: "已记录。" })).toBe("已记录。");
  });
});

describe("a chat's outbound limit", () => {
  it("messages of a chat go in order and wait once its window is full; other chats do not wait", async () => {
    const limiter = new ChatLimiter((chat) => (chat === "group" ? 2 : Number.POSITIVE_INFINITY), 300);
    const sent: string[] = [];
    const t0 = Date.now();
    const at: Record<string, number> = {};
    const send = (chat: string, m: string) =>
      limiter.run(chat, async () => {
        sent.push(m);
        at[m] = Date.now() - t0;
      });
    await Promise.all([send("group", "g1"), send("group", "g2"), send("group", "g3"), send("private", "p1")]);
    expect(sent.filter((m) => m.startsWith("g"))).toEqual(["g1", "g2", "g3"]);
    // the third waited for the first to leave the 300 ms window; the private chat did not wait for it
    expect(at.g3).toBeGreaterThanOrEqual(295);
    expect(sent.indexOf("p1")).toBeLessThan(sent.indexOf("g3"));
  });
});
