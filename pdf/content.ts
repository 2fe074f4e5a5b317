import type { ScoringConfig } from "../core/config.js";
import { formatQuantity } from "../core/quantity.js";
import { Ratio } from "../core/ratio.js";
import type { AmountNode, Columns, Figure, Report } from "../core/report.js";
import type { ScoreResult } from "../core/scoring.js";
import type { Block, Chart, Paragraph, Table, TableCell, TableRow } from "./model.js";

/**
 * The report as blocks (model.ts), in the order and with the sentence patterns of the sample
 * (reference/sample-report-hengyang-2020.txt). Pure. Every stored figure is printed as stored
 * (a decimal string with its unit: "2.30万元", "23038人", "600元/人", via the core's formatQuantity);
 * every computed figure (rates, scores, total) as the core shows them: two decimals, half-up.
 */
export interface ReportContent {
  report: Report;
  score: ScoreResult;
  /** sections 五 and 六, one item per line, without list numbers */
  narrative: { problems: string[]; improvements: string[] };
  /** the grade bands of the form's 说明 ("优秀（S≥90）" …), from the scoring settings */
  grades: string[];
}

const HUNDRED = Ratio.of(100);
/** A computed rate as the core shows it ("94.74%"). */
export const percentText = (r: Ratio) => `${r.mul(HUNDRED).toFixed(2)}%`;
/** A computed score as the core shows it ("49.18"). */
export const scoreNumber = (r: Ratio) => r.toFixed(2);

/** ㈠ ㈡ … (the sample's sub-headings), then （十一） */
const paren = (i: number) => (i < 10 ? String.fromCodePoint(0x3220 + i) : `（${i + 1}）`);
/** ⒈ ⒉ … (the sample's items), then 21. */
const dotted = (i: number) => (i < 20 ? String.fromCodePoint(0x2488 + i) : `${i + 1}.`);
/** ⑴ ⑵ … */
const parenNum = (i: number) => (i < 20 ? String.fromCodePoint(0x2474 + i) : `(${i + 1})`);

/** Ends a sentence with 。 unless it already ends with a closing mark. */
function sentence(s: string): string {
  const t = s.trim();
  return t === "" || /[。；！？：]$/.test(t) ? t : `${t}。`;
}
const trimEnd = (s: string) => s.trim().replace(/[。；;，,]+$/, "");

