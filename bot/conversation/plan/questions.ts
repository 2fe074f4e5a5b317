import type { MoneyUnit } from "../../../core/money.js";
import type { Expected } from "../../../core/parse.js";
import { FIGURE_ROLES } from "../../../core/report.js";
import { type Draft, getAt } from "../draft.js";

/**
 * What a question accepts:
 * - a typed value read by the core parser (`Expected`);
 * - yes/no, for "another item?";
 * - one of a few options (with the value each one stores);
 * - the three columns of a 附件1-1 row in one message ("113.29 113.29 152.98", "-" for a blank);
 * - a link to another figure ("=F4.1.4", "F4.1.4×F4.1.3", "F4.3.4/F4.3.2"; rows: "完成值=F4.1.4");
 * - the cause of a deviation (free text, stored under the deviation's ref).
 */
export type Answer =
  | Expected
  | { kind: "yesno" }
  | { kind: "choice"; options: readonly string[]; values?: readonly unknown[] }
  | { kind: "columns"; unit: MoneyUnit }
  | { kind: "link"; on: "figure" | "row" | "goal" }
  | { kind: "cause"; ref: string }
  | { kind: "confirm"; section: SectionId }
  | { kind: "tier" };

/** One question of the questionnaire: where the answer goes, how it is asked and read. */
export interface Question {
  /** the path the answer is stored at; "PATH.+" asks whether a list gets another item; "PATH.link" links */
  key: string;
  section: SectionId;
  /** the field's name, as in the form (for /status and /edit) */
  label: string;
  prompt: string;
  answer: Answer;
  /** may be left blank with /skip */
  optional: boolean;
  /** the list this question adds to, for "PATH.+" questions */
  list?: string;
  /** what a new item of that list starts as (its id, when it has one) */
  newItem?: Record<string, unknown>;
}

export const SECTIONS = [
  { id: "unit", title: "基本信息" },
  { id: "profile", title: "一、单位基本情况" },
  { id: "budget", title: "二、一般公共预算支出情况" },
  { id: "funds", title: "三、政府性基金预算支出情况" },
  { id: "performance", title: "四、部门整体支出绩效情况" },
  { id: "basicData", title: "附件1-1 基础数据表" },
  { id: "selfEvaluation", title: "附件1-2 自评表" },
  { id: "narrative", title: "五、六、七及偏差原因" },
] as const;
export type SectionId = (typeof SECTIONS)[number]["id"];

export type Builder = {
  section: SectionId;
  moneyUnit: MoneyUnit;
  out: Question[];
  draft: Draft;
  closed: ReadonlySet<string>;
};

export function ask(
  b: Builder,
  key: string,
  label: string,
  prompt: string,
  answer: Answer,
  optional = false,
): void {
  b.out.push({ key, section: b.section, label, prompt, answer, optional });
}

export const money = (b: Builder): Expected => ({ kind: "money", unit: b.moneyUnit });
export const people: Expected = { kind: "count", units: ["人"] };
export const text: Expected = { kind: "text" };
/** a name or a label: one line (it becomes a file name, a table cell) */
export const short: Expected = { kind: "text", maxLength: 100, singleLine: true };
/** a weight or a score: 0 to 100 */
export const points: Expected = { kind: "number", max: 100 };
export const quantity = (b: Builder): Expected => ({ kind: "quantity", moneyUnit: b.moneyUnit });
const LINK_HELP =
  "（可选）与正文某数相同写 =编号；由其他数算出写 编号×编号、编号/编号 或 编号-编号；没有就 /skip";

/** A list the user fills item by item: the questions of each item so far, then "another one?". */
export function list(
  b: Builder,
  path: string,
  label: string,
  addPrompt: string,
  item: (i: number) => void,
  newItem?: (i: number) => Record<string, unknown>,
): void {
  const items = getAt(b.draft, path);
  const n = Array.isArray(items) ? items.length : 0;
  for (let i = 0; i < n; i++) item(i);
  if (!b.closed.has(path)) {
    b.out.push({
      key: `${path}.+`,
      section: b.section,
      label,
      // the first time "要填吗？", after an item "还有吗？"
      prompt: n === 0 ? addPrompt : `${label}：还有第 ${n + 1} 项吗？（是/否）`,
      answer: { kind: "yesno" },
      optional: false,
      list: path,
      ...(newItem && { newItem: newItem(n) }),
    });
  }
}

/** An amount with its items, each of which may have items too (项目 → 明细). */
export function amountNode(b: Builder, path: string, name: string, depth: number, ids = false): void {
  ask(b, `${path}.amount`, name, `${name}的金额？（${b.moneyUnit}）`, money(b));
  if (depth > 0) {
    list(b, `${path}.items`, `${name}明细`, `${name}还有明细要填吗？（是/否）`, (i) => {
      ask(b, `${path}.items.${i}.name`, `${name}明细${i + 1}`, `${name}第 ${i + 1} 项明细的名称？`, short);
      amountNode(b, `${path}.items.${i}`, `${name}明细${i + 1}`, depth - 1, ids);
      ask(b, `${path}.items.${i}.note`, `${name}明细${i + 1}备注`, "备注（可选，没有就 /skip）", text, true);
    });
  }
}

/** A figure quoted in the prose: its label, value (with its own unit), time, links and parts. */
function figure(b: Builder, path: string, id: string): void {
  ask(b, `${path}.label`, `数字 ${id}`, `数字 ${id} 说的是什么？（例如：实际发放直补资金人数）`, short);
  ask(
    b,
    `${path}.value`,
    `数字 ${id} 的值`,
    "它的数值（带单位，例如 23038人、1382.28万元、600元/人、35.7%）？",
    quantity(b),
  );
  // asked only when it can matter and neither the label nor the figure it belongs to says it (see roles.ts);
  // it follows the figure's name and value, and names the figure by its name
  const name = getAt(b.draft, `${path}.label`);
  ask(
    b,
    `${path}.role`,
    `数字 ${id} 的性质`,
    `${typeof name === "string" && name.trim() !== "" ? `“${name.trim()}”` : "这个数"}是哪一类数？（用于核对计划、到位与完成；都不是就选“其他”）`,
    { kind: "choice", options: FIGURE_ROLES },
    true,
  );
  ask(b, `${path}.asOf`, `数字 ${id} 的时点`, "时点（可选，例如 2021年3月末；没有就 /skip）", short, true);
  ask(
    b,
    `${path}.link`,
    `数字 ${id} 的关联`,
    `数字 ${id} 的关联${LINK_HELP}`,
    { kind: "link", on: "figure" },
    true,
  );
  list(
    b,
    `${path}.items`,
    `数字 ${id} 的分项`,
    `数字 ${id} 有分项吗（例如按类型、按原因）？（是/否）`,
    (i) => figure(b, `${path}.items.${i}`, `${id}.${i + 1}`),
    (i) => ({ id: `${id}.${i + 1}` }),
  );
}

export function figures(b: Builder, path: string, prefix: string): void {
  list(
    b,
    path,
    "正文中的数字",
    "这一部分的正文里还有要记录的数字吗？（是/否）",
    (i) => figure(b, `${path}.${i}`, `${prefix}.${i + 1}`),
    (i) => ({
      id: `${prefix}.${i + 1}`,
    }),
  );
}

export const COLUMNS_PROMPT =
  "（本年决算数、本年预算数、上年决算数，用空格分开，空着的写 -，例如：113.29 113.29 152.98）";
