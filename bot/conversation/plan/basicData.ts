import { getAt } from "../draft.js";
import { carried } from "./budget.js";
import { ask, type Builder, COLUMNS_PROMPT, list, people, short, text } from "./questions.js";

export const BASIC_DATA_ROWS = [
  ["basic", "部门基本支出"],
  ["compressedGeneral", "其中：压缩一般性支出"],
  ["threePublic", "其中：三公经费"],
  ["vehicle", "公务用车购置和维护经费"],
  ["vehiclePurchase", "其中：公车购置"],
  ["vehicleOperation", "公车运行维护"],
  ["reception", "公务接待"],
  ["abroad", "出国经费"],
  ["projects", "部门项目支出"],
] as const;
export const CATEGORIES = [
  ["business", "业务工作专项"],
  ["operation", "运行维护专项"],
  ["county", "县级专项资金"],
] as const;
/** 附件1-1 rows whose 本年决算数 is a figure of section 二 (typed once, taken over) */
const CURRENT_FROM: Record<string, string> = {
  basic: "basicExpenditure.amount",
  threePublic: "threePublic.amount",
};

/** 附件1-1 基础数据表: staff and 控制率, then each row's three columns; project categories with their projects. */
export function basicDataQuestions(b: Builder): void {
  const u = b.moneyUnit;
  const draft = b.draft;
  const closed = b.closed;
  b.section = "basicData";
  ask(
    b,
    "basicData.filledAt",
    "填报时间、填表人、联系电话",
    "附件1-1 基础数据表（整张表可从 Excel 复制粘贴过来）。先写表头的填报时间、填表人、联系电话，例如：2021年5月20日 夏朝晖 13974766373（没有的写 -）",
    {
      kind: "fields",
      fields: [
        { key: "basicData.filledAt", label: "填报时间", date: true },
        { key: "basicData.filler", label: "填表人" },
        { key: "basicData.phone", label: "联系电话" },
      ],
    },
    true,
  );
  ask(
    b,
    "basicData.establishment",
    "编制数",
    "编制数（人）？（可连同控制率一起写，例如：19 94.74%）",
    people,
  );
  ask(b, "basicData.actualStaff", "实际在职人数", "实际在职人数？", people, false, {
    carry: (d) => carried(d, "profile.staff.actual", "一、实有在编工作人员"),
  });
  ask(b, "basicData.controlRate", "控制率", "表中所填的控制率？（例如 94.74%）", { kind: "percent" });
  for (const [key, label] of BASIC_DATA_ROWS) {
    const from = CURRENT_FROM[key];
    ask(b, `basicData.${key}`, label, `${label}${COLUMNS_PROMPT}`, {
      kind: "columns",
      unit: u,
      ...(from && { carried: from }),
    });
  }
  for (const [key, label] of CATEGORIES) {
    ask(b, `basicData.${key}.columns`, label, `${label}${COLUMNS_PROMPT}`, { kind: "columns", unit: u });
    list(
      b,
      `basicData.${key}.items`,
      `${label}项目`,
      `${label}下面要列项目吗？直接写项目名称和三个数，例如：移民后扶前期工作经费 154 154 74；不列就回答“没有”`,
      (i) => {
        ask(b, `basicData.${key}.items.${i}.name`, `${label}项目${i + 1}`, "项目名称？", short);
        const name = getAt(draft, `basicData.${key}.items.${i}.name`);
        ask(
          b,
          `basicData.${key}.items.${i}.columns`,
          typeof name === "string" ? name : `${label}项目${i + 1}金额`,
          `这个项目${COLUMNS_PROMPT}`,
          { kind: "columns", unit: u },
        );
      },
      { bulk: { kind: "columnItems" } },
    );
    const items = getAt(draft, `basicData.${key}.items`);
    if (closed.has(`basicData.${key}.items`) && Array.isArray(items) && items.length > 0) {
      ask(
        b,
        `basicData.${key}.itemsArePartial`,
        `${label}项目是否完整`,
        "上面列的是全部项目，还是“其中”的一部分？",
        { kind: "choice", options: ["全部", "其中一部分"], values: [undefined, true] },
      );
    }
  }
  ask(b, "basicData.procurement", "政府采购金额", `政府采购金额${COLUMNS_PROMPT}`, {
    kind: "columns",
    unit: u,
  });
  ask(
    b,
    "basicData.savingMeasures",
    "厉行节约保障措施",
    "厉行节约保障措施（可选；没有就回答“没有”）",
    text,
    true,
  );
}
