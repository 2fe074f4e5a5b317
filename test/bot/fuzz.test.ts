import { describe, expect, it } from "vitest";
import { fuzzAnswers, fuzzCommands } from "../../bench/fuzz.js";
import { ChatService } from "../../bot/chat/service.js";

// `npm run bench` runs the same with more than 100,000 cases.
describe("fuzzing the conversation", () => {
  it("random text at every kind of question: no throw, a refusal says what is expected, values canonical", () => {
    const r = fuzzAnswers(200);
    expect(r.kinds).toEqual([
      "cause",
      "change",
      "choice",
      "columns",
      "count",
      "date",
      "details",
      "fields",
      "links",
      "list",
      "money",
      "number",
      "percent",
      "quantity",
      "text",
      "tier",
    ]);
    expect(r.failures).toEqual([]);
    expect(r.cases).toBe(200 * 16); // 16 kinds of question
  }, 60_000); // 3200 cases, each a whole step; the shared machine can take more than the default 20 s
  it("every command with random arguments from every role: always answered, readers change nothing", async () => {
    const r = await fuzzCommands(1500, (repo) => new ChatService({ repo, llm: null }));
    expect(r.failures).toEqual([]);
    expect(r.cases).toBe(1500);
  }, 120_000);
});
