import { readFileSync } from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ImportedFile } from "../../core/imported.js";
import { readOffice } from "../../office/read/index.js";
import type { LlmConfig } from "../../prompts/drafter.js";
import { extractProseFigures } from "../../prompts/proseFigures.js";
import { FakeOpenAI } from "../fakes/openai.js";

// Section 四's free prose in the hand-made Word report (test/office/fixtures): with an LLM (a fake
// OpenAI-compatible server on 127.0.0.1), its figures become candidates, each kept only if it holds against
// the paragraph; without one, the paragraphs stay offered for manual entry.
let server: FakeOpenAI;
let llm: LlmConfig;
let file: ImportedFile;
beforeAll(async () => {
  const r = await readOffice(readFileSync(new URL("../office/fixtures/handmade-2020.docx", import.meta.url)));
  if (!r.ok) throw new Error(r.reason);
  file = r.file;
});
beforeEach(async () => {
  server = await new FakeOpenAI().start();
  llm = { apiKey: "sk-secret-key-123", baseURL: server.url, model: "m", timeoutMs: 5_000, maxRetries: 0 };
});
afterEach(async () => {
  await server.close();
});

const PARA =
  "据统计，计划移民培训项目5个，计划资金70万元，完成移民培训项目5个，完成资金25万元，完成资金占计划资金的比例35.7%，培训移民617人。";

describe("figures in free prose, with an LLM", () => {
  it("keeps each candidate whose sentence is in the paragraph and whose number is in its sentence, parsed by the core", async () => {
    const at = file.unplaced.findIndex((u) => u.text === PARA);
    expect(at).toBeGreaterThanOrEqual(0);
    const n = file.unplaced.filter((u) => u.figures !== undefined).findIndex((u) => u.text === PARA) + 1;
    server.script({
      kind: "tool",
      name: "figures",
      args: JSON.stringify({
        figures: [
          {
            paragraph: n,
            label: "计划资金",
            value: "70",
            unit: "万元",
            date: "",
            sentence: "计划资金70万元",
          },
          { paragraph: n, label: "培训移民", value: "617", unit: "人", date: "", sentence: "培训移民617人" },
          // invented: 800 is not in the sentence
          { paragraph: n, label: "培训移民", value: "800", unit: "人", date: "", sentence: "培训移民617人" },
          // a sentence that is not in the paragraph
          {
            paragraph: n,
            label: "完成资金",
            value: "25",
            unit: "万元",
            date: "",
            sentence: "实际完成资金25万元",
          },
        ],
      }),
    });
    const r = await extractProseFigures(file, llm);
    const added = r.items.filter((i) => i.where.includes("大模型提取"));
    expect(added.filter((i) => i.kind === "figure").map((i) => [i.path, i.value])).toEqual([
      ["performance.sections.2.figures.0.value", { kind: "money", value: "70", unit: "万元" }],
      ["performance.sections.2.figures.1.value", { kind: "count", value: "617", unit: "人" }],
    ]);
    expect(added.find((i) => i.path === "performance.sections.2.figures.1.label")?.value).toBe("培训移民");
    expect(added[0]?.where).toBe("第31段（四）：“计划资金70万元”（大模型提取）");
    expect(r.notes).toEqual(["大模型给出的 2 个数字与原文对不上，已舍去。"]);
    // the paragraph it read figures from is no longer offered for manual entry; the others are
    expect(r.unplaced.map((u) => u.text)).not.toContain(PARA);
    expect(r.unplaced.length).toBe(file.unplaced.length - 1);
    // the paragraphs travel as JSON data, not as instructions
    const body = server.requests[0]?.body;
    expect(JSON.parse(body.messages[1].content).paragraphs[n - 1]).toEqual({ paragraph: n, text: PARA });
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "figures" } });
  });

  it("when the LLM fails, nothing is added and the paragraphs stay for manual entry; the key is never shown", async () => {
    server.script({ kind: "status", status: 500, message: "boom sk-secret-key-123" });
    const r = await extractProseFigures(file, llm);
    expect(r.items).toEqual(file.items);
    expect(r.unplaced).toEqual(file.unplaced);
    expect(r.notes?.[0]).toMatch(/^大模型暂时无法使用（.*），以下段落请手工填写。$/);
    expect(r.notes?.join("")).not.toContain("sk-secret-key-123");
  });

  it("without an LLM: the file as it was", async () => {
    expect(await extractProseFigures(file, null)).toBe(file);
  });
});
