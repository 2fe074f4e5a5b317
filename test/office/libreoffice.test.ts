import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderReportDocx } from "../../office/docx.js";
import { docxToPdf, pdfToPng, pdftoppm, soffice } from "../../scripts/libreoffice.js";
import { sample } from "../helpers.js";
import { type ExtractedPdf, extractPdf } from "../pdf/extract.js";

// The .docx opened by another program: LibreOffice headless (Debian's libreoffice-writer-nogui, installed by
// .ci/run) converts it to PDF, read back with pdfjs-dist; then pages as PNG (pdftoppm). Without LibreOffice
// these tests are skipped with a notice, except in CI (CI=true), where that is an error.
const LO = soffice();
if (!LO) {
  if (process.env.CI === "true")
    throw new Error("CI: LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)");
  console.warn(
    "\n[office] LibreOffice (soffice) not found: the tests that open the .docx in it are skipped here.\n",
  );
}

describe.skipIf(!LO)("the sample's .docx opened by LibreOffice", () => {
  let pdf: Buffer;
  let read: ExtractedPdf;
  beforeAll(async () => {
    pdf = docxToPdf(await renderReportDocx(sample()), "衡阳县库区移民事务中心-2020-自评报告-草稿.docx");
    read = await extractPdf(pdf);
  }, 180_000);

  it("opens as A4 pages numbered “— n —”, the title and sections 一–七 in their order", () => {
    expect(read.pages.length).toBeGreaterThanOrEqual(10);
    for (const p of read.pages) {
      expect(p.width).toBeCloseTo(595.3, 0);
      expect(p.height).toBeCloseTo(841.9, 0);
    }
    read.pageText.forEach((t, i) => {
      expect(t.endsWith(`—${i + 1}—`), `page ${i + 1}`).toBe(true);
    });
    const all = read.pageText.join("");
    expect(all.startsWith("衡阳县库区移民事务中心部门整体支出绩效自评报告一、单位基本情况")).toBe(true);
    const at = [
      "一、单位基本情况",
      "二、一般公共预算支出情况",
      "三、政府性基金预算支出情况",
      "四、部门整体支出绩效情况",
      "五、存在的问题及原因分析",
      "六、下一步改进措施",
      "七、其他需要说明的情况",
    ].map((h) => all.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("lays the attachments out as tables: 附件1-1 on a page of its own, 附件1-2 repeating its header row on the next page", () => {
    const basic = read.pageText.findIndex((t) => t.startsWith("附件1-1部门整体支出绩效评价基础数据表"));
    const self = read.pageText.findIndex((t) => t.startsWith("附件1-2部门整体支出绩效自评表（2020年度）"));
    expect(basic).toBeGreaterThan(0);
    expect(self).toBe(basic + 1);
    expect(read.pageText[basic]).toContain("一、部门基本支出113.29113.29152.98");
    // the indicator band crosses a page: its header row is repeated at the top of the next one
    const next = read.pageText[self + 1] ?? "";
    // (LibreOffice writes the merged 绩效指标 again in the repeated row)
    expect(next).toMatch(/^(绩效指标)?一级指标二级指标三级指标指标值完成值分值得分项目验收合格率/);
    expect(read.pageText.slice(self).join("")).toContain("综合评定等级优秀总分100.0099.18");
  });

  it.skipIf(!pdftoppm())("renders its pages as pictures (pdftoppm)", () => {
    const [png] = pdfToPng(pdf, [1], mkdtempSync(join(tmpdir(), "zipin-png-")));
    const bytes = readFileSync(png as string);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    // A4 at 80 dpi: 595.28 / 72 × 80 = 661.4 and 841.89 / 72 × 80 = 935.4, rounded up by pdftoppm
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([662, 936]);
  });
});
