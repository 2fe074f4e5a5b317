import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadFaces } from "../../pdf/fonts.js";
import { breakLines } from "../../pdf/lines.js";

const faces = loadFaces();
const joined = (lines: { atoms: { text: string }[] }[]) =>
  lines.map((l) => l.atoms.map((a) => a.text).join(""));

describe("Chinese line breaking", () => {
  it("keeps a number with its unit and never starts a line with closing punctuation", () => {
    // 12 pt, room for 10 characters
    const lines = joined(
      breakLines(
        "具体情况为：工资福利支出101.61万元，发放标准600元/人，实际发放23038人。",
        faces.serif,
        12,
        120,
      ),
    );
    expect(lines).toEqual([
      "具体情况为：工资福利",
      "支出101.61万元，发放",
      "标准600元/人，实际",
      "发放23038人。",
    ]);
  });

  it("indents the first line by two characters and starts each paragraph of a cell on a new line", () => {
    const lines = breakLines("一二三四五六七八九十十一\n下一段", faces.serif, 10, 100, 20);
    expect(joined(lines)).toEqual(["一二三四五六七八", "九十十一", "下一段"]);
    expect(lines.map((l) => [l.indent, l.last])).toEqual([
      [20, false],
      [0, true],
      [20, true],
    ]);
  });

  it("a unit wider than a line is cut before a digit, never before a closing mark", () => {
    // found by the property below (seed -1575743254): “06），： is 61.38 pt at 12 pt, the line 60 pt
    expect(joined(breakLines("“06），：", faces.serif, 12, 60))).toEqual(["“0", "6），："]);
  });

  it("for any text: nothing lost, no line too wide, no line starting with closing punctuation", () => {
    const alphabet = [..."资金直补受益移民人数万元个，。、；：）（“”0123456789.%"];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { maxLength: 200 }),
        fc.integer({ min: 60, max: 440 }),
        (chars, width) => {
          // at most three closing marks in a row, as in real text: a character with more of them than a
          // line holds (60 pt = 5 characters) has no valid place to break at all. "." counts: the breaker
          // keeps it off a line's start too (seed -873219257: 资；、.：， at 60 pt, five closing marks in a row)
          const text = chars.join("").replace(/[，。、；：）”%.]{4,}/g, (m) => m.slice(0, 3));
          const lines = breakLines(text, faces.serif, 12, width);
          expect(joined(lines).join("")).toBe(text);
          for (const l of lines) expect(l.width).toBeLessThanOrEqual(width + 0.01);
          joined(lines)
            .slice(1)
            .forEach((l) => {
              expect("，。、；：）”%".includes(l[0] ?? "")).toBe(false);
            });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
