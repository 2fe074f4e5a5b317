import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { draftNarrative, type LlmConfig } from "../../prompts/drafter.js";
import { draftInput } from "../../prompts/input.js";
import { offlineNarrative } from "../../prompts/offline.js";
import { whatIfFromQuestion } from "../../prompts/whatifQuestion.js";
import { FakeOpenAI, htmlBadGatewayPage } from "../fakes/openai.js";
import { sample } from "../helpers.js";

/**
 * Servers that misbehave after the request went out (issue #12, items 4 and 13): the deadline covers
 * the whole answer, and what the server sent back on failure never reaches the user beyond its status
 * and a short first line. Real HTTP on 127.0.0.1; no timing is asserted, only what comes back (the
 * tests' own timeout, 20 s, is what a request that never ends runs into).
 */
const KEY = "sk-test-faults-5c1e0b";
const input = draftInput(sample());
const GOOD = JSON.stringify({
  problems: [
    {
      ref: "P1",
      description: "直补资金实发人数23038人，较目标人数23330人少292人",
      cause: "人员死亡等原因核减",
    },
    { ref: "P3", description: "生产开发及配套设施项目完成399个，远超指标值300个", cause: "年初目标设定偏低" },
    {
      ref: "P9",
      description: "直补资金于2020年5月份发放，晚于2020年3月底前的要求",
      cause: "核实人数时间延长",
    },
  ],
  improvements: [
    { problemRef: "P1", measure: "加强移民信息管理，及时核对人员信息" },
    { problemRef: "P3", measure: "依据上年完成情况科学设定项目数量目标" },
    { problemRef: "P9", measure: "人员核实工作时间提前，按上级规定时间发放直补资金" },
  ],
});
const offlineNote = (why: string) => [`大模型调用失败（${why}），改由离线模板起草`];
const HINT = "也可以直接写：/whatif 资金直补受益移民（人）=23330（可写多项，用空格分开）";

let server: FakeOpenAI;
let llm: LlmConfig;
beforeEach(async () => {
  server = await new FakeOpenAI().start();
  llm = { apiKey: KEY, baseURL: server.url, model: "m", timeoutMs: 1_000, maxRetries: 2 };
});
afterEach(async () => {
  await server.close();
});

describe("one deadline per request, covering the body (item 4)", () => {
  it("headers, then nothing: offline draft, 'request timed out', and no retry after the deadline", async () => {
    server.script({ kind: "stall" }, { kind: "content", content: GOOD });
    const d = await draftNarrative(input, llm);
    expect([d.source, d.notes, server.requests.length]).toEqual(["offline", offlineNote("请求超时"), 1]);
    expect({ problems: d.problems, improvements: d.improvements }).toEqual(offlineNarrative(input));
  });

  it("half a body, then nothing: the same", async () => {
    server.script({ kind: "stall", partial: '{"id":"chatcmpl-1","object":"chat.completion","choices":[' });
    const d = await draftNarrative(input, llm);
    expect([d.source, d.notes]).toEqual(["offline", offlineNote("请求超时")]);
  });

  it("a good answer dripped slower than the deadline is not waited for", async () => {
    // about 1.9 KB at 16 bytes every 50 ms: some 6 s, against a 1 s deadline
    server.script({ kind: "drip", content: GOOD, bytes: 16, everyMs: 50 });
    const d = await draftNarrative(input, { ...llm, maxRetries: 0 });
    expect([d.source, d.notes]).toEqual(["offline", offlineNote("请求超时")]);
  });

  it("an error status whose body never ends", async () => {
    server.script({ kind: "stall", status: 503, partial: "upstream" });
    const d = await draftNarrative(input, { ...llm, maxRetries: 0 });
    expect([d.source, d.notes]).toEqual(["offline", offlineNote("请求超时")]);
  });

  it("a Retry-After beyond the deadline is not slept through: the 429 is the answer", async () => {
    server.script(
      { kind: "status", status: 429, message: "Rate limit reached", headers: { "retry-after": "3600" } },
      { kind: "content", content: GOOD },
    );
    const d = await draftNarrative(input, llm);
    expect([d.source, d.notes, server.requests.length]).toEqual([
      "offline",
      offlineNote("HTTP 429：Rate limit reached"),
      1,
    ]);
  });

  it("retries inside the deadline still happen: a 503 then a good answer", async () => {
    server.script(
      { kind: "status", status: 503, headers: { "retry-after-ms": "5" } },
      { kind: "content", content: GOOD },
    );
    const d = await draftNarrative(input, llm);
    expect([d.source, server.requests.length]).toEqual(["llm", 2]);
  });

  it("a 4xx other than 429 is not retried", async () => {
    server.script(
      { kind: "status", status: 403, message: "Forbidden by policy" },
      { kind: "content", content: GOOD },
    );
    const d = await draftNarrative(input, llm);
    expect([d.source, d.notes, server.requests.length]).toEqual([
      "offline",
      offlineNote("HTTP 403：Forbidden by policy"),
      1,
    ]);
  });

  it("a what-if in plain words against a stalled server: the plain syntax, 'request timed out'", async () => {
    server.script({ kind: "stall" });
    const r = await whatIfFromQuestion("如果直补人数达到23330人，总分多少？", sample(), llm);
    expect(r).toEqual({
      ok: false,
      reason: "llm-failed",
      message: `大模型暂时无法使用（请求超时）。${HINT}`,
    });
  });
});

