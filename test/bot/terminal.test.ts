import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openRepository } from "../../src/storage/prisma.js";

// The terminal chat as users run it (`npm start` = node dist/src/main.js), with its SQLite file.
const MAIN = fileURLToPath(new URL("../../dist/src/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "zipin-term-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = (db: string) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "TELEGRAM_BOT_TOKEN")),
  DATABASE_URL: db,
});

function runPiped(db: string, lines: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: env(db) });
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
  "是",
  "贯彻执行库区移民工作方针政策",
  "内设综合办公室",
  "18人",
  "否",
  "4",
  "是",
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
    expect(second.out).toMatch(/无法识别“十八”中的数字.*例如：617 或 617人/);
  });

  it("a SIGKILL in the middle loses no accepted answer: the restart asks the same question", async () => {
    const db = join(dir, "killed.db");
    const child = spawn(process.execPath, [MAIN], { env: env(db) });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    for (const line of ANSWERS.slice(0, 8)) child.stdin.write(`${line}\n`);
    await waitForAcks(child, 8, () => out);
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
      ["profile.functions", '"贯彻执行库区移民工作方针政策"'],
      ["profile.institutions", '"内设综合办公室"'],
      ["profile.staff.actual", '"18"'],
    ]);
    await repo.close();
  });

  it("/import prefills from a report file and /export writes one", async () => {
    const db = join(dir, "import.db");
    const out = join(dir, "out.json");
    const sample = fileURLToPath(new URL("../../examples/hengyang-2020.json", import.meta.url));
    const r = await runPiped(db, [`/import ${sample}`, `/export ${out}`, "/check"]);
    expect(r.out).toContain(`已导入 ${sample}`);
    expect(r.out).toContain(`已导出到 ${out}`);
    expect(r.out).toContain("商品和服务支出：各项合计 10.70万元，填报 10.72万元，相差 0.02万元");
    writeFileSync(join(dir, "bad.json"), "{");
    expect((await runPiped(db, [`/import ${join(dir, "bad.json")}`])).out).toContain(
      "不能导入：\n  (文件)：不是有效的 JSON",
    );
  });
});
