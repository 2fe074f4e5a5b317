import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FakeOpenAI } from "../fakes/openai.js";
import { SAMPLE_PATH } from "../helpers.js";
import { extractPdf } from "../pdf/extract.js";

// The CLI as users run it: the built file (npm test builds first), in a child process.
const ZIPIN = fileURLToPath(new URL("../../dist/cli/zipin.js", import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ZIPIN, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe("zipin CLI", () => {
  it("score: declared 95 / 优秀 beside the computed 99.18 / 优秀, per-group differences explained", () => {
    const r = run("score", SAMPLE_PATH);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").slice(2, 10)).toEqual([
      "              分值  自评得分  按规则计算  差额（自评−计算）",
      "预算执行率   10.00     10.00       10.00               0.00",
      "产出指标     50.00     45.00       49.18              -4.18",
      "效益指标     30.00     30.00       30.00               0.00",
      "满意度指标   10.00         —       10.00               未填",
      "总分        100.00     95.00       99.18              -4.18",
      "等级                    优秀        优秀",
      "（自评等级取自第七部分，附件1-2 未填写）",
    ]);
    expect(r.out).toContain(
      "- 产出指标：自评 45.00，按规则 49.18，自评少 4.18 分，属自评判断，请说明理由。按规则失分的行：P1 资金直补受益移民（人） −0.05；P9 直补资金按时发放时间 −0.77",
    );
  });

  it("score --json has the documented shape", () => {
    const r = run("score", SAMPLE_PATH, "--json");
    const j = JSON.parse(r.out);
    // the declared total differs from the computed one (95 against 99.18): a difference, not an error
    expect(j.declared).toEqual({ total: "95.00", grade: "优秀", problem: "differs" });
    expect(j.form).toEqual({ id: "hunan-2020-dept", name: "湖南省部门整体支出绩效自评", kind: "部门整体" });
    expect([j.computed.total, j.computed.grade]).toEqual(["99.18", "优秀"]);
    expect(
      j.computed.groups.map((g: { name: string; weight: string; score: string }) => [
        g.name,
        g.weight,
        g.score,
      ]),
    ).toEqual([
      ["预算执行率", "10.00", "10.00"],
      ["产出指标", "50.00", "49.18"],
      ["效益指标", "30.00", "30.00"],
      ["满意度指标", "10.00", "10.00"],
    ]);
    // declared beside computed for every group and row: the sample declares 45 for 产出, nothing for 满意度 and no row
    expect(
      j.computed.groups.map((g: { name: string; declared: string | null; problem: string | null }) => [
        g.name,
        g.declared,
        g.problem,
      ]),
    ).toEqual([
      ["预算执行率", "10.00", null],
      ["产出指标", "45.00", "differs"],
      ["效益指标", "30.00", null],
      ["满意度指标", null, "blank"],
    ]);
    const p1 = j.computed.groups[1].rows[0];
    expect([p1.id, p1.weight, p1.score, p1.declared, p1.problem]).toEqual([
      "P1",
      "3.85",
      "3.80",
      null,
      "blank",
    ]);
  });

  it("forms lists the profiles; score --json of a 项目支出 file has each row's declared score beside the rules'", () => {
    expect(
      run("forms")
        .out.split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]),
    ).toEqual([
      "hunan-2020-dept",
      "common-2013-dept",
      "national-2020-dept",
      "coefficient-2021-project",
      "national-2020-project",
    ]);
    const file = fileURLToPath(new URL("../../examples/forms/national-2020-project.json", import.meta.url));
    const j = JSON.parse(run("score", file, "--json").out);
    expect(j.form.kind).toBe("项目支出");
    const rows = j.computed.groups.flatMap((g: { rows: unknown[] }) => g.rows);
    // 铺设供水管网: declared 10, the rules (1 − 5/50) × 10 = 9; 水质达标率 met, declared 14 of 15
    expect(
      rows
        .filter((r: { problem: string | null }) => r.problem !== null)
        .map((r: { id: string; declared: string; score: string; problem: string }) => [
          r.id,
          r.declared,
          r.score,
          r.problem,
        ]),
    ).toEqual([
      ["P2", "10.00", "9.00", "differs"],
      ["P3", "14.00", "15.00", "met-not-full"],
    ]);
    // 9 + 46 + 23 + 9.44 declared = 87.44, as the rules give
    expect(j.declared).toEqual({ total: "87.44", grade: null, problem: null });
  });

  it("check --json lists the 10.70 vs 10.72 finding and exits 1 because there are errors", () => {
    const r = run("check", SAMPLE_PATH, "--json");
    expect(r.code).toBe(1);
    const f = JSON.parse(r.out).findings.find((x: { rule: string }) => x.rule === "tree.amounts");
    expect([f.severity, f.difference, f.places[0]]).toEqual([
      "error",
      "0.02",
      {
        path: "basicExpenditure.goodsAndServices.amount",
        label: "二㈠ › 商品和服务支出",
        value: "10.72",
        unit: "万元",
      },
    ]);
    expect(run("check", SAMPLE_PATH).out).toContain("审核发现 4 个错误、10 个提示");
  });

  it("check: every finding has its kind; plausibility warnings are listed apart and do not fail the check", () => {
    const all = JSON.parse(run("check", SAMPLE_PATH, "--json").out).findings as {
      rule: string;
      kind: string;
    }[];
    expect(all.filter((f) => f.kind === "plausibility").map((f) => f.rule)).toEqual([
      "plausible.unspent",
      "plausible.percentages",
      "plausible.as-of",
      "plausible.goals",
      "plausible.controlled",
      "plausible.plan-actual",
      "plausible.causes",
    ]);
    expect(all.filter((f) => f.kind === "arithmetic")).toHaveLength(14);
    const text = run("check", SAMPLE_PATH).out;
    expect(text.indexOf("合理性提示 7 项")).toBeGreaterThan(text.lastIndexOf("规则 score."));
    // a report with no error but plausibility warnings exits 0
    const mended = fileURLToPath(
      new URL("../../examples/consistent/hengyang-2020-mended.json", import.meta.url),
    );
    const dir = mkdtempSync(join(tmpdir(), "zipin-"));
    const file = join(dir, "r.json");
    const raw = JSON.parse(readFileSync(mended, "utf8"));
    raw.basicData.compressedGeneral.current = "6.52";
    writeFileSync(file, JSON.stringify(raw));
    const r = run("check", file);
    expect([r.code, r.out.split("\n")[0]]).toEqual([0, "审核发现 0 个错误、3 个提示："]);
    expect(r.out).toContain("合理性提示 1 项");
  });

  it("whatif raises the computed total; --need finds the value for a goal", () => {
    const r = run("whatif", SAMPLE_PATH, "--set", "资金直补受益移民（人）=23330", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect([j.before, j.after]).toEqual([
      { total: "99.18", grade: "优秀" },
      { total: "99.23", grade: "优秀" },
    ]);
    expect(run("whatif", SAMPLE_PATH, "--need", "P1", "--total", "99.2").out.trim()).toBe(
      "“资金直补受益移民（人）”至少为 23114人，总分可达 99.20",
    );
  });

  it("deviations lists the causes", () => {
    const r = run("deviations", SAMPLE_PATH);
    expect(r.out).toContain("原因：人员死亡等原因核减");
    expect(r.out).toContain("原因：（未填写，请补充）");
  });

  it("a malformed file gets exit status 2 and names the field path and what was expected", () => {
    const dir = mkdtempSync(join(tmpdir(), "zipin-"));
    const bad = join(dir, "bad.json");
    const raw = JSON.parse(JSON.stringify({ schemaVersion: 1 }));
    writeFileSync(bad, JSON.stringify(raw));
    const r = run("score", bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unit：缺少此项，应为 对象");
    writeFileSync(bad, "{ not json");
    expect(run("check", bad).code).toBe(2);
    expect(run("check", join(dir, "missing.json")).err).toContain("ENOENT");
    const wrongNumber = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    wrongNumber.generalBudget.income = "352,29";
    writeFileSync(bad, JSON.stringify(wrongNumber));
    const r2 = run("check", bad);
    expect([r2.code, r2.err.trim().split("\n")[1]?.trim()]).toEqual([
      2,
      'generalBudget.income：应为十进制数字字符串（整数至多 18 位，小数至多 12 位），例如 "352.29"',
    ]);
  });

  it("a file 800 levels deep or with a 160,000-digit decimal: exit status 2 with what is wrong (a stack trace and 1 before)", () => {
    const dir = mkdtempSync(join(tmpdir(), "zipin-cli-bounds-"));
    const deep = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    let node = deep.basicExpenditure.wages;
    for (let i = 0; i < 800; i++) {
      node.items = [{ name: `第${i}层`, amount: "1" }];
      node = node.items[0];
    }
    writeFileSync(join(dir, "deep.json"), JSON.stringify(deep));
    const r = run("check", join(dir, "deep.json"));
    expect([r.code, r.err.split("\n")[1]]).toEqual([
      2,
      "  basicExpenditure.wages.items.0.items.0…：嵌套层数过多（超过 40 层）：报告文件的明细最多嵌套几层，请检查文件是否由其他程序生成时出错",
    ]);
    const long = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    long.generalBudget.income = `352.${"2".repeat(160_000)}`;
    writeFileSync(join(dir, "long.json"), JSON.stringify(long));
    const r2 = run("check", join(dir, "long.json"));
    expect([r2.code, r2.err.split("\n")[1]]).toEqual([
      2,
      "  generalBudget.income：数字位数过多：整数至多 18 位，小数至多 12 位",
    ]);
  });

  it("usage errors exit 2 with a message; schema prints a JSON Schema", () => {
    expect(run("whatif", SAMPLE_PATH).code).toBe(2);
    expect(run("frobnicate").code).toBe(2);
    const schema = JSON.parse(run("schema").out);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties.unit.required).toEqual(["name", "year", "moneyUnit"]);
    expect(schema.properties.generalBudget.properties.income.pattern).toBe(
      "^-?(0|[1-9]\\d{0,17})(\\.\\d{1,12})?$",
    );
  });
});