describe("what a failing server sent never reaches the user beyond its status and first line (item 13)", () => {
  it("a proxy's HTML 502 page: the status only", async () => {
    const page = htmlBadGatewayPage();
    expect(page.length).toBe(5854);
    server.script({ kind: "raw", status: 502, contentType: "text/html", body: page });
    const d = await draftNarrative(input, { ...llm, maxRetries: 0 });
    expect([d.source, d.notes]).toEqual(["offline", offlineNote("HTTP 502")]);
  });

  it("a 5 MB plain-text error: its first line", async () => {
    const first = "upstream connect error or disconnect/reset before headers. reset reason: overflow";
    const body = `${first}\n${"at upstream_cluster:llm-backend-7 retry=3 reason=overflow\n".repeat(90_000)}`;
    expect(body.length).toBeGreaterThan(5_000_000);
    server.script({ kind: "raw", status: 503, contentType: "text/plain", body });
    const d = await draftNarrative(input, { ...llm, maxRetries: 0 });
    expect(d.notes).toEqual(offlineNote(`HTTP 503：${first}`));
  });

  it("a 5 MB error message on one line: cut after 100 characters", async () => {
    const message = "The server had an error while processing your request. Sorry about that! ".repeat(
      70_000,
    );
    server.script({
      kind: "raw",
      status: 500,
      contentType: "application/json",
      body: JSON.stringify({ error: { message, type: "server_error" } }),
    });
    const d = await draftNarrative(input, { ...llm, maxRetries: 0 });
    expect(d.notes).toEqual(
      offlineNote(
        "HTTP 500：The server had an error while processing your request. Sorry about that! The server had an error whi…",
      ),
    );
  });

  it("a 200 that is a web page, not a chat completion: says so", async () => {
    const page = "<!DOCTYPE html><html><head><title>统一身份认证</title></head><body>请先登录</body></html>";
    server.script({ kind: "raw", status: 200, contentType: "text/html; charset=utf-8", body: page });
    const d = await draftNarrative(input, llm);
    expect([d.source, d.notes, server.requests.length]).toEqual([
      "offline",
      offlineNote("HTTP 200：返回的是网页，不是大模型的回答"),
      1,
    ]);
    server.script({ kind: "raw", status: 200, contentType: "text/html", body: page });
    const w = await whatIfFromQuestion("如果直补人数达到23330人，总分多少？", sample(), llm);
    expect(w).toEqual({
      ok: false,
      reason: "llm-failed",
      message: `大模型暂时无法使用（HTTP 200：返回的是网页，不是大模型的回答）。${HINT}`,
    });
  });

  it("a 200 whose JSON is broken, or is not a chat completion", async () => {
    server.script(
      { kind: "raw", status: 200, contentType: "application/json", body: "<html><body>Login</body></html>" },
      { kind: "raw", status: 200, contentType: "application/json", body: '{"result":"ok","data":[]}' },
      { kind: "raw", status: 200, contentType: "text/plain", body: "OK" },
    );
    const notes = [];
    for (let i = 0; i < 3; i++) notes.push((await draftNarrative(input, llm)).notes);
    expect(notes).toEqual([
      offlineNote("HTTP 200：返回的内容不是有效的 JSON"),
      offlineNote("HTTP 200：返回的 JSON 不是大模型的回答"),
      offlineNote("HTTP 200：返回的内容（text/plain）不是大模型的回答"),
    ]);
  });

  it("a 200 over 8 MB is not read to its end", async () => {
    const huge = JSON.stringify({
      id: "x",
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: "好".repeat(3_000_000) } }],
    });
    expect(Buffer.byteLength(huge)).toBeGreaterThan(8 * 1024 * 1024);
    server.script({ kind: "raw", status: 200, contentType: "application/json", body: huge });
    const d = await draftNarrative(input, llm);
    expect([d.source, d.notes]).toEqual(["offline", offlineNote("HTTP 200：返回的内容过大（超过 8 MB）")]);
  });

  it("the API key never appears, even echoed on an error's first line", async () => {
    server.script({ kind: "raw", status: 401, contentType: "text/plain", body: `bad key ${KEY}\n${KEY}` });
    const d = await draftNarrative(input, llm);
    expect(d.notes).toEqual(offlineNote("HTTP 401：bad key ***"));
    expect(JSON.stringify(d)).not.toContain(KEY);
  });
});
