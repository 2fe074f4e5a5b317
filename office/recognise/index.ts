/**
 * What a Word or Excel file says about a report, deterministically, by the form's labels: the unit, year
 * and money unit it states; 附件1-1 and 附件1-2 wherever their tables are (a Word table, a sheet); in Word,
 * sections 一–七 by their headings; in a 决算 workbook, the lines it shares with the form (工资福利支出,
 * 三公经费 …) by their row labels. Pure: a parsed file in, the items found out.
 */
import type { ImportedFile } from "../../core/imported.js";
import type { MoneyUnit } from "../../core/money.js";
import type { Grid, OfficeDoc, Para } from "../read/doc.js";
import { norm } from "../read/doc.js";
import { isBasicData, recogniseBasicData } from "./basicData.js";
import { Found } from "./found.js";
import {
  budgetSection,
  closingSections,
  fundsSection,
  performanceSection,
  sectionsOf,
  unitSection,
} from "./prose.js";
import { isSelfEvaluation, recogniseSelfEvaluation } from "./selfEvaluation.js";

export function recognise(doc: OfficeDoc): ImportedFile {
  const texts = doc.blocks.flatMap((b) => (b.kind === "para" ? [b.text] : b.rows.flat().map((c) => c.text)));
  const moneyUnit = moneyUnitOf(texts);
  const found = new Found(moneyUnit ?? "万元");
  const paras = doc.blocks.filter((b): b is Para => b.kind === "para");
  const { title, sections } = sectionsOf(paras);
  if (sections.some((s) => s.length > 0)) {
    unitSection(sections[0] ?? [], found);
    budgetSection(sections[1] ?? [], found);
    fundsSection(sections[2] ?? [], found);
    performanceSection(sections[3] ?? [], found);
    closingSections(sections, found);
  }
  for (const g of doc.blocks.filter((b): b is Grid => b.kind === "grid")) {
    if (isBasicData(g)) recogniseBasicData(g, found);
    else if (isSelfEvaluation(g)) recogniseSelfEvaluation(g, found);
    else if (doc.format === "xlsx") finalAccounts(g, found);
  }
  formLines(doc, found);
  const unit = unitOf(title, texts);
  const year = yearOf(title, texts);
  return {
    format: doc.format,
    ...(unit && { unit }),
    ...(year && { year }),
    ...(moneyUnit && { moneyUnit }),
    items: found.items,
    unplaced: found.unplaced,
  };
}

function moneyUnitOf(texts: string[]): MoneyUnit | undefined {
  for (const t of texts) {
    const m = /(?:金额)?单位[：:]\s*(万元|元)/.exec(t) ?? /[（(](万元|元)[)）]/.exec(t);
    if (m) return m[1] as MoneyUnit;
  }
  return undefined;
}

/** The unit: the title's line before 部门整体支出绩效自评报告, or 填报单位 of a form. */
function unitOf(title: Para[], texts: string[]): string | undefined {
  const joined = title.map((p) => p.text).join("");
  const t = /^(.*?)(?:\d{4}年度?)?部门整体支出绩效(?:自评|评价)报告/.exec(joined)?.[1]?.trim();
  if (t) return t;
  for (const x of texts) {
    const m = /填报单位(?:[（(]盖章[)）])?[：:]\s*([^\s\u3000]+)/.exec(x);
    if (m) return m[1];
  }
  return undefined;
}

/** The year the file reports on: "2020年度" in its title or forms, else the latest 决算数 column's year. */
function yearOf(title: Para[], texts: string[]): number | undefined {
  for (const t of [...title.map((p) => p.text), ...texts]) {
    const m = /[（(]?(\d{4})\s*年度[)）]?/.exec(t);
    if (m) return Number(m[1]);
  }
  const years = texts.flatMap((t) =>
    [...t.matchAll(/(\d{4})年(?:决算数|一般公共预算)/g)].map((m) => Number(m[1])),
  );
  return years.length > 0 ? Math.max(...years) : undefined;
}