export function buildContent(c: ReportContent): Block[] {
  const { report: r } = c;
  const unit = r.unit.moneyUnit;
  const money = (v: string | undefined) => (v === undefined ? "（未填写）" : `${v}${unit}`);
  const blocks: Block[] = [];
  let section = "";
  let paraNo = 0;
  const heading = (level: 1 | 2, text: string) => {
    if (level === 1) {
      section = text;
      paraNo = 0;
    }
    blocks.push({ kind: "heading", level, text, where: level === 1 ? text : `${section} 标题“${text}”` });
  };
  const para = (text: string, extra: Partial<Paragraph> = {}) => {
    paraNo++;
    blocks.push({
      kind: "para",
      text,
      where: `${section} 第${paraNo}段`,
      indent: true,
      align: "justify",
      ...extra,
    });
  };

  blocks.push({ kind: "title", lines: [r.unit.name, "部门整体支出绩效自评报告"], where: "标题" });

  // 一、单位基本情况
  heading(1, "一、单位基本情况");
  heading(2, `${paren(0)}基本情况`);
  para(`1．主要职能：${sentence(r.profile.functions)}`);
  para(`2．机构情况：${sentence(r.profile.institutions)}`);
  const staff = r.profile.staff;
  const breakdown = staff.breakdown.map((b) => `${b.name}${b.count}人`).join("，");
  para(
    `3．人员情况：单位现实有在编工作人员${staff.actual ?? "（未填写）"}人${breakdown ? `，其中：${breakdown}` : ""}。${
      staff.retirees !== undefined ? `年末实有离退休人员${staff.retirees}人。` : ""
    }`,
  );

  // 二、一般公共预算支出情况
  heading(1, "二、一般公共预算支出情况");
  const y = r.unit.year;
  const gb = r.generalBudget;
  para(
    `${y}年一般公共预算拨款收入${money(gb.income)}，一般公共预算支出${money(gb.expenditure)}，其中：基本支出${money(gb.basic)}，项目支出${money(gb.project)}。`,
  );
  heading(2, `${paren(0)}基本支出情况`);
  const be = r.basicExpenditure;
  const basicParts = [be.wages, be.goodsAndServices, be.householdSubsidies].map((n, i) => {
    const items = n.items ?? [];
    if (items.length === 1 && items[0]?.amount === n.amount)
      return `${dotted(i)}${n.name}（${items[0]?.name}）${money(n.amount)}`;
    const list = items.map((it) => `${it.name}${money(it.amount)}`).join("、");
    return `${dotted(i)}${n.name}${money(n.amount)}${list ? `：${list}` : ""}`;
  });
  para(`${y}年基本支出共计${money(be.amount)}，具体情况为：${basicParts.map((p) => `${p}。`).join("")}`);
  const tp = r.threePublic;
  if (tp) {
    const change = tp.change
      ? tp.change.direction === "持平"
        ? `，与${y - 1}年持平`
        : `，同比${y - 1}年${tp.change.direction}${money(tp.change.amount)}，${tp.change.direction === "减少" ? "下降" : "上升"}${tp.change.rate}%`
      : "";
    para(
      `${tp.note ? `${trimEnd(tp.note)}。` : ""}${y}年“三公经费”支出${money(tp.amount)}${change}。`.replace(
        /^。/,
        "",
      ),
    );
  }
  heading(2, `${paren(1)}项目支出情况`);
  r.projects.forEach((p, i) => {
    para(`${dotted(i)}${projectSentence(p, y, money)}`);
  });

  // 三、政府性基金预算支出情况
  heading(1, "三、政府性基金预算支出情况");
  const gf = r.governmentFunds;
  if (gf === null) {
    para(`${y}年无政府性基金预算支出。`);
  } else {
    const parts = gf.breakdown.map((n) => {
      const items = (n.items ?? []).map((it) => `${it.name}${money(it.amount)}`).join("、");
      return `${n.name}${money(n.amount)}${items ? `（${items}）` : ""}`;
    });
    para(
      `${y}年政府性基金预算拨款收入${money(gf.income)}${parts.length ? `，其中：${parts.join("、")}` : ""}。`,
    );
    if (gf.uses.length > 0) {
      para(`${y}年度政府性基金预算拨款${money(gf.income)}使用情况为：`);
      gf.uses.forEach((u, i) => {
        para(
          `${paren(i)}${u.asOf ? `至${u.asOf}，` : ""}${u.name}${money(u.amount)}${u.note ? `，${trimEnd(u.note)}` : ""}。`,
        );
      });
    }
    const figures = gf.figures.map(figureText).join("、");
    if (gf.text.trim() || figures)
      para(`${trimEnd(gf.text)}${gf.text.trim() && figures ? "，" : ""}${figures}。`);
  }

  // 四、部门整体支出绩效情况
  heading(1, "四、部门整体支出绩效情况");
  if (r.performance.intro.trim()) para(r.performance.intro.trim());
  r.performance.sections.forEach((s, i) => {
    heading(2, `${paren(i)}${trimEnd(s.title)}。`);
    if (s.text.trim()) para(s.text.trim());
    if (s.figures.length > 0) para(`主要数据：${s.figures.map(figureText).join("；")}。`);
  });

  // 五、六、七
  heading(1, "五、存在的问题及原因分析");
  numbered(c.narrative.problems, para, "无。");
  heading(1, "六、下一步改进措施");
  numbered(c.narrative.improvements, para, "无。");
  heading(1, "七、其他需要说明的情况");
  const other = r.otherNotes.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (other.length === 0) para("无。");
  for (const l of other) para(l);
  para("报告应包括以下附件：", { before: 8 });
  para("1.部门整体支出绩效评价基础数据表");
  para("2.部门整体支出绩效自评表");

  blocks.push({ kind: "pageBreak" });
  blocks.push(...basicDataTable(c));
  blocks.push({ kind: "pageBreak" });
  blocks.push(...selfEvaluationTable(c));
  blocks.push({ kind: "pageBreak" });
  blocks.push(chart(c));
  return blocks;
}

function numbered(lines: string[], para: (t: string) => void, none: string): void {
  if (lines.length === 0) para(none);
  lines.forEach((l, i) => {
    para(`${i + 1}、${l.trim()}`);
  });
}