describe("zipin draft", () => {
  // the child's environment: none of the developer's own LLM settings leak into the test
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OPENAI_")));
  const runAsync = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [ZIPIN, ...args], { env });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code, out, err }));
    });

  it("without a key: the offline drafter, said so", async () => {
    const r = await runAsync(cleanEnv, "draft", SAMPLE_PATH, "--json");
    const j = JSON.parse(r.out);
    // three rows (P1 short, P3 far over, P9 late) and three plans not met (目标4, 压缩一般性支出, 后扶资金)
    expect([r.code, j.source, j.problems.length, j.improvements.length]).toEqual([0, "offline", 6, 6]);
  });

  it("with a key and a base URL: drafted by the model behind it", async () => {
    const server = await new FakeOpenAI().start();
    try {
      const answer = {
        problems: [
          { ref: "P1", description: "直补资金实发人数较目标人数少292人", cause: "人员死亡等原因核减" },
        ],
        improvements: [{ problemRef: "P1", measure: "及时核对人员信息" }],
      };
      server.script({ kind: "content", content: JSON.stringify(answer) });
      const env = {
        ...cleanEnv,
        OPENAI_API_KEY: "sk-cli-test",
        OPENAI_BASE_URL: server.url,
        OPENAI_MODEL: "qwen-plus",
      };
      const r = await runAsync(env, "draft", SAMPLE_PATH);
      expect(r.code).toBe(0);
      expect(r.out.split("\n").slice(0, 2)).toEqual([
        "五、存在的问题及原因分析",
        "1、直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；",
      ]);
      expect(r.out).toContain("（由大模型 qwen-plus 起草（模板 narrative-v2））");
      expect(r.out).toContain(
        "- 模型未写到的 5 项偏差由离线模板补写：生产开发及配套设施项目等（个）、直补资金按时发放时间、年度目标“安排5批次移民培训，培训移民617人次”、压缩一般性支出、后扶资金",
      );
      expect(server.requests[0]?.body.model).toBe("qwen-plus");
    } finally {
      await server.close();
    }
  });

  it("a bad variable is named, its value is not echoed, exit 2", async () => {
    const r = await runAsync(
      { ...cleanEnv, OPENAI_API_KEY: "sk-secret-value", OPENAI_TIMEOUT_MS: "soon" },
      "draft",
      SAMPLE_PATH,
    );
    expect([r.code, r.err.trim()]).toEqual([
      2,
      "环境变量有误：\n  OPENAI_TIMEOUT_MS：应为毫秒数，例如 60000",
    ]);
    expect(r.err + r.out).not.toContain("sk-secret-value");
  });
});