/** Lines of a 决算 table the form shares, by their row label; the amount under a 决算 (or 合计) header. */
const FINAL_LINES: [RegExp, string, string][] = [
  [/^工资福利支出$/, "basicExpenditure.wages.amount", "二㈠ 工资福利支出"],
  [/^商品和服务支出$/, "basicExpenditure.goodsAndServices.amount", "二㈠ 商品和服务支出"],
  [/^对个人和家庭的?补助(支出)?$/, "basicExpenditure.householdSubsidies.amount", "二㈠ 对个人和家庭补助支出"],
  [/^(基本支出(合计)?)$/, "basicExpenditure.amount", "二㈠ 基本支出共计"],
  [/^(项目支出(合计)?)$/, "generalBudget.project", "二、其中：项目支出"],
  [/^“?三公”?经费(合计)?$/, "threePublic.amount", "二㈠ “三公经费”"],
  [/^公务接待费$/, "basicData.reception.current", "附件1-1 公务接待（本年决算数）"],
  [/^因公出国[（(]境[)）]费$/, "basicData.abroad.current", "附件1-1 出国经费（本年决算数）"],
  [
    /^公务用车购置及运行(维护)?费$/,
    "basicData.vehicle.current",
    "附件1-1 公务用车购置和维护经费（本年决算数）",
  ],
  [/^公务用车购置费$/, "basicData.vehiclePurchase.current", "附件1-1 公车购置（本年决算数）"],
  [/^公务用车运行(维护)?费$/, "basicData.vehicleOperation.current", "附件1-1 公车运行维护（本年决算数）"],
  [/^政府采购(金额|合计)?$/, "basicData.procurement.current", "附件1-1 政府采购金额（本年决算数）"],
];

function finalAccounts(g: Grid, found: Found): void {
  const header = g.rows
    .flat()
    .find((c) => /^(本年)?(决算数|支出决算|本年支出|合计|金额)(（万元）)?$/.test(norm(c.text)));
  let kind: { path: string; code: string; name: string; items: number } | null = null;
  for (const cells of g.rows) {
    const label = cells.find((c) => !/\d/.test(c.text));
    if (!label) continue;
    const value = header
      ? cells.find((c) => c.col <= header.col && header.col < c.col + c.colSpan && c.number !== undefined)
      : cells.find((c) => c.col > label.col && c.number !== undefined);
    const code = cells.find((c) => c.col < label.col && /^\d{3,7}$/.test(c.text))?.text ?? "";
    const hit = FINAL_LINES.find(([re]) => re.test(norm(label.text).replace(/^\d+/, "")));
    const item = kind !== null && code.length > kind.code.length && code.startsWith(kind.code);
    if (hit && item && value) found.money(hit[1], hit[2], value.text, value.where); // 公务接待费 is an item too
    if (hit && !item) {
      if (value) found.money(hit[1], hit[2], value.text, value.where);
      kind = /^basicExpenditure\.(wages|goodsAndServices|householdSubsidies)/.test(hit[1])
        ? { path: hit[1].replace(/\.amount$/, ""), code, name: hit[2], items: 0 }
        : null;
    } else if (kind && item && value) {
      // a 款 under its 类 (30101 基本工资 under 301 工资福利支出): an item of the kind
      const path = `${kind.path}.items.${kind.items++}`;
      found.text(`${path}.name`, `${kind.name}的明细`, label.text, label.where);
      found.money(`${path}.amount`, `${kind.name} › ${label.text}`, value.text, value.where);
    }
  }
}
/** 填报时间, 填表人 and 联系电话 of 附件1-1 (填报时间 of 附件1-2 too), in paragraphs or cells under the form's label. */
function formLines(doc: OfficeDoc, found: Found): void {
  let form: "basicData" | "selfEvaluation" | null = null;
  const read = (text: string, where: string) => {
    if (/^附件\s*1-1/.test(text)) form = "basicData";
    else if (/^附件\s*1-2/.test(text)) form = "selfEvaluation";
    if (!form) return;
    const at = form === "basicData" ? "附件1-1" : "附件1-2";
    const filled = /填报时间[：:]\s*(\d{4}年\d{1,2}月\d{1,2}日)/.exec(text);
    if (filled) found.text(`${form}.filledAt`, `${at} 填报时间`, filled[1] as string, where);
    if (form !== "basicData") return;
    const filler = /填表人[：:]\s*([^\s\u3000：:]+?)(?=[\s\u3000]|联系电话|$)/.exec(text);
    if (filler) found.text("basicData.filler", "附件1-1 填表人", filler[1] as string, where);
    const phone = /联系电话[：:]\s*([\d-]{5,})/.exec(text);
    if (phone) found.text("basicData.phone", "附件1-1 联系电话", phone[1] as string, where);
  };
  for (const b of doc.blocks) {
    if (b.kind === "para") read(b.text, b.where);
    else {
      if (/附件\s*1-[12]/.test(b.name)) read(b.name.replace(/.*(附件\s*1-[12]).*/, "$1"), b.name);
      for (const c of b.rows.flat()) read(c.text, c.where);
    }
  }
}
