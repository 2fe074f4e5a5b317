/**
 * 附件1-1 基础数据表 in a grid (a Word table or a sheet), by the form's labels: the header row whose cells
 * say 决算数 / 预算数 decides which column is which (the later year's 决算数 is this year's, the earlier
 * one 上年; 本年 / 上年 say it too); each row's label says which line of the form it is; the rows under a
 * project category (业务工作专项 …) are its projects. 编制数 and 实际在职人数 are read under their headers.
 */
import type { Grid, GridCell } from "../read/doc.js";
import { cellAt, norm } from "../read/doc.js";
import { bareLabel, type Found } from "./found.js";

type Role = "current" | "budget" | "prior";
const ROLE_WORDS: Record<Role, string> = { current: "本年决算数", budget: "本年预算数", prior: "上年决算数" };

/** The form's lines by the words of their label (the more specific first). */
const LINES: [RegExp, string][] = [
  [/部门基本支出|^基本支出$/, "basic"],
  [/压缩一般性支出/, "compressedGeneral"],
  [/三公经费/, "threePublic"],
  [/公务用车购置(和|及)维护|公务用车购置及运行维护/, "vehicle"],
  [/公车购置|公务用车购置/, "vehiclePurchase"],
  [/公车运行维护|公务用车运行维护/, "vehicleOperation"],
  [/公务接待/, "reception"],
  [/出国/, "abroad"],
  [/部门项目支出|^项目支出$/, "projects"],
  [/业务工作专项/, "business"],
  [/运行维护专项/, "operation"],
  [/县级专项/, "county"],
  [/政府采购/, "procurement"],
];
const CATEGORIES = new Set(["business", "operation", "county"]);
const LABELS: Record<string, string> = {
  basic: "部门基本支出",
  compressedGeneral: "压缩一般性支出",
  threePublic: "三公经费",
  vehicle: "公务用车购置和维护经费",
  vehiclePurchase: "公车购置",
  vehicleOperation: "公车运行维护",
  reception: "公务接待",
  abroad: "出国经费",
  projects: "部门项目支出",
  business: "业务工作专项",
  operation: "运行维护专项",
  county: "县级专项资金",
  procurement: "政府采购金额",
};

/** Whether a grid is 附件1-1 (it has the form's 经费控制情况 or its 部门基本支出 line and a 决算数 column). */
export function isBasicData(g: Grid): boolean {
  const texts = g.rows.flat().map((c) => norm(c.text));
  return (
    texts.some((t) => t.includes("经费控制情况") || t.includes("财政供养人员")) ||
    (texts.some((t) => t.includes("部门基本支出")) && texts.some((t) => t.includes("决算数")))
  );
}

/** The columns of 决算数 / 预算数 and the row they head. */
function columnsOf(g: Grid): { row: number; cols: Map<Role, GridCell> } | null {
  for (const [ri, cells] of g.rows.entries()) {
    const heads = cells.filter((c) => /决算数|预算数/.test(norm(c.text)));
    if (heads.length < 2) continue;
    const cols = new Map<Role, GridCell>();
    const finals = heads.filter((c) => /决算/.test(c.text));
    const budget = heads.find((c) => /预算/.test(c.text));
    if (budget) cols.set("budget", budget);
    const year = (c: GridCell) => Number(/(\d{4})/.exec(c.text)?.[1] ?? Number.NaN);
    const current =
      finals.find((c) => /本年/.test(c.text)) ?? [...finals].sort((a, b) => year(b) - year(a))[0];
    const prior = finals.find((c) => /上年/.test(c.text)) ?? finals.find((c) => c !== current);
    if (current) cols.set("current", current);
    if (prior && prior !== current) cols.set("prior", prior);
    return { row: ri, cols };
  }
  return null;
}

export function recogniseBasicData(g: Grid, found: Found): void {
  staff(g, found);
  const head = columnsOf(g);
  if (!head) return;
  let category: string | null = null;
  let items = 0;
  for (let ri = head.row + 1; ri < g.rows.length; ri++) {
    const labelCell = cellAt(g, ri, 0);
    if (!labelCell || labelCell.row !== ri) continue;
    const label = bareLabel(labelCell.text);
    if (label === "") continue;
    if (/^(说明|填表人|注[:：])/.test(label) || label.length > 40) break; // the form's notes under the table
    if (/厉行节约/.test(label)) {
      const right = g.rows[ri]?.find((c) => c.col > labelCell.col);
      if (right) found.text("basicData.savingMeasures", "附件1-1 厉行节约保障措施", right.text, right.where);
      continue;
    }
    const key = LINES.find(([re]) => re.test(label))?.[1];
    let path: string;
    let name: string;
    if (key) {
      category = CATEGORIES.has(key) ? key : null;
      items = 0;
      path = CATEGORIES.has(key) ? `basicData.${key}.columns` : `basicData.${key}`;
      name = LABELS[key] as string;
    } else if (category) {
      path = `basicData.${category}.items.${items}`;
      const itemName = labelCell.text.replace(/^[\s\u3000]*(其中[:：])?[\s\u3000]*/, "").trim();
      found.text(`${path}.name`, `附件1-1 ${LABELS[category]}的项目${items + 1}`, itemName, labelCell.where);
      if (/^其中/.test(norm(labelCell.text)) && items === 0)
        found.add({
          path: `basicData.${category}.itemsArePartial`,
          label: "",
          value: "true",
          raw: "其中",
          where: labelCell.where,
          kind: "text",
        });
      items++;
      path = `${path}.columns`;
      name = itemName;
    } else continue;
    for (const [role, h] of head.cols) {
      const c = cellAt(g, ri, h.col);
      if (!c || c.row !== ri || c === labelCell || c.text === "") continue;
      found.money(
        `${path}.${role}`,
        `附件1-1 ${name}（${h.text.trim() || ROLE_WORDS[role]}）`,
        c.text,
        c.where,
      );
    }
  }
}

/** 编制数 and 实际在职人数 under their headers (the control rate is the core's to compute). */
function staff(g: Grid, found: Found): void {
  for (const [ri, cells] of g.rows.entries()) {
    for (const c of cells) {
      const t = norm(c.text);
      const path = /^编制数/.test(t)
        ? "basicData.establishment"
        : /实际在职人数|实有人数/.test(t)
          ? "basicData.actualStaff"
          : /^控制率/.test(t)
            ? "basicData.controlRate"
            : null;
      if (!path) continue;
      const below = cellAt(g, ri + c.rowSpan, c.col);
      if (below && below !== c)
        found.decimal(path, `附件1-1 ${c.text.replace(/\s+/g, "")}`, below.text, below.where);
    }
  }
}
