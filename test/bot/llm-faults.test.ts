import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineState } from "../../bot/conversation/state.js";
import { allowedNumbers, ungroundedSentences } from "../../prompts/grounding.js";
import { draftInput } from "../../prompts/input.js";
import { MemoryRepository } from "../../storage/memory.js";
import { type Behaviour, FakeOpenAI } from "../fakes/openai.js";
import type { FakeChat, FakeUser } from "../fakes/telegram.js";
import { SAMPLE_PATH, sample } from "../helpers.js";
import { Harness, texts } from "./harness.js";

/**
 * The LLM failing in every way while the unit drafts 五 and 六 in its group: every report still gets
 * its PDF, and nothing accepted states a number that is not in the report.
 */
const KEY = "sk-test-llm-faults-0123456789";
const GOOD = {
  problems: [
    {
      ref: "P1",
      description: "直补资金实发人数23038人，较目标人数23330人少292人",
      cause: "人员死亡等原因核减",
    },
  ],
  improvements: [{ problemRef: "P1", measure: "加强移民信息管理，及时核对人员信息" }],
};
const invented = JSON.stringify({
  ...GOOD,
  problems: [{ ...GOOD.problems[0], description: "直补资金实发人数较目标人数少300人，共涉及12个乡镇" }],
});
const llm = new FakeOpenAI();
const repo = new MemoryRepository();
let h: Harness;
beforeAll(async () => {
  await llm.start();
  h = await new Harness(repo, {
    apiKey: KEY,
    baseURL: llm.url,
    model: "m",
    timeoutMs: 1000,
    maxRetries: 0,
  }).start();
});
afterAll(async () => {
  await h.stop();
  await llm.close();
});

const wang: FakeUser = { id: 501, first_name: "王" };
const allowed = allowedNumbers(draftInput(sample()));
let n = 0;

describe("drafting with a failing LLM", () => {
  const cases: [string, Behaviour[]][] = [
    [
      "timeouts",
      [1, 2, 3, 4].map(
        () => ({ kind: "content", content: JSON.stringify(GOOD), delayMs: 2500 }) as Behaviour,
      ),
    ],
    ["5xx", []], // every unscripted request is a 500
    [
      "invalid JSON",
      [1, 2, 3, 4].map(() => ({ kind: "content", content: "好的，以下是报告：{不是JSON" }) as Behaviour),
    ],
    ["invented numbers", [1, 2, 3, 4].map(() => ({ kind: "content", content: invented }) as Behaviour)],
    ["a good answer", [{ kind: "content", content: JSON.stringify(GOOD) }]],
  ];
  for (const [name, script] of cases) {
    it(`${name}: the drafts accepted state only the report's numbers, and the PDF is sent`, async () => {
      const g: FakeChat = { id: -7000 - n++, type: "supergroup", title: name };
      await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
      await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
      llm.clear().script(...script);
      const asked = llm.requests.length;
      const drafted = await h.say(g, wang, "/draft");
      expect(texts(drafted)).toContain("五、存在的问题及原因分析");
      expect(llm.requests.length).toBeGreaterThan(asked); // the LLM was asked
      await h.say(g, wang, "/accept 全部");
      const s = (await repo.findByChat(String(g.id)))[0]?.state as EngineState;
      const draft = s.draft as { problems?: string[]; improvements?: string[] };
      const lines = [...(draft.problems ?? []), ...(draft.improvements ?? [])];
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.flatMap((l) => ungroundedSentences(l, allowed))).toEqual([]);
      const pdf = (await h.say(g, wang, "/pdf")).find((m) => m.document);
      expect(pdf?.upload?.content.subarray(0, 5).toString()).toBe("%PDF-");
      expect(h.logs.join("\n")).not.toContain(KEY);
      expect(h.fake.log.map((m) => m.text ?? "").join("\n")).not.toContain(KEY);
    }, 60_000);
  }
});