/** One project of 二㈡ in the sample's pattern: amount, note in brackets, then its uses ⑴ ⑵ … */
function projectSentence(p: AmountNode, year: number, money: (v: string | undefined) => string): string {
  const items = p.items ?? [];
  const head = `${year}年度${p.name}${money(p.amount)}`;
  if (items.length === 0) return `${head}${p.note ? `，${trimEnd(p.note)}` : ""}。`;
  const uses = items.map((it, i) => {
    const sub = (it.items ?? []).map((s) => `${s.name}${money(s.amount)}`).join("、");
    return `${parenNum(i)}${it.name}${money(it.amount)}${sub ? `：${sub}` : ""}${it.note ? `，即：${trimEnd(it.note)}` : ""}`;
  });
  return `${head}${p.note ? `（${trimEnd(p.note)}）` : ""}，使用情况为：${uses.join("；")}。`;
}

/** A figure of sections 三 and 四: label and value as stored, its date, its items ("其中：…"). */
function figureText(f: Figure): string {
  const items = (f.items ?? []).map((it) => `${it.label}${formatQuantity(it.value)}`).join("、");
  return `${f.asOf ? `截至${f.asOf}，` : ""}${f.label}${formatQuantity(f.value)}${items ? `，其中：${items}` : ""}`;
}

const cell = (
  text: string,
  col: number,
  where: string,
  o: Partial<Omit<TableCell, "text" | "col" | "where">> = {},
): TableCell => ({ text, col, where, ...o });

/** 附件1-1 部门整体支出绩效评价基础数据表, as in the sample (4 columns, 控制率 computed). */
function basicDataTable(c: ReportContent): Block[] {
  const r = c.report;
  const d = r.basicData;
  const y = r.unit.year;
  const W = "附件1-1";
  const control =
    d.establishment !== undefined && d.actualStaff !== undefined && Number(d.establishment) > 0
      ? percentText(Ratio.fromDecimal(d.actualStaff).div(Ratio.fromDecimal(d.establishment)))
      : "";
  const rows: TableRow[] = [
    {
      cells: [
        cell("财政供养人员情况", 0, W, { rowSpan: 2, face: "sans", split: "repeat" }),
        cell("编制数", 1, W, { face: "sans", align: "center" }),
        cell(`${y}年实际在职人数`, 2, W, { face: "sans", align: "center" }),
        cell("控制率", 3, W, { face: "sans", align: "center" }),
      ],
    },
    {
      cells: [
        cell(d.establishment ?? "", 1, `${W} 编制数`, { align: "center" }),
        cell(d.actualStaff ?? "", 2, `${W} 实际在职人数`, { align: "center" }),
        cell(control, 3, `${W} 控制率`, { align: "center" }),
      ],
    },
    {
      header: true,
      cells: [
        cell("经费控制情况", 0, W, { face: "sans" }),
        cell(`${y}年决算数`, 1, W, { face: "sans", align: "center" }),
        cell(`${y}年预算数`, 2, W, { face: "sans", align: "center" }),
        cell(`${y - 1}年决算数`, 3, W, { face: "sans", align: "center" }),
      ],
    },
  ];
  const line = (label: string, cols: Columns) => {
    const where = `${W} “${label.trim()}”行`;
    rows.push({
      cells: [
        cell(label, 0, where),
        cell(cols.current ?? "", 1, where, { align: "right" }),
        cell(cols.budget ?? "", 2, where, { align: "right" }),
        cell(cols.prior ?? "", 3, where, { align: "right" }),
      ],
    });
  };
  const I = "\u3000"; // an ideographic space indents a level, as the sample's form does
  line("一、部门基本支出", d.basic);
  line(`${I}其中：1、压缩一般性支出`, d.compressedGeneral);
  line(`${I}${I}${I}2、三公经费`, d.threePublic);
  line(`${I}${I}公务用车购置和维护经费`, d.vehicle);
  line(`${I}${I}${I}其中：公车购置`, d.vehiclePurchase);
  line(`${I}${I}${I}${I}${I}${I}公车运行维护`, d.vehicleOperation);
  line(`${I}${I}公务接待`, d.reception);
  line(`${I}${I}出国经费`, d.abroad);
  line("二、部门项目支出", d.projects);
  const categories = [
    ["1、业务工作专项", d.business],
    ["2、运行维护专项", d.operation],
    ["3、县级专项资金", d.county],
  ] as const;
  for (const [name, cat] of categories) {
    line(`${I}${name}`, cat.columns);
    cat.items.forEach((it, i) => {
      line(`${I}${I}${i === 0 && cat.itemsArePartial ? "其中：" : ""}${it.name}`, it.columns);
    });
  }
  line("政府采购金额", d.procurement);
  rows.push({
    cells: [
      cell("厉行节约保障措施", 0, `${W} 厉行节约保障措施`),
      cell(d.savingMeasures, 1, `${W} 厉行节约保障措施`, { colSpan: 3 }),
    ],
  });
  const small = { indent: false, align: "left" as const, size: 10.5 };
  return [
    { kind: "heading", level: "label", text: W, where: W },
    {
      kind: "para",
      text: "部门整体支出绩效评价基础数据表",
      where: `${W} 表名`,
      indent: false,
      align: "center",
      face: "sans",
      size: 16,
    },
    { kind: "para", text: `填报单位：${r.unit.name}`, where: `${W} 填报单位`, ...small },
    {
      kind: "para",
      text: `填报时间：${d.filledAt ?? ""}${I}${I}${I}金额单位：${r.unit.moneyUnit}`,
      where: `${W} 填报时间`,
      ...small,
    },
    { kind: "table", columns: [0.43, 0.19, 0.19, 0.19], rows, where: W },
    {
      kind: "para",
      text: "说明：“公用经费”填报基本支出中的一般商品和服务支出；“项目支出”需要填报基本支出以外的所有项目支出情况，包括业务工作项目、运行维护项目和县级专项资金等。",
      where: `${W} 说明`,
      ...small,
      indent: true,
      align: "justify",
      before: 6,
    },
    {
      kind: "para",
      text: `填表人：${d.filler ?? ""}${I}${I}联系电话：${d.phone ?? ""}${I}${I}单位负责人签字：`,
      where: `${W} 填表人`,
      ...small,
      before: 4,
    },
  ];
}

