import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { missingGlyphs, renderReportPdf } from "../../pdf/index.js";
import { AREA, PAGE } from "../../pdf/page.js";
import { sample, sampleWith } from "../helpers.js";
import { type ExtractedPdf, extractPdf } from "./extract.js";

// The sample rendered once as a draft and once as final, read back with pdfjs-dist. Every expected
// figure below is copied from examples/hengyang-2020.json or the sample report's text, not from the
// renderer.
const DATE = new Date("2021-05-20T08:00:00Z");
let draft: Buffer;
let pdf: ExtractedPdf;
let final: ExtractedPdf;
beforeAll(async () => {
  draft = await renderReportPdf(sample(), { creationDate: DATE });
  pdf = await extractPdf(draft);
  final = await extractPdf(await renderReportPdf(sample(), { creationDate: DATE, final: true }));
});

const HEADINGS = [
  "一、单位基本情况",
  "二、一般公共预算支出情况",
  "三、政府性基金预算支出情况",
  "四、部门整体支出绩效情况",
  "五、存在的问题及原因分析",
  "六、下一步改进措施",
  "七、其他需要说明的情况",
];

/** The text of each section 一–七: from its heading to the next one (pages before 附件1-1). */
function sections(p: ExtractedPdf): string[] {
  // the prose runs up to 附件1-1 (4 pages for the sample; a longer 五 and 六 may take a fifth)
  const end = p.pageText.findIndex((t) => t.startsWith("附件1-1"));
  const prose = p.pageText.slice(0, end < 0 ? 4 : end).join("");
  const at = HEADINGS.map((h) => prose.indexOf(h));
  return HEADINGS.map((_, i) => prose.slice(at[i], at[i + 1] ?? prose.length));
}

