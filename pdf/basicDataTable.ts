/**
 * 附件1-1 部门整体支出绩效评价基础数据表 as blocks, as in the sample: the label, the form's name, the
 * unit and date, the table (4 columns: 财政供养人员情况 with the 控制率 computed, then 经费控制情况 row
 * by row, indented as the form is, then 厉行节约保障措施), its 说明 and the signature line.
 */
import { Ratio } from "../core/ratio.js";
import type { Columns, Report } from "../core/report.js";
import type { Block, TableRow } from "./model.js";
import { cell, percentText, type ReportContent } from "./wording.js";

const W = "附件1-1";
const I = "\u3000"; // an ideographic space indents a level, as the sample's form does

/** 附件1-1 部门整体支出绩效评价基础数据表, as in the sample (4 columns, 控制率 computed). */
export function basicDataTable(c: ReportContent): Block[] {
  const r = c.report;
  const d = r.basicData;
  const rows = [...staffRows(r), ...spendingRows(r)];
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

/** 财政供养人员情况: 编制数, 实际在职人数 and the 控制率 computed from them. */
function staffRows(r: Report): TableRow[] {
  const d = r.basicData;
  const y = r.unit.year;
  const control =
    d.establishment !== undefined && d.actualStaff !== undefined && Number(d.establishment) > 0
      ? percentText(Ratio.fromDecimal(d.actualStaff).div(Ratio.fromDecimal(d.establishment)))
      : "";
  return [
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
        cell(d.establishment ?? "", 1, `${W} 编制数`, {
          align: "center",
          value: { kind: "count", path: "basicData.establishment" },
        }),
        cell(d.actualStaff ?? "", 2, `${W} 实际在职人数`, {
          align: "center",
          value: { kind: "count", path: "basicData.actualStaff" },
        }),
        cell(control, 3, `${W} 控制率`, { align: "center", value: { kind: "controlRate" } }),
      ],
    },
  ];
}

/** 经费控制情况: its header, then each line (决算数, 预算数, prior year's 决算数), 政府采购金额 last. */
function spendingRows(r: Report): TableRow[] {
  const d = r.basicData;
  const y = r.unit.year;
  const rows: TableRow[] = [
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
  const line = (label: string, cols: Columns, path: string) => {
    const where = `${W} “${label.trim()}”行`;
    const money = (k: keyof Columns) => ({
      align: "right" as const,
      value: { kind: "money" as const, path: `${path}.${k}` },
    });
    rows.push({
      cells: [
        cell(label, 0, where),
        cell(cols.current ?? "", 1, where, money("current")),
        cell(cols.budget ?? "", 2, where, money("budget")),
        cell(cols.prior ?? "", 3, where, money("prior")),
      ],
    });
  };
  const B = "basicData";
  line("一、部门基本支出", d.basic, `${B}.basic`);
  line(`${I}其中：1、压缩一般性支出`, d.compressedGeneral, `${B}.compressedGeneral`);
  line(`${I}${I}${I}2、三公经费`, d.threePublic, `${B}.threePublic`);
  line(`${I}${I}公务用车购置和维护经费`, d.vehicle, `${B}.vehicle`);
  line(`${I}${I}${I}其中：公车购置`, d.vehiclePurchase, `${B}.vehiclePurchase`);
  line(`${I}${I}${I}${I}${I}${I}公车运行维护`, d.vehicleOperation, `${B}.vehicleOperation`);
  line(`${I}${I}公务接待`, d.reception, `${B}.reception`);
  line(`${I}${I}出国经费`, d.abroad, `${B}.abroad`);
  line("二、部门项目支出", d.projects, `${B}.projects`);
  const categories = [
    ["1、业务工作专项", "business"],
    ["2、运行维护专项", "operation"],
    ["3、县级专项资金", "county"],
  ] as const;
  for (const [name, key] of categories) {
    const cat = d[key];
    line(`${I}${name}`, cat.columns, `${B}.${key}.columns`);
    cat.items.forEach((it, i) => {
      const label = `${I}${I}${i === 0 && cat.itemsArePartial ? "其中：" : ""}${it.name}`;
      line(label, it.columns, `${B}.${key}.items.${i}.columns`);
    });
  }
  line("政府采购金额", d.procurement, `${B}.procurement`);
  return rows;
}
