import { beforeAll, describe, expect, it } from "vitest";
import { renderReportPdf } from "../../pdf/index.js";
import { exampleWith } from "../helpers.js";
import { type ExtractedPdf, extractPdf } from "./extract.js";

// The worked examples of examples/forms/ as PDFs, read back with pdfjs-dist. The figures expected are
// those of the example files and of the hand computations in test/core/forms.test.ts.
const DATE = new Date("2022-03-15T08:00:00Z");
const render = async (file: string, final: boolean) =>
  extractPdf(await renderReportPdf(exampleWith(`forms/${file}`), { creationDate: DATE, final }));

let project: ExtractedPdf;
let projectFinal: ExtractedPdf;
let dept: ExtractedPdf;
let common: ExtractedPdf;
beforeAll(async () => {
  project = await render("national-2020-project.json", false);
  projectFinal = await render("national-2020-project.json", true);
  dept = await render("national-2020-dept.json", false);
  common = await render("common-2013-dept.json", false);
});

describe("the 项目支出 table", () => {
  it("has its own title and layout: project, funds by source in the report's unit, a score on every row", () => {
    const t = project.pageText[0] as string;
    expect(t).toContain("项目支出绩效自评表（2021年度）");
    expect(t).toContain("项目名称农村饮水安全巩固提升工程");
    expect(t).toContain("主管部门某县水利局实施单位某县农村供水服务中心");
    expect(t).toContain("项目资金（万元）");
    expect(t).toContain("年初预算数全年预算数全年执行数分值执行率得分");
    // 年度资金总额 190 / 200 / 180, 执行率 180 / 200 = 90%, 0.9 × 10 = 9
    expect(t).toContain("年度资金总额19020018010.0090.00%9.00");
    expect(t).toContain("上年结转资金404030");
    expect(t).toContain("一级指标二级指标三级指标指标值实际完成值分值得分偏差原因分析及改进措施");
    // the draft prints the rules' scores: 铺设供水管网 (1 − 5/50) × 10 = 9, 水质达标率 met → 15
    expect(t).toContain("50公里55公里10.009.00");
    expect(t).toContain("95%96%15.0015.00");
    expect(t).toContain("总分100.0087.44等级：良");
    // no 部门整体 report around it, and the chart of the check after it
    expect(t).not.toContain("一、单位基本情况");
    expect(project.pageText[1]).toContain("附图");
  });

  it("the final document prints the unit's declared scores and leaves the check out", () => {
    const t = projectFinal.pageText.join("");
    expect(projectFinal.pages.length).toBe(1);
    expect(t).toContain("50公里55公里10.0010.00"); // declared 10, not the rules' 9
    expect(t).toContain("95%96%15.0014.00"); // declared 14
    expect(t).not.toContain("草稿");
    expect(t).not.toContain("附图");
  });
});

describe("部门整体 forms other than Hunan's", () => {
  it("the national table: no 附件1-1, a 分值 and 得分 on every row with its 偏差原因", () => {
    const all = dept.pageText.join("");
    expect(all).not.toContain("基础数据表");
    expect(all).toContain("报告应包括以下附件：1.部门整体支出绩效自评表");
    expect(all).toContain("普法宣传费用50万元55万元10.009.09宣传点位增加，费用超出");
    expect(all).toContain("综合评定等级优总分100.0090.34");
  });

  it("the 2013 共性指标 table: 预算完成率 as a row of 过程, each row's 评分标准 beside it", () => {
    const all = common.pageText.join("");
    expect(all).toContain("部门整体支出绩效评价指标表");
    expect(all).toContain("预算完成率执行率100%88.00%5.001.00");
    expect(all).toContain("公用经费控制率100%112%5.000.00100%以下(含)计满分，每超出1%扣1分，扣完为止。");
  });
});