describe("zipin pdf", () => {
  const dir = mkdtempSync(join(tmpdir(), "zipin-pdf-"));

  it("writes the report as a PDF (a draft unless --final) and says where", async () => {
    const out = join(dir, "out.pdf");
    const r = run("pdf", SAMPLE_PATH, "-o", out);
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(r.out).toMatch(
      new RegExp(`^已生成 ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}（\\d+ KB，草稿）\\n$`),
    );
    const pdf = await extractPdf(readFileSync(out));
    expect(pdf.pages.length).toBe(8);
    expect(pdf.pageText[0]?.startsWith("衡阳县库区移民事务中心部门整体支出绩效自评报告")).toBe(true);
    expect(pdf.pages[0]?.items.some((i) => i.str === "草稿")).toBe(true);
    const fin = join(dir, "final.pdf");
    expect(run("pdf", SAMPLE_PATH, "-o", fin, "--final").out).toMatch(/^已生成 .*final\.pdf（\d+ KB）\n$/);
    expect((await extractPdf(readFileSync(fin))).pages[0]?.items.some((i) => i.str === "草稿")).toBe(false);
  });

  it("lists the characters the fonts cannot draw, with where they are", () => {
    const raw = JSON.parse(readFileSync(SAMPLE_PATH, "utf8"));
    raw.otherNotes.text = "第一段。\n第二段有😀。";
    const file = join(dir, "emoji.json");
    writeFileSync(file, JSON.stringify(raw));
    const r = run("pdf", file);
    expect(r.code).toBe(0);
    expect(r.out.split("\n").slice(1)).toEqual([
      "字体缺少 1 处字符，PDF 中以〓标出：",
      "  “😀”（U+1F600）：七、其他需要说明的情况 第2段",
      "",
    ]);
    // without -o: next to the report file, same name
    expect(readFileSync(join(dir, "emoji.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a missing file is a usage error (exit 2)", () => {
    const r = run("pdf", join(dir, "nope.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("无法读取文件");
  });
});