/** 附件1-2 部门整体支出绩效自评表: the sample's grid, with 执行率, 得分, 总分 and 等级 computed by the core. */
function selfEvaluationTable(c: ReportContent): Block[] {
  const { report: r, score: s } = c;
  const se = r.selfEvaluation;
  const f = se.funds;
  const W = "附件1-2";
  const H = { face: "sans" as const, align: "center" as const };
  const num = { align: "right" as const };
  const rows: TableRow[] = [];
  // 部门资金
  rows.push({
    header: true,
    cells: [
      cell("部门资金（万元）", 0, W, { rowSpan: 7, ...H, split: "repeat" }),
      cell("", 1, W, { colSpan: 2 }),
      cell("年初预算数", 3, W, H),
      cell("全年预算数", 4, W, H),
      cell("全年执行数", 5, W, H),
      cell("执行率", 6, W, H),
      cell("分值", 7, W, H),
      cell("得分", 8, W, H),
    ],
  });
  const ex = s.execution;
  const fw = `${W} 年度资金总额`;
  rows.push({
    cells: [
      cell("年度资金总额", 1, fw, { colSpan: 2, align: "center" }),
      cell(f.initialBudget ?? "", 3, fw, num),
      cell(f.fullBudget ?? "", 4, fw, num),
      cell(f.executed ?? "", 5, fw, num),
      cell(ex.rate === null ? "" : percentText(ex.rate), 6, fw, num),
      cell(scoreNumber(ex.weight), 7, fw, { align: "center" }),
      cell(scoreNumber(ex.score), 8, fw, { align: "center" }),
    ],
  });
  rows.push({
    cells: [
      cell("按收入性质分", 1, W, { colSpan: 4, ...H }),
      cell("按支出性质分", 5, W, { colSpan: 4, ...H }),
    ],
  });
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ["其中：一般公共预算", se.byIncome.generalBudget, "基本支出", se.byExpense.basic],
    ["政府性基金拨款", se.byIncome.governmentFund, "其中：人员经费", se.byExpense.personnel],
    ["纳入管理的非税收入拨款", se.byIncome.nonTax, "公用经费", se.byExpense.publicFunds],
    ["其他资金", se.byIncome.other, "项目支出", se.byExpense.project],
  ];
  for (const [a, av, b, bv] of pairs) {
    rows.push({
      cells: [
        cell(a, 1, `${W} ${a}`, { colSpan: 3 }),
        cell(av ?? "", 4, `${W} ${a}`, num),
        cell(b, 5, `${W} ${b}`, { colSpan: 2 }),
        cell(bv ?? "", 7, `${W} ${b}`, { colSpan: 2, ...num }),
      ],
    });
  }
  // 年度总体目标
  const goals = [
    se.goalsIntro.trim(),
    ...se.goals.map((g, i) => `目标${i + 1}：${trimEnd(g.text)}${i === se.goals.length - 1 ? "。" : "；"}`),
  ]
    .filter(Boolean)
    .join("\n");
  rows.push({
    header: true,
    cells: [
      cell("年度总体目标", 0, W, { rowSpan: 2, ...H, split: "repeat" }),
      cell("年初预期（设定）目标", 1, W, { colSpan: 4, ...H }),
      cell("全年实际完成情况", 5, W, { colSpan: 4, ...H }),
    ],
  });
  rows.push({
    cells: [
      cell(goals, 1, `${W} 年初预期（设定）目标`, { colSpan: 4 }),
      cell(se.goalsAchieved.map((l) => l.trim()).join("\n"), 5, `${W} 全年实际完成情况`, { colSpan: 4 }),
    ],
  });
  // 绩效指标
  const indicatorRows = se.indicators.reduce(
    (n, g) => n + g.subgroups.reduce((m, sg) => m + sg.rows.length, 0),
    0,
  );
  rows.push({
    header: true,
    cells: [
      cell("绩效指标", 0, W, { rowSpan: indicatorRows + 1, ...H, split: "repeat" }),
      cell("一级指标", 1, W, H),
      cell("二级指标", 2, W, H),
      cell("三级指标", 3, W, { colSpan: 2, ...H }),
      cell("指标值", 5, W, H),
      cell("完成值", 6, W, H),
      cell("分值", 7, W, H),
      cell("得分", 8, W, H),
    ],
  });
  se.indicators.forEach((g, gi) => {
    const gs = s.groups[gi];
    const n = g.subgroups.reduce((m, sg) => m + sg.rows.length, 0);
    let first = true;
    for (const sg of g.subgroups) {
      sg.rows.forEach((row, ri) => {
        const where = `${W} 三级指标“${row.name}”`;
        const cells: TableCell[] = [];
        if (first)
          cells.push(
            cell(`${g.name}\n（${g.weight}分）`, 1, `${W} 一级指标“${g.name}”`, {
              rowSpan: n,
              align: "center",
              split: "repeat",
            }),
          );
        if (ri === 0)
          cells.push(
            cell(sg.name, 2, `${W} 二级指标“${sg.name}”`, {
              rowSpan: sg.rows.length,
              align: "center",
              split: "repeat",
            }),
          );
        cells.push(
          cell(row.name, 3, where, { colSpan: 2 }),
          cell(formatQuantity(row.target), 5, where, { align: "center" }),
          cell(row.actual ? formatQuantity(row.actual) : "", 6, where, { align: "center" }),
        );
        if (first)
          cells.push(
            cell(g.weight, 7, `${W} ${g.name} 分值`, { rowSpan: n, align: "center", split: "once" }),
            cell(gs ? scoreNumber(gs.score) : "", 8, `${W} ${g.name} 得分`, {
              rowSpan: n,
              align: "center",
              split: "once",
            }),
          );
        first = false;
        rows.push({ cells });
      });
    }
  });
  rows.push({
    cells: [
      cell("综合评定等级", 0, W, { colSpan: 3, ...H }),
      cell(s.grade, 3, `${W} 综合评定等级`, { colSpan: 2, align: "center" }),
      cell("总分", 5, W, { colSpan: 2, ...H }),
      cell(scoreNumber(s.weightTotal), 7, `${W} 总分`, { align: "center" }),
      cell(s.shownTotal.toFixed(2), 8, `${W} 总分`, { align: "center" }),
    ],
  });
  // 说明: the form's own text when the unit wrote it, else sections 五 and 六
  const deviations = se.explanation.deviations.length > 0 ? se.explanation.deviations : c.narrative.problems;
  const measures = se.explanation.measures.length > 0 ? se.explanation.measures : c.narrative.improvements;
  rows.push({
    header: true,
    cells: [
      cell("说明", 0, W, { rowSpan: 2, ...H, split: "repeat" }),
      cell("偏差及原因分析", 1, W, { colSpan: 4, ...H }),
      cell("改进措施", 5, W, { colSpan: 4, ...H }),
    ],
  });
  rows.push({
    cells: [
      cell(deviations.map((l) => l.trim()).join("\n"), 1, `${W} 偏差及原因分析`, { colSpan: 4 }),
      cell(measures.map((l) => l.trim()).join("\n"), 5, `${W} 改进措施`, { colSpan: 4 }),
    ],
  });
  const I = "\u3000";
  const small = { indent: false, align: "left" as const, size: 10.5 };
  const bands = c.grades.join("、");
  // grid: 绩效指标 | 一级 | 二级 | 三级 (two columns, the first also 年初预算数) | 指标值 | 完成值 | 分值 | 得分
  const grid = [22, 46, 50, 68, 78, 52, 52, 37, 37];
  const total = grid.reduce((a, b) => a + b, 0);
  return [
    { kind: "heading", level: "label", text: W, where: W },
    {
      kind: "para",
      text: "部门整体支出绩效自评表",
      where: `${W} 表名`,
      indent: false,
      align: "center",
      face: "sans",
      size: 16,
    },
    {
      kind: "para",
      text: `（${r.unit.year}年度）`,
      where: `${W} 年度`,
      indent: false,
      align: "center",
      size: 10.5,
    },
    {
      kind: "para",
      text: `填报单位（盖章）：${r.unit.name}${I}${I}填报时间：${se.filledAt ?? ""}`,
      where: `${W} 填报单位`,
      ...small,
    },
    { kind: "table", columns: grid.map((w) => w / total), rows, where: W },
    {
      kind: "para",
      text: `填表人：${I}${I}${I}${I}联系电话：${I}${I}${I}${I}单位负责人签字：`,
      where: `${W} 填表人`,
      ...small,
      before: 6,
    },
    { kind: "para", text: `说明：1.评价等级分为${bands}。`, where: `${W} 说明`, ...small },
    {
      kind: "para",
      text: `${I}${I}${I}2.三级绩效指标按需自行增减行。不涉及的二级指标可删除不要。`,
      where: `${W} 说明`,
      ...small,
    },
  ];
}

