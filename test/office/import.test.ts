import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { importOfficeFile } from "../../office/importer.js";
import { readOffice } from "../../office/read/index.js";
import { sniff } from "../../office/sniff.js";

// Last year's report and a workbook written by hand in the layout of the sample (scripts/office-fixtures.ts
// writes them with docx and exceljs directly, in a county office's own layout, and the truth beside them:
// every figure each file holds, with its place in the report). Then files that are not what they seem.
const FIXTURES = new URL("./fixtures/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
type Truth = { path: string; value: string | Record<string, unknown>; prose?: boolean }[];
const truth = JSON.parse(fixture("handmade-2020.truth.json").toString()) as { docx: Truth; xlsx: Truth };

/** How many of the truth's figures were read at their place with their value; which were not. */
async function recognition(file: string, figures: Truth, numeric: boolean) {
  const r = await readOffice(fixture(file));
  if (!r.ok) throw new Error(r.reason);
  const by = new Map(r.file.items.map((i) => [i.path, i.value]));
  const same = (a: unknown, b: unknown) =>
    typeof a === "string" && typeof b === "string" && numeric
      ? Number(a) === Number(b)
      : JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
  const right = figures.filter((f) => by.has(f.path) && same(by.get(f.path), f.value));
  const wrong = figures.filter((f) => by.has(f.path) && !same(by.get(f.path), f.value));
  const missing = figures.filter((f) => !by.has(f.path));
  return { file: r.file, right, wrong, missing };
}
const sorted = (v: unknown) =>
  v && typeof v === "object"
    ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => a.localeCompare(b)))
    : v;

describe("importing files written by hand", () => {
  it("the Word report: ≥ 90% of its figures recognised, none wrong, the rest offered for manual entry", async () => {
    const r = await recognition("handmade-2020.docx", truth.docx, false);
    expect(truth.docx.length).toBe(211);
    expect(r.right.length / truth.docx.length).toBeGreaterThanOrEqual(0.9);
    expect(r.wrong).toEqual([]);
    expect([r.file.unit, r.file.year, r.file.moneyUnit]).toEqual(["衡阳县库区移民事务中心", 2020, "万元"]);
    // each figure not read is in free prose, and its passage is offered for manual entry
    for (const m of r.missing) {
      expect(m.prose, m.path).toBe(true);
      const number = typeof m.value === "string" ? m.value : String((m.value as { value?: string }).value);
      expect(
        r.file.unplaced.some((u) => u.text.includes(number)),
        m.path,
      ).toBe(true);
    }
  });

  it("the workbook: ≥ 90% of its figures recognised (equal as numbers), none wrong, each with its sheet and cell", async () => {
    const r = await recognition("handmade-2020.xlsx", truth.xlsx, true);
    expect(truth.xlsx.length).toBe(114);
    expect(r.right.length / truth.xlsx.length).toBeGreaterThanOrEqual(0.9);
    expect(r.wrong).toEqual([]);
    const wages = r.file.items.find((i) => i.path === "basicExpenditure.wages.amount");
    expect([wages?.value, wages?.where]).toEqual(["101.61", "基本支出决算表!C4"]);
    const p1 = r.file.items.find((i) => i.path === "selfEvaluation.indicators.0.subgroups.0.rows.0.target");
    // typed as a bare 23330 in a row named “资金直补受益移民（人）”
    expect(p1?.value).toEqual({ kind: "count", value: "23330", unit: "人" });
  });
});

/** A zip whose central directory lists the given parts (their data stored as written, sizes as given). */
function zip(parts: { name: string; data: Buffer; size?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const data = deflateRawSync(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(p.size ?? p.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(p.size ?? p.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(c, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An OLE compound file's first bytes, and a directory entry's name in UTF-16 (as Office writes them). */
const cfb = (stream: string) =>
  Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(504),
    Buffer.from(stream, "utf16le"),
  ]);

describe("files that cannot be imported get a clear answer", () => {
  const cases: [string, Buffer, RegExp][] = [
    ["空.docx", Buffer.alloc(0), /是空文件。请发送上年的自评报告（\.docx）/],
    [
      "报告.docx",
      Buffer.from("这不是 Word 文件"),
      /不是 Word 文档（\.docx）或 Excel 工作簿（\.xlsx），无法导入。例如/,
    ],
    ["加密.xlsx", cfb("EncryptedPackage"), /设置了打开密码，无法读取。请在 Word 或 Excel 中取消密码/],
    [
      "旧版.doc",
      cfb("WordDocument"),
      /是旧版格式（\.doc 或 \.xls）。请在 Word 或 Excel 中“另存为” \.docx 或 \.xlsx/,
    ],
    [
      "演示.pptx",
      zip([{ name: "ppt/presentation.xml", data: Buffer.from("<p/>") }]),
      /不是 Word 文档或 Excel 工作簿（例如演示文稿/,
    ],
    ["大.xlsx", Buffer.alloc(11 * 1024 * 1024, 1), /太大；可导入的 Word、Excel 文件不超过 10 MB/],
    // a 1 KB zip that says it unpacks to 200 MB: refused before anything is unpacked
    [
      "炸弹.xlsx",
      zip([{ name: "xl/workbook.xml", data: Buffer.from("<w/>"), size: 200 * 1024 * 1024 }]),
      /内容太多（解压后超过 120 MB），无法导入/,
    ],
    [
      "坏.docx",
      zip([{ name: "word/document.xml", data: Buffer.from("<not xml") }]),
      /无法读取（文件可能已损坏）/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    it(`${name}`, async () => {
      const r = await importOfficeFile(name, bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
      expect(r.ok ? "" : r.message).toContain(`“${name}”`);
    });
  }

  it("a file is read off the chats' thread: the event loop runs on while it is parsed, and a time limit ends it", async () => {
    let ticks = 0;
    let reading = true;
    const tick = () => {
      ticks++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const r = await importOfficeFile("handmade-2020.xlsx", fixture("handmade-2020.xlsx"));
    reading = false;
    expect(r.ok).toBe(true);
    expect(ticks).toBeGreaterThan(10);
    const slow = await importOfficeFile("handmade-2020.docx", fixture("handmade-2020.docx"), {
      timeoutMs: 1,
    });
    expect(slow).toEqual({
      ok: false,
      message: "“handmade-2020.docx”内容太多，0 秒内没有读完。请只保留报告和附表后再发送。",
    });
  });

  it("sniffs by content, not by name: a workbook called .docx is read as a workbook", () => {
    expect(sniff(fixture("handmade-2020.xlsx"))).toEqual({ ok: true, format: "xlsx" });
    expect(sniff(fixture("handmade-2020.docx"))).toEqual({ ok: true, format: "docx" });
  });
});
