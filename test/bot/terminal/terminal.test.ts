import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openRepository } from "../../../storage/prisma.js";
import { FakeOpenAI } from "../../fakes/openai.js";
import { extractPdf } from "../../pdf/extract.js";

// The terminal chat as users run it (`npm start` = node dist/main.js), with its SQLite file.
const MAIN = fileURLToPath(new URL("../../../dist/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "zipin-term-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = (db: string) => ({
  // none of the developer's own settings leak in
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== "TELEGRAM_BOT_TOKEN" && !k.startsWith("OPENAI_")),
  ),
  DATABASE_URL: db,
});

function runPiped(
  db: string,
  lines: string[],
  extraEnv: Record<string, string> = {},
  cwd?: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...env(db), ...extraEnv }, ...(cwd && { cwd }) });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(""));
  });
}

/** Waits until the child has printed `count` acknowledgements ("已记录。"). */
function waitForAcks(child: ChildProcess, count: number, read: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${count} answers:\n${read()}`)),
      15_000,
    );
    const check = () => {
      if ((read().match(/已记录。/g) ?? []).length >= count) {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    check();
  });
}

const ANSWERS = [
  "衡阳县库区移民事务中心",
  "2020",
  "万元",
  "/skip", // the form: the Hunan set
  "贯彻执行库区移民工作方针政策",
  "内设综合办公室",
  "18人",
  "否",
  "4",
  "352.29",
];

describe("terminal chat (npm start without a token)", () => {
  it("answers piped lines one by one, exits at end of input, and continues where it stopped", async () => {
    const db = join(dir, "piped.db");
    const first = await runPiped(db, ANSWERS.slice(0, 6));
    expect(first.code).toBe(0);
    expect(first.out.split("\n").slice(-3)).toEqual(["已记录。", "单位现实有在编工作人员多少人？", ""]);
    const second = await runPiped(db, ["十八"]);
    expect(second.out).toContain("继续上次的填报");
    expect(second.out).toContain("当前问题：实有在编工作人员");
    expect(second.out).toMatch(/无法识别“十八”中的数字.*例如：18 或 18人/);
  });

  it("a SIGKILL in the middle loses no accepted answer: the restart asks the same question", async () => {
    const db = join(dir, "killed.db");
    const child = spawn(process.execPath, [MAIN], { env: env(db) });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    for (const line of ANSWERS.slice(0, 8)) child.stdin.write(`${line}\n`);
    await waitForAcks(child, 7, () => out);
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    const after = await runPiped(db, ["/status 一"]);
    expect(after.out).toContain("当前问题：离退休人员");
    expect(after.out).toContain("3. ✓ 实有在编工作人员：18");
    const repo = await openRepository(db);
    const [report] = await repo.findByChat("terminal");
    const history = await repo.history(report?.id ?? "");
    expect(history.map((a) => [a.field, a.value])).toEqual([
      ["unit.name", '"衡阳县库区移民事务中心"'],
      ["unit.year", "2020"],
      ["unit.moneyUnit", '"万元"'],
      ["form", null], // skipped: the Hunan set
      ["profile.functions", '"贯彻执行库区移民工作方针政策"'],
      ["profile.institutions", '"内设综合办公室"'],
      ["profile.staff.actual", '"18"'],
    ]);
    await repo.close();
  });

  it("/import prefills from a report file and /export writes one", async () => {
    const db = join(dir, "import.db");
    const out = join(dir, "out.json");
    const sample = fileURLToPath(new URL("../../../examples/hengyang-2020.json", import.meta.url));
    const r = await runPiped(db, [`/import ${sample}`, `/export ${out}`, "/check"]);
    expect(r.out).toContain(`已导入 ${sample}`);
    expect(r.out).toContain(`已导出到 ${out}`);
    expect(r.out).toContain("商品和服务支出：各项合计 10.70万元，填报 10.72万元，相差 0.02万元");
    writeFileSync(join(dir, "bad.json"), "{");
    expect((await runPiped(db, [`/import ${join(dir, "bad.json")}`])).out).toContain(
      "不能导入：\n  (文件)：不是有效的 JSON",
    );
  });

  it("/draft drafts 五 and 六 with the LLM behind OPENAI_BASE_URL, /accept keeps them; a plain-words what-if is answered", async () => {
    const server = await new FakeOpenAI().start();
    try {
      const narrative = {
        problems: [
          { ref: "P1", description: "直补资金实发人数较目标人数少292人", cause: "人员死亡等原因核减" },
          {
            ref: "P3",
            description: "生产开发及配套设施项目完成399个，超过指标值300个",
            cause: "年初目标设定偏低",
          },
          { ref: "P9", description: "直补资金发放时间滞后", cause: "核实人数时间延长" },
        ],
        improvements: [
          { problemRef: "P1", measure: "加强移民信息管理，及时核对人员信息" },
          { problemRef: "P3", measure: "科学设定项目数量目标" },
          { problemRef: "P9", measure: "按上级规定时间发放移民直补资金" },
        ],
      };
      server.script(
        { kind: "content", content: JSON.stringify(narrative) },
        {
          kind: "tool",
          name: "whatif",
          args: JSON.stringify({ changes: [{ row: "P1", value: "23330人" }] }),
        },
      );
      const db = join(dir, "draft.db");
      const sample = fileURLToPath(new URL("../../../examples/hengyang-2020.json", import.meta.url));
      const r = await runPiped(
        db,
        [`/import ${sample}`, "/draft", "/accept 全部", "如果直补人数达到23330人，总分多少？"],
        {
          OPENAI_API_KEY: "sk-terminal-test",
          OPENAI_BASE_URL: server.url,
          OPENAI_MODEL: "qwen-plus",
        },
      );
      expect(r.out).toContain("五、存在的问题及原因分析【待确认，大模型 qwen-plus（模板 narrative-v2）】");
      expect(r.out).toContain("五、存在的问题及原因分析【已接受，大模型 qwen-plus（模板 narrative-v2）】");
      expect(r.out).toContain("1、直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；");
      expect(r.out).toContain("理解为：资金直补受益移民（人） = 23330人");
      expect(r.out).toContain("总分 99.18（优秀）→ 99.23（优秀），等级不变");
      expect(r.out).not.toContain("sk-terminal-test");
      const repo = await openRepository(db);
      const [report] = await repo.findByChat("terminal");
      const state = report?.state as { draft: { problems: string[]; narrative: unknown } };
      expect(state.draft.problems[0]).toBe("直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；");
      expect(state.draft.narrative).toEqual({
        problems: { source: "llm", model: "qwen-plus", templateVersion: "narrative-v2" },
        improvements: { source: "llm", model: "qwen-plus", templateVersion: "narrative-v2" },
      });
      await repo.close();
    } finally {
      await server.close();
    }
  });

  it("/pdf writes the report as a PDF (草稿 until /pdf 定稿) and lists the characters the fonts lack", async () => {
    const db = join(dir, "pdf.db");
    const sample = fileURLToPath(new URL("../../../examples/hengyang-2020.json", import.meta.url));
    const out = join(dir, "report.pdf");
    const r = await runPiped(db, [`/import ${sample}`, `/pdf ${out}`]);
    expect(r.out).toMatch(
      new RegExp(`已生成 PDF：${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}（\\d+ KB，草稿）`),
    );
    const pdf = await extractPdf(readFileSync(out));
    expect(pdf.pages.length).toBe(8);
    expect(pdf.pages[0]?.items.some((i) => i.str === "草稿")).toBe(true);

    // a character the fonts lack; no path: the file lands next to the chat's SQLite file
    const raw = JSON.parse(readFileSync(sample, "utf8"));
    raw.otherNotes.text = "第一段。\n第二段有😀。";
    const emoji = join(dir, "emoji.json");
    writeFileSync(emoji, JSON.stringify(raw));
    const work = mkdtempSync(join(dir, "cwd-"));
    const r2 = await runPiped(join(work, "pdf2.db"), [
      `/import ${emoji}`,
      "/pdf 定稿",
      "仍然定稿",
      "采用计算结果",
    ]);
    const name = "衡阳县库区移民事务中心-2020-自评报告.pdf";
    const shown = join(work, name).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    expect(r2.out).toMatch(
      new RegExp(
        `已采用计算结果：自评总分 99.18。\n已生成 PDF：${shown}（\\d+ KB，定稿）\n字体缺少 1 处字符，PDF 中以〓标出：\n  “😀”：七、其他需要说明的情况 第2段`,
      ),
    );
    expect(existsSync(join(work, name))).toBe(true);
    const fin = await extractPdf(readFileSync(join(work, name)));
    expect(fin.pages[0]?.items.some((i) => i.str === "草稿")).toBe(false);
    expect(fin.pageText.join("")).toContain("第二段有〓。");
  }, 60_000); // two PDFs rendered in child processes

  it("/seed PATH starts a second report and never replaces the one being filled; /reports and /use N", async () => {
    const db = join(dir, "seed.db");
    const sample = fileURLToPath(new URL("../../../examples/hengyang-2020.json", import.meta.url));
    await runPiped(db, ANSWERS.slice(0, 4)); // 2020: unit, year, 万元, the form left blank
    const read = async () => {
      const repo = await openRepository(db);
      const list = (await repo.findByChat("terminal")).sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
      );
      const current = await repo.currentOf("terminal");
      await repo.close();
      return { list, current };
    };
    const before = (await read()).list;
    expect(before.map((r) => [r.unit, r.year])).toEqual([["衡阳县库区移民事务中心", 2020]]);

    const run = await runPiped(db, [`/seed ${sample}`, "/reports", `/seed ${sample}`, "/use 1"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      "已新建“衡阳县库区移民事务中心2021年度”，原来的报告没有改动（/reports 查看全部）。",
    );
    // 4 answered in 2020 (单位名称, 年度, 金额单位, 表样 left blank); the seeded 2021 is current
    expect(run.out).toMatch(
      /你的报告（共 2 份）：\n1\. 衡阳县库区移民事务中心2020年度 部门整体（草稿，已答 4 题）\n2\. 衡阳县库区移民事务中心2021年度 部门整体（草稿，已答 \d+ 题） ← 当前\n/,
    );
    expect(run.out).toContain(
      "已有“衡阳县库区移民事务中心2021年度”的报告，没有新建，也没有改动任何报告。要接着填那一份，请发送 /use 2",
    );
    expect(run.out).toContain("已切换到“衡阳县库区移民事务中心2020年度”（草稿）。");

    const after = await read();
    expect(after.list.map((r) => [r.unit, r.year])).toEqual([
      ["衡阳县库区移民事务中心", 2020],
      ["衡阳县库区移民事务中心", 2021],
    ]);
    // the report seeded from is untouched, byte for byte; the choice (/use 1) is stored
    expect([JSON.stringify(after.list[0]?.state), after.list[0]?.version]).toEqual([
      JSON.stringify(before[0]?.state),
      before[0]?.version,
    ]);
    expect(after.current).toBe(after.list[0]?.id);
    // the next start continues the chosen report, and its answers go there
    const next = await runPiped(db, ["贯彻执行库区移民工作方针政策"]);
    expect(next.out).toContain("已记录。");
    const repo = await openRepository(db);
    const h2020 = await repo.history(after.list[0]?.id as string);
    const h2021 = await repo.history(after.list[1]?.id as string);
    await repo.close();
    expect([h2020.at(-1)?.field, h2021.length]).toEqual(["profile.functions", 0]);
    // last year's file imported over the seeded 2021 report: refused, the report unchanged
    const v2021 = (await read()).list[1]?.version;
    const imported = await runPiped(db, ["/use 2", `/import ${sample}`]);
    expect(imported.out).toContain(
      "没有导入：这个文件是“衡阳县库区移民事务中心2020年度”的报告，而现在填写的是“衡阳县库区移民事务中心2021年度”。导入只用于同一年度的报告。",
    );
    const last = (await read()).list[1];
    expect([last?.year, last?.version]).toEqual([2021, v2021]);
  });

  it("a unit named like a path: /pdf still writes next to the data file, under a safe name", async () => {
    const work = mkdtempSync(join(dir, "safe-"));
    const raw = JSON.parse(
      readFileSync(fileURLToPath(new URL("../../../examples/hengyang-2020.json", import.meta.url)), "utf8"),
    );
    raw.unit.name = "../../x/单位";
    const file = join(dir, "pathlike.json");
    writeFileSync(file, JSON.stringify(raw));
    const r = await runPiped(join(work, "z.db"), [`/import ${file}`, "/pdf"]);
    const name = "x_单位-2020-自评报告-草稿.pdf";
    expect(r.out).toContain(`已生成 PDF：${join(work, name)}`);
    expect(existsSync(join(work, name))).toBe(true);
    expect(existsSync(join(work, "..", "..", "x"))).toBe(false);
  }, 30_000);
});
