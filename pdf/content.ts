/**
 * The report as blocks (model.ts), in the order and with the sentence patterns of the sample
 * (reference/sample-report-hengyang-2020.txt). Pure. Every stored figure is printed as stored
 * (a decimal string with its unit: "2.30万元", "23038人", "600元/人", via the core's formatQuantity);
 * every computed figure (rates, scores, total) as the core shows them: two decimals, half-up.
 * This module writes the title and sections 一–七, one function per section; the attachments are
 * basicDataTable.ts (附件1-1), selfEvaluationTable.ts (附件1-2) and chartContent.ts (附图).
 */
import type { ScoringConfig } from "../core/config.js";
import { formatQuantity } from "../core/quantity.js";
import type { AmountNode, Figure, Report } from "../core/report.js";
import { basicDataTable } from "./basicDataTable.js";
import { chart } from "./chartContent.js";
import type { Block, Paragraph } from "./model.js";
import { projectTable } from "./projectTable.js";
import { selfEvaluationTable } from "./selfEvaluationTable.js";
import { type ReportContent, trimEnd } from "./wording.js";

export type { ReportContent } from "./wording.js";

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

/** An amount in the report's money unit, or （未填写） when it was not given. */
type Money = (v: string | undefined) => string;

/** Headings and paragraphs in order; a paragraph's place is its level-1 section and its number there. */
class Writer {
  readonly blocks: Block[] = [];
  private section = "";
  private paraNo = 0;
  heading(level: 1 | 2, text: string): void {
    if (level === 1) {
      this.section = text;
      this.paraNo = 0;
    }
    this.blocks.push({
      kind: "heading",
      level,
      text,
      where: level === 1 ? text : `${this.section} 标题“${text}”`,
    });
  }
  para(text: string, extra: Partial<Paragraph> = {}): void {
    this.paraNo++;
    this.blocks.push({
      kind: "para",
      text,
      where: `${this.section} 第${this.paraNo}段`,
      indent: true,
      align: "justify",
      ...extra,
    });
  }
}

export function buildContent(c: ReportContent): Block[] {
  const { report: r, profile } = c;
  // a 项目支出 form is its table alone; a 部门整体 set is the report, its attachments, then the chart
  // the chart is the rules' check of the unit's scores: on the draft, not in the submitted document
  const check: Block[] = c.final ? [] : [{ kind: "pageBreak" }, chart(c)];
  if (profile.kind === "项目支出") return [...projectTable(c), ...check];
  const unit = r.unit.moneyUnit;
  const money: Money = (v) => (v === undefined ? "（未填写）" : `${v}${unit}`);
  const w = new Writer();
  w.blocks.push({ kind: "title", lines: [r.unit.name, "部门整体支出绩效自评报告"], where: "标题" });
  unitSection(w, r);
  generalBudgetSection(w, r, money);
  governmentFundsSection(w, r, money);
  performanceSection(w, r);
  closingSections(w, c);
  return [
    ...w.blocks,
    ...(profile.basicData ? [{ kind: "pageBreak" } as Block, ...basicDataTable(c)] : []),
    { kind: "pageBreak" },
    ...selfEvaluationTable(c),
    ...check,
  ];
}

/** 一、单位基本情况: functions, institutions, staff. */
function unitSection(w: Writer, r: Report): void {
  w.heading(1, "一、单位基本情况");
  w.heading(2, `${paren(0)}基本情况`);
  w.para(`1．主要职能：${sentence(r.profile.functions)}`);
  w.para(`2．机构情况：${sentence(r.profile.institutions)}`);
  const staff = r.profile.staff;
  const breakdown = staff.breakdown.map((b) => `${b.name}${b.count}人`).join("，");
  w.para(
    `3．人员情况：单位现实有在编工作人员${staff.actual ?? "（未填写）"}人${breakdown ? `，其中：${breakdown}` : ""}。${
      staff.retirees !== undefined ? `年末实有离退休人员${staff.retirees}人。` : ""
    }`,
  );
}