/** The chart page: each level-1 group's score against its weight, then every row that lost points. */
function chart(c: ReportContent): Chart {
  const s = c.score;
  const n = (x: Ratio) => Number(x.toFixed(4));
  const groups = [
    {
      name: "预算执行率",
      weight: n(s.execution.weight),
      score: n(s.execution.score),
      weightText: scoreNumber(s.execution.weight),
      scoreText: scoreNumber(s.execution.score),
      declared: s.execution.declared === null ? null : n(s.execution.declared),
    },
    ...s.groups.map((g) => ({
      name: g.name,
      weight: n(g.weight),
      score: n(g.score),
      weightText: scoreNumber(g.weight),
      scoreText: scoreNumber(g.score),
      declared: g.declared === null ? null : n(g.declared),
    })),
  ];
  const lost = s.groups.flatMap((g) =>
    g.rows
      .filter((r) => r.status !== "na" && r.score.lt(r.weight))
      .map((r) => ({
        name: r.name,
        group: g.name,
        weight: n(r.weight),
        score: n(r.score),
        lostText: scoreNumber(r.weight.sub(r.score)),
        scoreText: `${scoreNumber(r.score)} / ${scoreNumber(r.weight)}`,
        why: r.explanation,
      })),
  );
  if (s.execution.score.lt(s.execution.weight))
    lost.unshift({
      name: "预算执行率",
      group: "预算执行率",
      weight: n(s.execution.weight),
      score: n(s.execution.score),
      lostText: scoreNumber(s.execution.weight.sub(s.execution.score)),
      scoreText: `${scoreNumber(s.execution.score)} / ${scoreNumber(s.execution.weight)}`,
      why: s.execution.explanation,
    });
  const declared = s.declared.total;
  const caption = `按规则计算总分${s.shownTotal.toFixed(2)}分，评定等级${s.grade}${
    declared !== null
      ? `；单位自评总分${scoreNumber(declared)}分${s.declared.grade ? `（${s.declared.grade}）` : ""}`
      : ""
  }。`;
  return {
    kind: "chart",
    title: "附图　自评得分情况",
    groups,
    lost,
    caption,
    where: "附图",
  };
}

/** The form's grade bands from the scoring settings: 优秀（S≥90）、良好（90＞S≥80）、…、差（S＜60）. */
export function gradeBandTexts(config: ScoringConfig): string[] {
  return config.grades.map((g, i) => {
    const min = g.min.toString();
    const above = config.grades[i - 1]?.min.toString();
    if (i === config.grades.length - 1 && g.min.isZero()) return `${g.label}（S＜${above ?? "0"}）`;
    return above === undefined ? `${g.label}（S≥${min}）` : `${g.label}（${above}＞S≥${min}）`;
  });
}

/** Cells of a table, for tests and the glyph scan. */
export function tableOf(blocks: Block[], where: string): Table | undefined {
  return blocks.find((b): b is Table => b.kind === "table" && b.where === where);
}
