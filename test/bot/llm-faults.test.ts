import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineState } from "../../bot/conversation/state.js";
import { allowedNumbers, ungroundedSentences } from "../../prompts/grounding.js";
import { draftInput } from "../../prompts/input.js";
import { MemoryRepository } from "../../storage/memory.js";
import { type Behaviour, FakeOpenAI, htmlBadGatewayPage } from "../fakes/openai.js";
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
const sampleInput = draftInput(sample());
const allowed = allowedNumbers(sampleInput);
// the lines stored are not tied to a deviation: any deviation's cause may ground a number in them
const refs = sampleInput.facts.map((f) => f.ref);
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
    ["headers, then a stall", [1, 2, 3, 4].map(() => ({ kind: "stall" }) as Behaviour)],
    [
      "a body dripped slower than the deadline",
      [1, 2, 3, 4].map(
        () => ({ kind: "drip", content: JSON.stringify(GOOD), bytes: 16, everyMs: 100 }) as Behaviour,
      ),
    ],
    [
      "a proxy's HTML 502 page",
      [1, 2, 3, 4].map(
        () =>
          ({ kind: "raw", status: 502, contentType: "text/html", body: htmlBadGatewayPage() }) as Behaviour,
      ),
    ],
    [
      "a 200 web page",
      [1, 2, 3, 4].map(
        () =>
          ({
            kind: "raw",
            status: 200,
            contentType: "text/html",
            body: "<html>请先登录</html>",
          }) as Behaviour,
      ),
    ],
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
      // what a failing server sent (a web page, a JavaScript error) is not passed on
      expect(texts(drafted)).not.toMatch(/<|Cannot read/);
      expect(llm.requests.length).toBeGreaterThan(asked); // the LLM was asked
      await h.say(g, wang, "/accept 全部");
      const s = (await repo.findByChat(String(g.id)))[0]?.state as EngineState;
      const draft = s.draft as { problems?: string[]; improvements?: string[] };
      const lines = [...(draft.problems ?? []), ...(draft.improvements ?? [])];
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.flatMap((l) => ungroundedSentences(l, allowed, refs))).toEqual([]);
      const pdf = (await h.say(g, wang, "/pdf")).find((m) => m.document);
      expect(pdf?.upload?.content.subarray(0, 5).toString()).toBe("%PDF-");
      expect(h.logs.join("\n")).not.toContain(KEY);
      expect(h.fake.log.map((m) => m.text ?? "").join("\n")).not.toContain(KEY);
    }, 60_000);
  }
});

describe("an LLM error's body in the group (item 13)", () => {
  const first = "upstream connect error or disconnect/reset before headers. reset reason: overflow";
  const huge = `${first}\n${"at upstream_cluster:llm-backend-7 retry=3 reason=overflow\n".repeat(90_000)}`;
  const draftIn = async (title: string, failure: Behaviour) => {
    const g: FakeChat = { id: -7100 - n++, type: "supergroup", title };
    await h.say(g, wang, "/new 衡阳县库区移民事务中心 2020");
    await h.sendFile(g, wang, "hengyang-2020.json", readFileSync(SAMPLE_PATH), "/import");
    llm.clear().script(failure);
    const sent = await h.say(g, wang, "/draft");
    return { messages: sent.length, text: texts(sent) };
  };

  it("a 5 MB error body sends the same messages as a short 503 with the same first line", async () => {
    const short = await draftIn("503", { kind: "status", status: 503, message: first });
    const big = await draftIn("5 MB", { kind: "raw", status: 503, contentType: "text/plain", body: huge });
    expect(big).toEqual(short);
    expect(big.text).toContain(`（大模型调用失败（HTTP 503：${first}），改由离线模板起草）`);
  }, 60_000);
});

describe("the terminal chat (node dist/main.js) against a failing LLM", () => {
  const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "zipin-llm-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Pipes lines into the terminal chat; a process still running after `killAfterMs` is killed. */
  function run(db: string, lines: string[], env: Record<string, string>, killAfterMs = 30_000) {
    return new Promise<{ code: number | null; out: string }>((resolve) => {
      const clean = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k !== "TELEGRAM_BOT_TOKEN" && !k.startsWith("OPENAI_")),
      );
      const child = spawn(process.execPath, [MAIN], { env: { ...clean, DATABASE_URL: db, ...env } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      child.on("close", (code) => {
        clearTimeout(killer);
        resolve({ code, out });
      });
      child.stdin.end(lines.map((l) => `${l}\n`).join(""));
    });
  }

  it("/draft against a server that sends headers and stalls: the offline draft, and the process ends", async () => {
    const server = await new FakeOpenAI().start();
    try {
      server.script({ kind: "stall" }, { kind: "stall" }, { kind: "stall" });
      const r = await run(join(dir, "stall.db"), [`/import ${SAMPLE_PATH}`, "/draft"], {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: server.url,
        OPENAI_TIMEOUT_MS: "1000",
        OPENAI_MAX_RETRIES: "2",
      });
      expect(r.out).toContain("（大模型调用失败（请求超时），改由离线模板起草）");
      expect(r.out).toContain("五、存在的问题及原因分析【待确认，离线模板】");
      expect(r.code).toBe(0);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("/draft against an HTML 502 page and a 5 MB error: the status and the first line, nothing else", async () => {
    const server = await new FakeOpenAI().start();
    try {
      const first = "upstream connect error or disconnect/reset before headers. reset reason: overflow";
      server.script(
        { kind: "raw", status: 502, contentType: "text/html", body: htmlBadGatewayPage() },
        {
          kind: "raw",
          status: 503,
          contentType: "text/plain",
          body: `${first}\n${"at upstream_cluster:llm-backend-7 retry=3 reason=overflow\n".repeat(90_000)}`,
        },
      );
      const r = await run(join(dir, "errors.db"), [`/import ${SAMPLE_PATH}`, "/draft", "/draft"], {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: server.url,
        OPENAI_MAX_RETRIES: "0",
      });
      expect(r.code).toBe(0);
      expect(r.out).toContain("（大模型调用失败（HTTP 502），改由离线模板起草）");
      expect(r.out).toContain(`（大模型调用失败（HTTP 503：${first}），改由离线模板起草）`);
      expect(r.out).not.toContain("<");
      expect(r.out).not.toContain("upstream_cluster");
      expect(r.out).not.toContain(KEY);
    } finally {
      await server.close();
    }
  }, 60_000);
});