/** 二、一般公共预算支出情况: the totals, ㈠ basic expenditure and the 三公经费, ㈡ each project. */
function generalBudgetSection(w: Writer, r: Report, money: Money): void {
  w.heading(1, "二、一般公共预算支出情况");
  const y = r.unit.year;
  const gb = r.generalBudget;
  w.para(
    `${y}年一般公共预算拨款收入${money(gb.income)}，一般公共预算支出${money(gb.expenditure)}，其中：基本支出${money(gb.basic)}，项目支出${money(gb.project)}。`,
  );
  w.heading(2, `${paren(0)}基本支出情况`);
  const be = r.basicExpenditure;
  const basicParts = [be.wages, be.goodsAndServices, be.householdSubsidies].map((n, i) => {
    const items = n.items ?? [];
    if (items.length === 1 && items[0]?.amount === n.amount)
      return `${dotted(i)}${n.name}（${items[0]?.name}）${money(n.amount)}`;
    const list = items.map((it) => `${it.name}${money(it.amount)}`).join("、");
    return `${dotted(i)}${n.name}${money(n.amount)}${list ? `：${list}` : ""}`;
  });
  w.para(`${y}年基本支出共计${money(be.amount)}，具体情况为：${basicParts.map((p) => `${p}。`).join("")}`);
  const tp = r.threePublic;
  if (tp) {
    const change = tp.change
      ? tp.change.direction === "持平"
        ? `，与${y - 1}年持平`
        : `，同比${y - 1}年${tp.change.direction}${money(tp.change.amount)}，${tp.change.direction === "减少" ? "下降" : "上升"}${tp.change.rate}%`
      : "";
    w.para(
      `${tp.note ? `${trimEnd(tp.note)}。` : ""}${y}年“三公经费”支出${money(tp.amount)}${change}。`.replace(
        /^。/,
        "",
      ),
    );
  }
  w.heading(2, `${paren(1)}项目支出情况`);
  r.projects.forEach((p, i) => {
    w.para(`${dotted(i)}${projectSentence(p, y, money)}`);
  });
}

/** 三、政府性基金预算支出情况: the income by fund, its uses ㈠ ㈡ …, the text with its figures. */
function governmentFundsSection(w: Writer, r: Report, money: Money): void {
  w.heading(1, "三、政府性基金预算支出情况");
  const y = r.unit.year;
  const gf = r.governmentFunds;
  if (gf === null) {
    w.para(`${y}年无政府性基金预算支出。`);
    return;
  }
  const parts = gf.breakdown.map((n) => {
    const items = (n.items ?? []).map((it) => `${it.name}${money(it.amount)}`).join("、");
    return `${n.name}${money(n.amount)}${items ? `（${items}）` : ""}`;
  });
  w.para(
    `${y}年政府性基金预算拨款收入${money(gf.income)}${parts.length ? `，其中：${parts.join("、")}` : ""}。`,
  );
  if (gf.uses.length > 0) {
    w.para(`${y}年度政府性基金预算拨款${money(gf.income)}使用情况为：`);
    gf.uses.forEach((u, i) => {
      w.para(
        `${paren(i)}${u.asOf ? `至${u.asOf}，` : ""}${u.name}${money(u.amount)}${u.note ? `，${trimEnd(u.note)}` : ""}。`,
      );
    });
  }
  const figures = gf.figures.map(figureText).join("、");
  if (gf.text.trim() || figures)
    w.para(`${trimEnd(gf.text)}${gf.text.trim() && figures ? "，" : ""}${figures}。`);
}

/** 四、部门整体支出绩效情况: the introduction, then each section ㈠ ㈡ … with its text and figures. */
function performanceSection(w: Writer, r: Report): void {
  w.heading(1, "四、部门整体支出绩效情况");
  if (r.performance.intro.trim()) w.para(r.performance.intro.trim());
  r.performance.sections.forEach((s, i) => {
    w.heading(2, `${paren(i)}${trimEnd(s.title)}。`);
    if (s.text.trim()) w.para(s.text.trim());
    if (s.figures.length > 0) w.para(`主要数据：${s.figures.map(figureText).join("；")}。`);
  });
}

/** 五 (problems) and 六 (improvements) as numbered lines, 七 (other notes), then the list of attachments. */
function closingSections(w: Writer, c: ReportContent): void {
  w.heading(1, "五、存在的问题及原因分析");
  numbered(w, c.narrative.problems, "无。");
  w.heading(1, "六、下一步改进措施");
  numbered(w, c.narrative.improvements, "无。");
  w.heading(1, "七、其他需要说明的情况");
  const other = c.report.otherNotes.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (other.length === 0) w.para("无。");
  for (const l of other) w.para(l);
  w.para("报告应包括以下附件：", { before: 8 });
  const attached = [c.profile.basicData?.title, c.profile.table.title].filter((t): t is string => !!t);
  attached.forEach((t, i) => {
    w.para(`${i + 1}.${t}`);
  });
}

function numbered(w: Writer, lines: string[], none: string): void {
  if (lines.length === 0) w.para(none);
  lines.forEach((l, i) => {
    w.para(`${i + 1}、${l.trim()}`);
  });
}

/** One project of 二㈡ in the sample's pattern: amount, note in brackets, then its uses ⑴ ⑵ … */
function projectSentence(p: AmountNode, year: number, money: Money): string {
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

/** The form's grade bands from the scoring settings: 优秀（S≥90）、良好（90＞S≥80）、…、差（S＜60）. */
export function gradeBandTexts(config: ScoringConfig): string[] {
  return config.grades.map((g, i) => {
    const min = g.min.toString();
    const above = config.grades[i - 1]?.min.toString();
    if (i === config.grades.length - 1 && g.min.isZero()) return `${g.label}（S＜${above ?? "0"}）`;
    return above === undefined ? `${g.label}（S≥${min}）` : `${g.label}（${above}＞S≥${min}）`;
  });
}
