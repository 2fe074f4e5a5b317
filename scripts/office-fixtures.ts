/**
 * Writes the hand-made Word report and workbook the importer's tests read (test/office/fixtures/):
 * last year's report and tables laid out as the sample's were written by a county office — not by Zipin's
 * writers. The layout is this script's own: headings as bold paragraphs numbered （一） and 1、, amounts
 * with thousands separators, 附件1-1 and 附件1-2 each one Word table with the library's own merges and an
 * 8-column 自评表, section 四 partly as 主要数据 lists and partly in free prose; a workbook whose sheets put
 * the forms at other rows and columns with General-format numbers, percents typed as text, a row's unit
 * only in its name, and a 基本支出决算表 by 科目. Beside each file, the truth: every figure it holds with the
 * report's place it belongs to, and whether it sits in free prose.
 *
 *   node dist/scripts/office-fixtures.js   (after npm run build)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from "docx";
import ExcelJS from "exceljs";
import { sampleReport } from "../bench/sample.js";
import { formatQuantity, type Quantity } from "../core/quantity.js";
import type { AmountNode, Figure, Report } from "../core/report.js";

const OUT = fileURLToPath(new URL("../../test/office/fixtures/", import.meta.url));

type Truth = { path: string; value: string | Quantity; prose?: boolean }[];

/** "5076.44" → "5,076.44" (as staff type amounts in Word). */
const grouped = (s: string) => {
  const [i = "", f] = s.split(".");
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${f === undefined ? "" : `.${f}`}`;
};

class Doc {
  readonly body: (Paragraph | Table)[] = [];
  readonly truth: Truth = [];
  constructor(readonly r: Report) {}
  money(path: string, v: string | undefined, prose = false): string {
    if (v === undefined) return "";
    this.truth.push({ path, value: v, ...(prose && { prose }) });
    return `${grouped(v)}万元`;
  }
  q(path: string, v: Quantity, prose = false): string {
    this.truth.push({ path, value: v, ...(prose && { prose }) });
    return formatQuantity(v);
  }
  count(path: string, v: string | undefined): string {
    if (v === undefined) return "";
    this.truth.push({ path, value: v });
    return v;
  }
  heading(text: string): void {
    this.body.push(new Paragraph({ children: [new TextRun({ text, bold: true, font: "黑体", size: 32 })] }));
  }
  para(text: string): void {
    this.body.push(
      new Paragraph({
        indent: { firstLine: 640 },
        children: [new TextRun({ text, font: "仿宋", size: 32 })],
      }),
    );
  }
}

function prose(d: Doc): void {
  const r = d.r;
  const y = r.unit.year;
  d.body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({ text: `${r.unit.name}${y}年度部门整体支出绩效自评报告`, bold: true, size: 44 }),
      ],
    }),
  );
  d.heading("一、单位基本情况");
  d.para(`（一）主要职能：${r.profile.functions}`);
  d.para(`（二）机构情况：${r.profile.institutions}`);
  const s = r.profile.staff;
  const parts = s.breakdown.map(
    (b, i) => `${b.name}${d.count(`profile.staff.breakdown.${i}.count`, b.count)}人`,
  );
  d.para(
    `（三）人员情况：单位现实有在编工作人员${d.count("profile.staff.actual", s.actual)}人，其中：${parts.join("，")}。年末实有离退休人员${d.count("profile.staff.retirees", s.retirees)}人。`,
  );
  d.heading("二、一般公共预算支出情况");
  const gb = r.generalBudget;
  d.para(
    `${y}年一般公共预算拨款收入${d.money("generalBudget.income", gb.income)}，一般公共预算支出${d.money("generalBudget.expenditure", gb.expenditure)}，其中：基本支出${d.money("generalBudget.basic", gb.basic)}，项目支出${d.money("generalBudget.project", gb.project)}。`,
  );
  d.para("（一）基本支出情况");
  const be = r.basicExpenditure;
  const kinds = (["wages", "goodsAndServices", "householdSubsidies"] as const).map((k, i) => {
    const n = be[k];
    const items = (n.items ?? []).map(
      (it, j) => `${it.name}${d.money(`basicExpenditure.${k}.items.${j}.amount`, it.amount)}`,
    );
    return `${i + 1}.${n.name}${d.money(`basicExpenditure.${k}.amount`, n.amount)}：${items.join("、")}。`;
  });
  d.para(`${y}年基本支出共计${d.money("basicExpenditure.amount", be.amount)}，具体情况为：${kinds.join("")}`);
  const tp = r.threePublic;
  if (tp?.change)
    d.para(
      `${y}年“三公经费”支出${d.money("threePublic.amount", tp.amount)}，同比${y - 1}年${tp.change.direction}${d.money("threePublic.change.amount", tp.change.amount)}，下降${d.count("threePublic.change.rate", tp.change.rate)}%。`,
    );
  d.para("（二）项目支出情况");
  r.projects.forEach((p, i) => {
    d.para(projectLine(d, p, i, y));
  });
}

function projectLine(d: Doc, p: AmountNode, i: number, y: number): string {
  const head = `${i + 1}、${y}年度${p.name}${d.money(`projects.${i}.amount`, p.amount)}`;
  const items = p.items ?? [];
  if (items.length === 0) return `${head}，${p.note ?? ""}。`;
  const uses = items.map((u, k) => {
    const sub = (u.items ?? []).map(
      (s, j) => `${s.name}${d.money(`projects.${i}.items.${k}.items.${j}.amount`, s.amount)}`,
    );
    return `${String.fromCodePoint(0x2474 + k)}${u.name}${d.money(`projects.${i}.items.${k}.amount`, u.amount)}${sub.length ? `：${sub.join("、")}` : ""}${u.note ? `，即：${u.note}` : ""}`;
  });
  return `${head}（${p.note}），使用情况为：${uses.join("；")}。`;
}

function fundsAndPerformance(d: Doc): void {
  const r = d.r;
  const gf = r.governmentFunds;
  d.heading("三、政府性基金预算支出情况");
  if (gf) {
    const parts = gf.breakdown.map((b, i) => {
      const items = (b.items ?? []).map(
        (it, k) => `${it.name}${d.money(`governmentFunds.breakdown.${i}.items.${k}.amount`, it.amount)}`,
      );
      return `${b.name}${d.money(`governmentFunds.breakdown.${i}.amount`, b.amount)}${items.length ? `（${items.join("、")}）` : ""}`;
    });
    d.para(
      `${r.unit.year}年政府性基金预算拨款收入${d.money("governmentFunds.income", gf.income)}，其中：${parts.join("、")}。`,
    );
    gf.uses.forEach((u, i) => {
      d.para(
        `${["（一）", "（二）", "（三）"][i] ?? ""}${u.asOf ? `至${u.asOf}，` : ""}${u.name}${d.money(`governmentFunds.uses.${i}.amount`, u.amount)}${u.note ? `，${u.note}` : ""}。`,
      );
    });
    // written as a person writes it: the figures inside the sentence
    const f = gf.figures.map(
      (x, i) => `${x.label}${d.q(`governmentFunds.figures.${i}.value`, x.value, true)}`,
    );
    d.para(`${gf.text}其中${f[0]}，${f.slice(1).join("，")}。`);
  }
  d.heading("四、部门整体支出绩效情况");
  d.para(r.performance.intro);
  r.performance.sections.forEach((s, i) => {
    d.para(`（${"一二三四五"[i]}）${s.title}`);
    d.para(s.text);
    const path = `performance.sections.${i}.figures`;
    if (i === 2 || i === 4) {
      // free prose: for the LLM, or entered by hand
      d.para(
        `据统计，${s.figures.map((f, k) => `${f.label}${d.q(`${path}.${k}.value`, f.value, true)}`).join("，")}。`,
      );
      return;
    }
    d.para(`主要数据：${s.figures.map((f, k) => figureText(d, f, `${path}.${k}`)).join("；")}。`);
  });
  d.heading("五、存在的问题及原因分析");
  for (const [i, p] of r.problems.entries()) d.para(`${i + 1}、${p}`);
  d.heading("六、下一步改进措施");
  for (const [i, p] of r.improvements.entries()) d.para(`${i + 1}、${p}`);
  d.heading("七、其他需要说明的情况");
  d.para(r.otherNotes.text);
}

function figureText(d: Doc, f: Figure, path: string): string {
  const items = (f.items ?? []).map((it, k) => `${it.label}${d.q(`${path}.items.${k}.value`, it.value)}`);
  return `${f.asOf ? `截至${f.asOf}，` : ""}${f.label}${d.q(`${path}.value`, f.value)}${items.length ? `，其中：${items.join("、")}` : ""}`;
}

const cell = (text: string, o: { cs?: number; rs?: number; merge?: "restart" | "continue" } = {}) =>
  new TableCell({
    ...(o.cs && { columnSpan: o.cs }),
    ...(o.rs && { rowSpan: o.rs }),
    children: text
      .split("\n")
      .map((l) => new Paragraph({ children: [new TextRun({ text: l, font: "宋体", size: 21 })] })),
  });
const row = (cells: TableCell[]) => new TableRow({ children: cells });
const table = (rows: TableRow[]) => new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });

function basicDataTable(d: Doc): void {
  const b = d.r.basicData;
  const y = d.r.unit.year;
  d.body.push(new Paragraph({ children: [new TextRun({ text: "附件1-1", font: "黑体", size: 32 })] }));
  d.body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: "部门整体支出绩效评价基础数据表", bold: true, size: 36 })],
    }),
  );
  d.para(`填报单位：${d.r.unit.name}　　填报时间：${b.filledAt}　　单位：万元`);
  const cols = (path: string, c: { current?: string; budget?: string; prior?: string }) =>
    (["current", "budget", "prior"] as const).map((k) =>
      cell(c[k] === undefined ? "" : d.money(`${path}.${k}`, c[k]).replace("万元", "")),
    );
  const line = (label: string, path: string, c: { current?: string; budget?: string; prior?: string }) =>
    row([cell(label), ...cols(path, c)]);
  const rows = [
    row([cell("财政供养人员情况", { rs: 2 }), cell("编制数"), cell(`${y}年实际在职人数`), cell("控制率")]),
    row([
      cell(d.count("basicData.establishment", b.establishment)),
      cell(d.count("basicData.actualStaff", b.actualStaff)),
      cell(`${d.count("basicData.controlRate", b.controlRate)}%`),
    ]),
    row([cell("经费控制情况"), cell(`${y}年决算数`), cell(`${y}年预算数`), cell(`${y - 1}年决算数`)]),
    line("一、部门基本支出", "basicData.basic", b.basic),
    line("  其中：1、压缩一般性支出", "basicData.compressedGeneral", b.compressedGeneral),
    line("        2、三公经费", "basicData.threePublic", b.threePublic),
    line("    公务用车购置和维护经费", "basicData.vehicle", b.vehicle),
    line("      其中：公车购置", "basicData.vehiclePurchase", b.vehiclePurchase),
    line("            公车运行维护", "basicData.vehicleOperation", b.vehicleOperation),
    line("    公务接待", "basicData.reception", b.reception),
    line("    出国经费", "basicData.abroad", b.abroad),
    line("二、部门项目支出", "basicData.projects", b.projects),
  ];
  for (const [name, key] of [
    ["1、业务工作专项", "business"],
    ["2、运行维护专项", "operation"],
    ["3、县级专项资金", "county"],
  ] as const) {
    rows.push(line(`  ${name}`, `basicData.${key}.columns`, b[key].columns));
    b[key].items.forEach((it, i) => {
      rows.push(
        line(
          `    ${i === 0 && b[key].itemsArePartial ? "其中：" : ""}${it.name}`,
          `basicData.${key}.items.${i}.columns`,
          it.columns,
        ),
      );
    });
  }
  rows.push(line("政府采购金额", "basicData.procurement", b.procurement));
  rows.push(row([cell("厉行节约保障措施"), cell(b.savingMeasures, { cs: 3 })]));
  d.body.push(table(rows));
  d.para(`填表人：${b.filler}　　联系电话：${d.count("basicData.phone", b.phone)}　　单位负责人签字：`);
}

function selfEvaluationTable(d: Doc): void {
  const se = d.r.selfEvaluation;
  const f = se.funds;
  d.body.push(new Paragraph({ children: [new TextRun({ text: "附件1-2", font: "黑体", size: 32 })] }));
  d.body.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({ text: `部门整体支出绩效自评表（${d.r.unit.year}年度）`, bold: true, size: 36 }),
      ],
    }),
  );
  d.para(`填报单位（盖章）：${d.r.unit.name}　　填报时间：${se.filledAt}`);
  const m = (path: string, v: string | undefined) =>
    v === undefined ? "" : grouped(d.money(path, v).replace("万元", ""));
  const rows = [
    row([
      cell("部门资金（万元）", { rs: 7 }),
      cell(""),
      cell("年初预算数"),
      cell("全年预算数"),
      cell("全年执行数"),
      cell("执行率"),
      cell("分值"),
      cell("得分"),
    ]),
    row([
      cell("年度资金总额"),
      cell(m("selfEvaluation.funds.initialBudget", f.initialBudget)),
      cell(m("selfEvaluation.funds.fullBudget", f.fullBudget)),
      cell(m("selfEvaluation.funds.executed", f.executed)),
      cell(`${d.count("selfEvaluation.funds.executionRate", f.executionRate)}%`),
      cell(d.count("selfEvaluation.funds.weight", f.weight)),
      cell(d.count("selfEvaluation.funds.declaredScore", f.declaredScore)),
    ]),
    row([cell("按收入性质分", { cs: 3 }), cell("按支出性质分", { cs: 4 })]),
  ];
  const pairs = [
    [
      "其中：一般公共预算",
      "byIncome.generalBudget",
      se.byIncome.generalBudget,
      "基本支出",
      "byExpense.basic",
      se.byExpense.basic,
    ],
    [
      "政府性基金拨款",
      "byIncome.governmentFund",
      se.byIncome.governmentFund,
      "其中：人员经费",
      "byExpense.personnel",
      se.byExpense.personnel,
    ],
    [
      "纳入管理的非税收入拨款",
      "byIncome.nonTax",
      se.byIncome.nonTax,
      "公用经费",
      "byExpense.publicFunds",
      se.byExpense.publicFunds,
    ],
    ["其他资金", "byIncome.other", se.byIncome.other, "项目支出", "byExpense.project", se.byExpense.project],
  ] as const;
  for (const [a, ap, av, b, bp, bv] of pairs)
    rows.push(
      row([
        cell(a, { cs: 2 }),
        cell(m(`selfEvaluation.${ap}`, av)),
        cell(b, { cs: 2 }),
        cell(m(`selfEvaluation.${bp}`, bv), { cs: 2 }),
      ]),
    );
  const goals = [
    se.goalsIntro,
    ...se.goals.map(
      (g, i) =>
        `目标${i + 1}：${g.plannedAmount ? g.text.replace(g.plannedAmount, d.money(`selfEvaluation.goals.${i}.plannedAmount`, g.plannedAmount).replace("万元", "")) : g.text}；`,
    ),
  ].join("\n");
  rows.push(
    row([
      cell("年度总体目标", { rs: 2 }),
      cell("年初预期（设定）目标", { cs: 3 }),
      cell("全年实际完成情况", { cs: 4 }),
    ]),
  );
  rows.push(row([cell(goals, { cs: 3 }), cell(se.goalsAchieved.join("\n"), { cs: 4 })]));
  indicatorRows(d, rows);
  rows.push(
    row([
      cell("综合评定等级", { cs: 2 }),
      cell(se.declaredGrade ?? d.r.otherNotes.statedGrade ?? "", { cs: 2 }),
      cell("总分", { cs: 2 }),
      cell("100"),
      cell(d.count("selfEvaluation.declaredTotal", se.declaredTotal)),
    ]),
  );
  d.body.push(table(rows));
}

function indicatorRows(d: Doc, rows: TableRow[]): void {
  const se = d.r.selfEvaluation;
  const n = se.indicators.reduce((a, g) => a + g.subgroups.reduce((b, s) => b + s.rows.length, 0), 0);
  rows.push(
    row([
      cell("绩效指标", { rs: n + 1 }),
      cell("一级指标"),
      cell("二级指标"),
      cell("三级指标"),
      cell("指标值"),
      cell("完成值"),
      cell("分值"),
      cell("得分"),
    ]),
  );
  se.indicators.forEach((g, gi) => {
    const gn = g.subgroups.reduce((b, s) => b + s.rows.length, 0);
    let first = true;
    g.subgroups.forEach((s, si) => {
      s.rows.forEach((r, ri) => {
        const p = `selfEvaluation.indicators.${gi}.subgroups.${si}.rows.${ri}`;
        const cells: TableCell[] = [];
        if (first) cells.push(cell(`${g.name}（${g.weight}分）`, { rs: gn }));
        if (ri === 0) cells.push(cell(s.name, { rs: s.rows.length }));
        cells.push(
          cell(r.name),
          cell(d.q(`${p}.target`, r.target)),
          cell(r.actual ? d.q(`${p}.actual`, r.actual) : ""),
        );
        if (first) {
          cells.push(
            cell(g.weight, { rs: gn }),
            cell(
              g.declaredScore === undefined
                ? ""
                : d.count(`selfEvaluation.indicators.${gi}.declaredScore`, g.declaredScore),
              { rs: gn },
            ),
          );
          d.truth.push({ path: `selfEvaluation.indicators.${gi}.weight`, value: g.weight });
        }
        first = false;
        rows.push(row(cells));
      });
    });
  });
  void VerticalMergeType;
}

async function word(r: Report): Promise<Truth> {
  const d = new Doc(r);
  prose(d);
  fundsAndPerformance(d);
  basicDataTable(d);
  selfEvaluationTable(d);
  const doc = new Document({ creator: "办公室", sections: [{ children: d.body }] });
  writeFileSync(`${OUT}handmade-2020.docx`, await Packer.toBuffer(doc));
  return d.truth;
}

/** The workbook: the two forms at other places of their sheets, numbers as typed, and a 决算 table. */
async function workbook(r: Report): Promise<Truth> {
  const truth: Truth = [];
  const wb = new ExcelJS.Workbook();
  const b = r.basicData;
  const y = r.unit.year;
  const a = wb.addWorksheet("附1-1 基础数据");
  a.addRow(["部门整体支出绩效评价基础数据表"]);
  a.addRow([`填报单位：${r.unit.name}`, "", `金额单位：万元`]);
  a.addRow([]);
  a.addRow(["财政供养人员情况", "编制数", "实际在职人数", "控制率"]);
  a.addRow(["", Number(b.establishment), Number(b.actualStaff), `${b.controlRate}%`]);
  truth.push(
    { path: "basicData.establishment", value: b.establishment as string },
    { path: "basicData.actualStaff", value: b.actualStaff as string },
    { path: "basicData.controlRate", value: b.controlRate as string },
  );
  a.mergeCells("A4:A5");
  a.addRow(["经费控制情况", `${y}年决算数`, `${y}年预算数`, `${y - 1}年决算数`]);
  const line = (label: string, path: string, c: { current?: string; budget?: string; prior?: string }) => {
    a.addRow([
      label,
      ...(["current", "budget", "prior"] as const).map((k) => (c[k] === undefined ? null : Number(c[k]))),
    ]);
    for (const k of ["current", "budget", "prior"] as const)
      if (c[k] !== undefined) truth.push({ path: `${path}.${k}`, value: c[k] as string });
  };
  line("一、部门基本支出", "basicData.basic", b.basic);
  line("其中：1.压缩一般性支出", "basicData.compressedGeneral", b.compressedGeneral);
  line("2.三公经费", "basicData.threePublic", b.threePublic);
  line("公务用车购置和维护经费", "basicData.vehicle", b.vehicle);
  line("其中：公车购置", "basicData.vehiclePurchase", b.vehiclePurchase);
  line("公车运行维护", "basicData.vehicleOperation", b.vehicleOperation);
  line("公务接待", "basicData.reception", b.reception);
  line("出国经费", "basicData.abroad", b.abroad);
  line("二、部门项目支出", "basicData.projects", b.projects);
  for (const [name, key] of [
    ["1.业务工作专项", "business"],
    ["2.运行维护专项", "operation"],
    ["3.县级专项资金", "county"],
  ] as const) {
    line(name, `basicData.${key}.columns`, b[key].columns);
    for (const [i, it] of b[key].items.entries())
      line(it.name, `basicData.${key}.items.${i}.columns`, it.columns);
  }
  line("政府采购金额", "basicData.procurement", b.procurement);
  selfEvaluationSheet(wb.addWorksheet("附1-2 自评表"), r, truth);
  finalAccountsSheet(wb.addWorksheet("基本支出决算表"), r, truth);
  await wb.xlsx.writeFile(`${OUT}handmade-2020.xlsx`);
  return truth;
}

function selfEvaluationSheet(ws: ExcelJS.Worksheet, r: Report, truth: Truth): void {
  const se = r.selfEvaluation;
  const f = se.funds;
  ws.addRow([`部门整体支出绩效自评表（${r.unit.year}年度）`]);
  ws.addRow([]);
  ws.addRow(["部门资金", "", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"]);
  ws.addRow([
    "",
    "年度资金总额",
    Number(f.initialBudget),
    Number(f.fullBudget),
    Number(f.executed),
    Number(f.executionRate) / 100,
    Number(f.weight),
    Number(f.declaredScore),
  ]);
  ws.getCell("F4").numFmt = "0%";
  for (const k of [
    "initialBudget",
    "fullBudget",
    "executed",
    "executionRate",
    "weight",
    "declaredScore",
  ] as const)
    truth.push({ path: `selfEvaluation.funds.${k}`, value: f[k] as string });
  const pairs = [
    [
      "一般公共预算",
      "byIncome.generalBudget",
      se.byIncome.generalBudget,
      "基本支出",
      "byExpense.basic",
      se.byExpense.basic,
    ],
    [
      "政府性基金拨款",
      "byIncome.governmentFund",
      se.byIncome.governmentFund,
      "人员经费",
      "byExpense.personnel",
      se.byExpense.personnel,
    ],
    [
      "纳入管理的非税收入拨款",
      "byIncome.nonTax",
      se.byIncome.nonTax,
      "公用经费",
      "byExpense.publicFunds",
      se.byExpense.publicFunds,
    ],
    ["其他资金", "byIncome.other", se.byIncome.other, "项目支出", "byExpense.project", se.byExpense.project],
  ] as const;
  for (const [a, ap, av, b, bp, bv] of pairs) {
    ws.addRow(["", a, Number(av), "", b, Number(bv)]);
    truth.push(
      { path: `selfEvaluation.${ap}`, value: av as string },
      { path: `selfEvaluation.${bp}`, value: bv as string },
    );
  }
  ws.addRow([]);
  ws.addRow(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分"]);
  se.indicators.forEach((g, gi) => {
    let first = true;
    g.subgroups.forEach((s, si) => {
      s.rows.forEach((row, ri) => {
        const p = `selfEvaluation.indicators.${gi}.subgroups.${si}.rows.${ri}`;
        // a count typed as a bare number, its unit only in the row's name ("资金直补受益移民（人）")
        const typed = (q: Quantity) =>
          q.kind === "count" && row.name.endsWith(`（${q.unit}）`) ? Number(q.value) : formatQuantity(q);
        ws.addRow([
          "",
          first ? g.name : "",
          ri === 0 ? s.name : "",
          row.name,
          typed(row.target),
          row.actual ? typed(row.actual) : "",
          first ? Number(g.weight) : "",
          first && g.declaredScore ? Number(g.declaredScore) : "",
        ]);
        truth.push({ path: `${p}.target`, value: row.target });
        if (row.actual) truth.push({ path: `${p}.actual`, value: row.actual });
        if (first) {
          truth.push({ path: `selfEvaluation.indicators.${gi}.weight`, value: g.weight });
          if (g.declaredScore)
            truth.push({ path: `selfEvaluation.indicators.${gi}.declaredScore`, value: g.declaredScore });
        }
        first = false;
      });
    });
  });
  ws.addRow(["综合评定等级", "", se.declaredGrade ?? "优秀", "", "总分", "", 100, Number(se.declaredTotal)]);
  truth.push({ path: "selfEvaluation.declaredTotal", value: se.declaredTotal as string });
}

function finalAccountsSheet(ws: ExcelJS.Worksheet, r: Report, truth: Truth): void {
  const be = r.basicExpenditure;
  ws.addRow(["一般公共预算财政拨款基本支出决算表"]);
  ws.addRow(["单位名称：", r.unit.name, "", "单位：万元"]);
  ws.addRow(["科目编码", "科目名称", "决算数"]);
  const codes = { wages: "301", goodsAndServices: "302", householdSubsidies: "303" } as const;
  for (const k of ["wages", "goodsAndServices", "householdSubsidies"] as const) {
    const n = be[k];
    ws.addRow([codes[k], n.name, Number(n.amount)]);
    truth.push({ path: `basicExpenditure.${k}.amount`, value: n.amount as string });
    (n.items ?? []).forEach((it, i) => {
      ws.addRow([`${codes[k]}${String(i + 1).padStart(2, "0")}`, it.name, Number(it.amount)]);
      truth.push({ path: `basicExpenditure.${k}.items.${i}.amount`, value: it.amount as string });
    });
  }
  ws.addRow(["", "基本支出合计", Number(be.amount)]);
  truth.push({ path: "basicExpenditure.amount", value: be.amount as string });
}

mkdirSync(OUT, { recursive: true });
const report = sampleReport();
const truth = { docx: await word(report), xlsx: await workbook(report) };
writeFileSync(`${OUT}handmade-2020.truth.json`, `${JSON.stringify(truth, null, 1)}\n`);
process.stdout.write(`${truth.docx.length} figures in the .docx, ${truth.xlsx.length} in the .xlsx\n`);
