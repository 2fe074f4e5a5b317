import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LlmConfig } from "../../prompts/drafter.js";
import { whatIfFromQuestion } from "../../prompts/whatifQuestion.js";
import { FakeOpenAI } from "../fakes/openai.js";
import { sample } from "../helpers.js";

let server: FakeOpenAI;
let llm: LlmConfig;
beforeEach(async () => {
  server = await new FakeOpenAI().start();
  llm = { apiKey: "sk-x", baseURL: server.url, model: "m", timeoutMs: 5_000, maxRetries: 0 };
});
afterEach(async () => {
  await server.close();
});

describe("free-text what-if", () => {
  const question = "如果直补人数达到23330人，总分多少？";

  it("the model's tool call is validated against the rows; the core computes; the stored report is unchanged", async () => {
    server.script({
      kind: "tool",
      name: "whatif",
      args: JSON.stringify({ changes: [{ row: "P1", value: "23330人" }] }),
    });
    const report = sample();
    const before = JSON.stringify(report);
    const r = await whatIfFromQuestion(question, report, llm);
    expect(r.ok && [r.outcome.before.total, r.outcome.after.total, r.understood]).toEqual([
      "99.18",
      "99.23",
      [{ name: "P1", value: "23330人" }],
    ]);
    expect(r.ok && r.text.split("\n")[0]).toBe("理解为：资金直补受益移民（人） = 23330人");
    expect(JSON.stringify(report)).toBe(before);
    const body = server.requests[0]?.body;
    expect(body.messages[1]).toEqual({ role: "user", content: question });
    expect(body.tools[0].function.name).toBe("whatif");
    expect(body.tools[0].function.parameters.properties.changes.items.properties.row.enum).toContain("P1");
    expect(body.messages[0].content).toContain("P1 资金直补受益移民（人）（指标值 23330人，完成值 23038人）");
  });

  it("a row the report does not have, or a value of the wrong kind, is refused with the plain syntax", async () => {
    server.script(
      { kind: "tool", name: "whatif", args: JSON.stringify({ changes: [{ row: "P99", value: "1" }] }) },
      { kind: "tool", name: "whatif", args: JSON.stringify({ changes: [{ row: "P1", value: "很多" }] }) },
    );
    const a = await whatIfFromQuestion(question, sample(), llm);
    expect(!a.ok && a.reason).toBe("invalid");
    const b = await whatIfFromQuestion(question, sample(), llm);
    expect(!b.ok && b.message).toMatch(
      /^资金直补受益移民（人）：.*例如.*\/whatif 资金直补受益移民（人）=23330/s,
    );
  });

  it("no tool call: not understood; no LLM: points to /whatif", async () => {
    server.script({ kind: "content", content: "您好" });
    const a = await whatIfFromQuestion("今天天气怎样", sample(), llm);
    expect(!a.ok && [a.reason, a.message]).toEqual([
      "not-understood",
      "没能看出要试算哪一项。也可以直接写：/whatif 资金直补受益移民（人）=23330（可写多项，用空格分开）",
    ]);
    const b = await whatIfFromQuestion(question, sample(), null);
    expect(!b.ok && b.reason).toBe("no-llm");
  });
});