/** A figure stands alone: not the tail or head of a longer number ("0.5万元" is not in "23.5万元"). */
function hasFigure(text: string, figure: string): boolean {
  const esc = figure.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(?<![\\d.])${esc}(?![\\d])`).test(text);
}

describe("the sample as a PDF", () => {
  it("has 8 A4 pages: 4 of prose, 附件1-1 on one, 附件1-2 on two (the second under 续表), the chart last", () => {
    expect(pdf.pages.length).toBe(8);
    for (const p of pdf.pages) expect([p.width, p.height]).toEqual([PAGE.width, PAGE.height]);
    expect(
      pdf.pageText[0]?.startsWith("衡阳县库区移民事务中心部门整体支出绩效自评报告一、单位基本情况"),
    ).toBe(true);
    expect(pdf.pageText[4]?.startsWith("附件1-1部门整体支出绩效评价基础数据表")).toBe(true);
    expect(pdf.pageText[5]?.startsWith("附件1-2部门整体支出绩效自评表（2020年度）")).toBe(true);
    expect(pdf.pageText[6]?.startsWith("续表")).toBe(true);
    expect(pdf.pageText[7]?.startsWith("附图自评得分情况一、各一级指标得分与分值")).toBe(true);
    // page numbers "— n —" at the foot of every page
    pdf.pageText.forEach((t, i) => {
      expect(t.endsWith(`—${i + 1}—`)).toBe(true);
    });
  });

  it("has sections 一 to 七 in the sample's order, then the list of attachments", () => {
    const prose = pdf.pageText.slice(0, 4).join("");
    const at = HEADINGS.map((h) => prose.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(prose).toContain("报告应包括以下附件：1.部门整体支出绩效评价基础数据表2.部门整体支出绩效自评表");
    for (const h of ["㈠基本情况", "㈠基本支出情况", "㈡项目支出情况", "㈠移民后期扶持人口动态管理常态化。"])
      expect(prose).toContain(h);
  });

  it("prints every figure of the sample in its section, as stored", () => {
    const [one, two, three, four, five, six, seven] = sections(pdf) as string[];
    const expectIn = (text: string, figures: string[]) => {
      const missing = figures.filter((f) => !hasFigure(text, f));
      expect(missing).toEqual([]);
    };
    expect(one).toContain(
      "3．人员情况：单位现实有在编工作人员18人，其中：参照公务员法管理事业人员7人，非参公人员11人。年末实有离退休人员4人。",
    );
    expect(two).toContain(
      "2020年一般公共预算拨款收入352.29万元，一般公共预算支出352.29万元，其中：基本支出113.29万元，项目支出239万元。",
    );
    // 工资福利、商品和服务、对个人和家庭补助 with their items; 2.30 stays 2.30
    expectIn(two as string, [
      "113.29万元",
      "101.61万元",
      "51.91万元",
      "20.63万元",
      "6.19万元",
      "15.38万元",
      "5.78万元",
      "1.72万元",
      "10.72万元",
      "0.75万元",
      "0.5万元",
      "1.51万元",
      "0.2万元",
      "2.30万元",
      "0.35万元",
      "4.73万元",
      "0.36万元",
      "0.96万元",
      "0.1万元",
      "4.17%",
      "140万元",
      "72万元",
      "1万元",
      "3万元",
      "2万元",
      "6万元",
      "8万元",
      "12万元",
      "5万元",
      "23.5万元",
      "68万元",
      "85万元",
      "14万元",
    ]);
    expect(two).toContain("⒊对个人和家庭补助支出（生活补助）0.96万元。");
    expect(two).toContain("同比2019年减少0.1万元，下降4.17%");
    expectIn(three as string, [
      "4837.44万元",
      "4625.44万元",
      "2218.44万元",
      "2407万元",
      "212万元",
      "1382.28万元",
      "2945.01万元",
      "510.15万元",
      "399个",
      "17KM",
      "38KM",
      "73座",
      "13处",
      "6处",
      "52KM",
      "13宗",
      "79亩",
      "54亩",
      "1900亩",
    ]);
    expectIn(four as string, [
      "136人",
      "1399.8万元",
      "600元/人",
      "23038人",
      "1382.28万元",
      "4976.44万元",
      "4936.44万元",
      "14万元",
      "11万元",
      "85万元",
      "3426.64万元",
      "398个",
      "132个",
      "107个",
      "8个",
      "4个",
      "5个",
      "142个",
      "14个",
      "610万元",
      "2131.675万元",
      "2916.49万元",
      "510.15万元",
      "70万元",
      "25万元",
      "35.7%",
      "617人",
      "29户",
      "13户",
      "8户",
      "3户",
      "85人",
      "42人",
      "23人",
      "13人",
      "7人",
      "100%",
    ]);
    expect(five).toContain("1、直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；");
    expect(five).toContain("2、直补资金发放时间滞后，原因为核实人数时间延长。");
    expect(six).toContain("1、加强移民信息管理，及时核对人员信息工作；");
    expect(six).toContain("2、按移民实有人数和上级规定时间发放移民直补资金。");
    expect(seven).toContain("2020年部门整体支出绩效评价自查自评结果为优秀。");
  });

  it("附件1-1 has every label of the form, its figures row by row, and the 控制率 18/19 = 94.74%", () => {
    const t = pdf.pageText[4] as string;
    expect(t).toContain("填报单位：衡阳县库区移民事务中心填报时间：2021年5月20日");
    expect(t).toContain("财政供养人员情况编制数2020年实际在职人数控制率191894.74%");
    expect(t).toContain("经费控制情况2020年决算数2020年预算数2019年决算数");
    for (const row of [
      "一、部门基本支出113.29113.29152.98",
      "其中：1、压缩一般性支出6.520.570.78",
      "2、三公经费2.32.32.4",
      "公务用车购置和维护经费其中：公车购置公车运行维护公务接待2.32.32.4出国经费",
      "二、部门项目支出5076.445076.445602.44",
      "1、业务工作专项4922.444922.445528.44",
      "其中：移民后扶项目（含移民直补资金）4922.444922.445528.44",
      "2、运行维护专项移民后扶前期工作经费15415474",
      "3、县级专项资金政府采购金额厉行节约保障措施",
      "填表人：夏朝晖联系电话：13974766373单位负责人签字：",
    ])
      expect(t).toContain(row);
  });

  it("附件1-2 has the funds, goals and every indicator row with 指标值 and 完成值, computed scores, total and grade", () => {
    const t = (pdf.pageText[5] as string) + (pdf.pageText[6] as string);
    expect(t).toContain("年初预算数全年预算数全年执行数执行率分值得分");
    // 执行率 5189.73 / 5189.73 = 100.00%, score 10.00 of 10
    expect(t).toContain("年度资金总额4633.335189.735189.73100.00%10.0010.00");
    expect(t).toContain(
      "按收入性质分按支出性质分其中：一般公共预算352.29基本支出113.29政府性基金拨款4837.44其中：人员经费102.57",
    );
    expect(t).toContain("纳入管理的非税收入拨款0公用经费10.72其他资金0项目支出5076.44");
    expect(t).toContain("目标1：计划投入1399.8万元，发放2020年度核定23330人移民直补资金；");
    expect(t).toContain("目标1：实际完成直补资金发放金额为1382.28万元，直补发放移民人数为23038人；");
    const rows: [string, string, string][] = [
      ["资金直补受益移民（人）", "23330人", "23038人"],
      ["生产开发及配套设施项目等（个）", "300个", "399个"],
      ["培训移民劳动力（人次）", "617人次", "617人次"],
      ["培训合格率（%）", "90%", "100%"],
      ["直补资金按时发放时间", "2020年3月底前", "2020年5月份"],
      ["截至年底，项目资金完成率（%）", "80%", "89.95%"],
      ["增加移民人均可支配收入（元）", "1200元", "1422元"],
      ["增加达到当地县农村居民平均收入水平移民（人）", "1360人", "1362人"],
      ["项目扶持受益移民村", "379个", "379个"],
      ["移民对后扶政策实施满意度（%）", "98%", "98%"],
      ["与后期扶持有关的非正常进京越级上访事件（起）", "0起", "0起"],
    ];
    for (const [name, target, actual] of rows) expect(t).toContain(`${name}${target}${actual}`);
    // 产出 50 over 13 rows (3.846 each): P1 23038/23330 loses 0.048, P9 late (部分达成 80%) loses 0.769
    // → 49.18; total 10 + 49.18 + 30 + 10 = 99.18, 优秀 (S ≥ 90)
    expect(t).toContain("5049.18");
    expect(t).toContain("3030.00");
    expect(t).toContain("1010.00");
    expect(t).toContain("综合评定等级优秀总分100.0099.18");
    expect(t).toContain(
      "说明偏差及原因分析改进措施直补资金实发人数较目标人数少292人，原因为人员死亡等原因核减；",
    );
    expect(t).toContain("人员核实工作时间提前。");
    expect(t).toContain(
      "说明：1.评价等级分为优秀（S≥90）、良好（90＞S≥80）、较差（80＞S≥60）、差（S＜60）。",
    );
  });

  it("repeats the indicator header under 续表; a split merged cell keeps its label on both pages and its score once", () => {
    const next = pdf.pageText[6] as string;
    expect(next.startsWith("续表绩效指标一级指标二级指标三级指标指标值完成值分值得分")).toBe(true);
    // 产出指标 crosses the page: its label is on both pages, its 得分 49.18 only on the first
    expect(pdf.pageText[5]).toContain("产出指标（50分）");
    expect(next).toContain("产出指标（50分）");
    const tables = `${pdf.pageText[5]}${next}`;
    expect(tables.split("49.18").length - 1).toBe(1);
  });

  it("draws the chart: each level-1 group's score against its weight, and the two rows that lost points", () => {
    const t = pdf.pageText[7] as string;
    expect(t).toContain("预算执行率10.00/10.00产出指标49.18/50.00效益指标30.00/30.00满意度指标10.00/10.00");
    expect(t).toContain("资金直补受益移民（人）（产出指标）：失分0.05");
    expect(t).toContain("直补资金按时发放时间（产出指标）：失分0.77");
    expect(t).toContain("按规则计算总分99.18分，评定等级优秀；单位自评总分95.00分（优秀）。");
    // bars are vector paths: the page has filled rectangles ("re" … "f") and no image
    expect(draft.includes(Buffer.from("/Subtype /Image"))).toBe(false);
  });

  it("keeps all text inside the type area (GB/T 9704: 156 × 225 mm) except the page number, which sits below it", () => {
    const top = PAGE.height - AREA.top;
    const bottom = PAGE.height - AREA.top - AREA.height;
    const right = AREA.left + AREA.width;
    const outside: string[] = [];
    pdf.pages.forEach((p, i) => {
      for (const it of p.items.filter((x) => x.upright)) {
        const isNumber = /^[—\s\d]+$/.test(it.str) && it.y < bottom;
        const inside =
          it.x >= AREA.left - 0.5 &&
          it.x + it.width <= right + 0.5 &&
          it.y - 0.12 * it.size >= bottom - 0.5 &&
          it.y + 0.88 * it.size <= top + 0.5;
        if (isNumber) {
          if (it.y - 0.12 * it.size < 0 || Math.abs(it.x + it.width / 2 - PAGE.width / 2) > 1)
            outside.push(`page ${i + 1}: page number ${it.str}`);
        } else if (!inside) outside.push(`page ${i + 1}: ${it.str} at ${it.x.toFixed(1)},${it.y.toFixed(1)}`);
      }
    });
    expect(outside).toEqual([]);
  });

  it("has the document's metadata and embeds the two font files as subsets", () => {
    expect(pdf.info.Title).toBe("衡阳县库区移民事务中心2020年度部门整体支出绩效自评报告");
    expect(pdf.info.Author).toBe("衡阳县库区移民事务中心");
    expect(pdf.info.CreationDate).toBe("D:20210520080000Z");
    const text = draft.toString("latin1");
    // each face: a Type0 font and its CIDFont, both named with a subset tag ("ABCDEF+")
    const fonts = [
      ...new Set([...text.matchAll(/\/BaseFont \/([A-Z]{6})\+([A-Za-z-]+)/g)].map((m) => m[2])),
    ].sort();
    expect(fonts).toEqual(["NotoSansSC-Regular", "NotoSerifSC-Regular"]);
    expect(text.match(/\/FontFile2 /g)?.length).toBe(2);
  });

  it("draws the title as a simulated bold (filled and stroked) and the rest of the text filled only", () => {
    // the content streams, inflated: each text object with its rendering mode (Tr) if one is set
    const text = draft.toString("latin1");
    const streams = [...text.matchAll(/stream\r?\n/g)].flatMap((m) => {
      try {
        return [inflateSync(draft.subarray((m.index ?? 0) + m[0].length)).toString("latin1")];
      } catch {
        return [];
      }
    });
    const modes = streams.flatMap((s) =>
      [...s.matchAll(/BT[\s\S]*?ET/g)].map((bt) => /(\d) Tr/.exec(bt[0])?.[1] ?? "0"),
    );
    // the two lines of the title; every other text object (body, tables, watermark, page numbers) fills
    expect(modes.filter((m) => m === "2").length).toBe(2);
    expect(modes.filter((m) => m !== "2" && m !== "0")).toEqual([]);
    expect(modes.length).toBeGreaterThan(100);
    // the mode and the outline's width stay inside the title's q … Q
    for (const s of streams) expect(/2 Tr[\s\S]*?ET\s*Q/.test(s) || !s.includes("2 Tr")).toBe(true);
    const title = pdf.pages[0]?.items
      .filter((i) => i.upright && i.size > 20)
      .map((i) => i.str)
      .join("");
    expect(title).toBe("衡阳县库区移民事务中心部门整体支出绩效自评报告");
  });

  it('is a draft with "草稿" across every page until final; the same input gives the same bytes', async () => {
    for (const p of pdf.pages) expect(p.items.some((i) => !i.upright && i.str === "草稿")).toBe(true);
    // the final document is the unit's: the chart of the rules' check (page 8 of the draft) stays on the draft
    expect([pdf.pages.length, final.pages.length]).toEqual([8, 7]);
    for (const p of final.pages) expect(p.items.some((i) => i.str.includes("草稿"))).toBe(false);
    // its 附件1-2 prints the unit's own scores: 执行率 10, 产出 45, 效益 30, 满意度 left blank (the rules'
    // 10.00), total 95 and the grade 优秀 from 七 — not the rules' 49.18 and 99.18
    const table = final.pageText.slice(5, 7).join("");
    expect(table).toContain("5045.00");
    expect(table).toContain("综合评定等级优秀总分100.0095.00");
    expect(table).not.toContain("99.18");
    const again = await renderReportPdf(sample(), { creationDate: DATE });
    expect(again.equals(draft)).toBe(true);
  });
});

describe("what the fonts cannot draw", () => {
  it("is listed with its place and drawn as 〓, never as an empty box", async () => {
    const report = sampleWith((raw) => {
      raw.otherNotes.text = "第一段无生僻字。\n第二段有😀一处。";
      raw.selfEvaluation.indicators[0].subgroups[0].rows[1].name = "精准扶持整村推进重点移民村建设（个）𠀀";
    });
    expect(missingGlyphs(report)).toEqual([
      { char: "😀", where: "七、其他需要说明的情况 第2段" },
      { char: "𠀀", where: "附件1-2 三级指标“精准扶持整村推进重点移民村建设（个）𠀀”" },
    ]);
    expect(missingGlyphs(sample())).toEqual([]);
    const out = await extractPdf(await renderReportPdf(report, { creationDate: DATE }));
    const all = out.pageText.join("");
    expect(all).toContain("第二段有〓一处。");
    expect(all).toContain("精准扶持整村推进重点移民村建设（个）〓");
    expect(all).not.toContain("😀");
  });
});

describe("sections 五 and 六 when the report has none yet", () => {
  it("come from the offline drafter, numbered, with the cause the staff gave", async () => {
    const report = sampleWith((raw) => {
      raw.problems = [];
      raw.improvements = [];
    });
    const out = await extractPdf(await renderReportPdf(report, { creationDate: DATE }));
    const [, , , , five, six] = sections(out) as string[];
    expect(five).toContain(
      "1、资金直补受益移民未完成年度目标（指标值23330人，完成值23038人，相差292人），原因为人员死亡等原因核减；",
    );
    expect(six).toContain("1、加强资金直补受益移民相关工作的过程管理，及时核实基础数据，确保完成年度目标；");
  });
});
