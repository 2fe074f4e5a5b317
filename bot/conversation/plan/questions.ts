import type { MoneyUnit } from "../../../core/money.js";
import type { Expected } from "../../../core/parse.js";
import { FIGURE_ROLES } from "../../../core/report.js";
import { type Draft, getAt } from "../draft.js";
import { helpFor } from "./help.js";

/**
 * What a question accepts:
 * - a typed value read by the core parser (`Expected`);
 * - yes/no, for "another item?" (a list question also takes the items themselves, see `ListSpec`);
 * - one of a few options (with the value each one stores);
 * - the three columns of a 附件1-1 row in one message ("113.29 113.29 152.98", "-" for a blank);
 * - the links between the figures of a part ("全部", candidates by number, "F4.1.5=U3.1");
 * - the cause of a deviation (free text, stored under the deviation's ref);
 * - which items of a list have parts of their own ("1 3", "没有");
 * - several short fields at once (附件1-1 填报时间、填表人、联系电话);
 * - the change of the 三公经费 on the year ("减少 0.1 4.17%").
 */
export type Answer =
  | Expected
  | { kind: "yesno" }
  | { kind: "choice"; options: readonly string[]; values?: readonly unknown[] }
  | { kind: "columns"; unit: MoneyUnit; carried?: string }
  | { kind: "links"; scope: LinkScope }
  | { kind: "cause"; ref: string }
  | { kind: "details"; list: string }
  | { kind: "fields"; fields: readonly { key: string; label: string; date?: boolean }[] }
  | { kind: "change" }
  | { kind: "tier" };

/** Which links a links question is about: the figures of a part, the goals, or the indicator rows. */
export type LinkScope = { on: "figures"; path: string } | { on: "goals" } | { on: "rows" };

/** How a list is filled from one message (see batch.ts). */
export type ListSpec =
  | { kind: "amounts"; depth: number; uses?: boolean }
  | { kind: "people" }
  | { kind: "figures"; prefix: string }
  | { kind: "texts" }
  | { kind: "goals" }
  | { kind: "sections" }
  | { kind: "indicators" }
  | { kind: "columnItems" };

/** One question of the questionnaire: where the answer goes, how it is asked and read. */
export interface Question {
  /** the path the answer is stored at; "PATH.+" asks whether a list gets another item */
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
  /** how a typed list fills the list (for "PATH.+" questions), and the list of parts an amount may carry */
  bulk?: ListSpec;
  parts?: { list: string; spec: ListSpec };
  /** where the figure comes from and how it is worked out, with an example (answers “？”, “怎么算”) */
  help: string;
  /** a figure asked once: taken over from another place once that one is filled, never asked */
  carry?: (draft: Draft) => { value: unknown; from: string } | null;
  /** nothing to ask (no candidate links, no item with parts): passed over, left blank */
  skipIf?: (draft: Draft, closed: ReadonlySet<string>) => boolean;
  /** what “默认” stands for */
  fallback?: string;
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

type Extra = Partial<Pick<Question, "carry" | "skipIf" | "fallback" | "parts" | "help">>;

export function ask(
  b: Builder,
  key: string,
  label: string,
  prompt: string,
  answer: Answer,
  optional = false,
  extra: Extra = {},
): void {
  b.out.push({
    key,
    section: b.section,
    label,
    prompt,
    answer,
    optional,
    help: helpFor(key, answer.kind),
    ...extra,
  });
}

export const money = (b: Builder): Expected => ({ kind: "money", unit: b.moneyUnit });
/** people: "18", "18人", and as clerks also write them, "18个", "18名" (stored without the word) */
export const people: Expected = { kind: "count", units: ["人", "个", "名", "位"], examples: ["18", "18人"] };
export const text: Expected = { kind: "text" };
/** a name or a label: one line (it becomes a file name, a table cell) */
export const short: Expected = { kind: "text", maxLength: 100, singleLine: true };
/** a weight or a score: 0 to 100, "9.92分" too */
export const points: Expected = { kind: "number", max: 100, unit: "分", examples: ["10", "9.5"] };
export const quantity = (b: Builder): Expected => ({ kind: "quantity", moneyUnit: b.moneyUnit });

/** Whether a sub-list was opened for parts (a "哪几项还有明细" answer), or a list's items need no such question. */
export const opened = (closed: ReadonlySet<string>, path: string) => closed.has(`open:${path}`);
export const flat = (closed: ReadonlySet<string>, path: string) => closed.has(`flat:${path}`);

export interface ListOptions {
  newItem?: (i: number) => Record<string, unknown>;
  /** how one message fills the list */
  bulk?: ListSpec;
  /** a list of parts: its "add" question is asked only after the user said the item has parts */
  gated?: boolean;
  /** items may have parts: "以上哪几项还有明细？" after the list (unless confirmed as flat) */
  nested?: { parts: (i: number) => string; what: string };
}

/** A list the user fills item by item, or several at once: the questions of each item so far, then "more?". */
export function list(
  b: Builder,
  path: string,
  label: string,
  addPrompt: string,
  item: (i: number) => void,
  o: ListOptions = {},
): void {
  const items = getAt(b.draft, path);
  const n = Array.isArray(items) ? items.length : 0;
  for (let i = 0; i < n; i++) item(i);
  const asked = !o.gated || opened(b.closed, path);
  if (!b.closed.has(path) && asked) {
    b.out.push({
      key: `${path}.+`,
      section: b.section,
      label,
      // the first time the question itself, after an item "还有吗？"
      prompt: n === 0 ? addPrompt : `${label}：还有第 ${n + 1} 项吗？（直接写出；没有了就回答“没有”）`,
      answer: { kind: "yesno" },
      optional: false,
      list: path,
      help: helpFor(`${path}.+`, "yesno"),
      ...(o.newItem && { newItem: o.newItem(n) }),
      ...(o.bulk && { bulk: o.bulk }),
    });
  }
  const nested = o.nested;
  if (nested && b.closed.has(path) && n > 0) {
    ask(
      b,
      `${path}.details`,
      `${label}（哪几项有${nested.what}）`,
      `以上${label}中，哪几项还有${nested.what}？写序号，例如：1 3；都没有就回答“没有”`,
      { kind: "details", list: path },
      true,
      {
        skipIf: (draft, closed) =>
          flat(closed, path) ||
          Array.from({ length: n }, (_, i) => getAt(draft, nested.parts(i))).some(
            (p) => Array.isArray(p) && p.length > 0,
          ),
      },
    );
  }
}

/** An example of an amount written with its parts, fitting the line asked. */
function partsExample(path: string): string {
  if (path.endsWith("wages")) return "101.61 基本工资51.91 津贴补贴20.63";
  if (path.endsWith("goodsAndServices")) return "10.72 办公费0.75 水费0.5 电费1.51";
  if (path.endsWith("householdSubsidies")) return "0.96 生活补助0.96";
  return "72 办公费1 印刷费3 专用材料费6";
}

/** An amount with its items, each of which may have items too (项目 → 明细). */
export function amountNode(
  b: Builder,
  path: string,
  name: string,
  depth: number,
  o: { gated?: boolean } = {},
): void {
  const spec: ListSpec = { kind: "amounts", depth: Math.max(0, depth - 1) };
  ask(
    b,
    `${path}.amount`,
    name,
    depth > 0
      ? `${name}多少？（${b.moneyUnit}；可连同明细一起写，例如：${partsExample(path)}）`
      : `${name}的金额？（${b.moneyUnit}）`,
    money(b),
    false,
    depth > 0 ? { parts: { list: `${path}.items`, spec } } : {},
  );
  if (depth > 0) {
    list(
      b,
      `${path}.items`,
      `${name}明细`,
      `${name}有明细吗？直接写出各项名称和金额，例如：办公费3.20、水费0.86；没有就回答“没有”`,
      (i) => {
        const item = getAt(b.draft, `${path}.items.${i}.name`);
        const own = getAt(b.draft, `${path}.name`);
        const label =
          typeof item === "string"
            ? `${item}（${typeof own === "string" ? own : name}）`
            : `${name}明细${i + 1}`;
        ask(
          b,
          `${path}.items.${i}.name`,
          `${name}明细${i + 1}名称`,
          `${name}第 ${i + 1} 项明细的名称？`,
          short,
        );
        amountNode(b, `${path}.items.${i}`, label, depth - 1, { gated: true });
      },
      {
        bulk: spec,
        ...(o.gated && { gated: true }),
        ...(depth > 1 && { nested: { parts: (i) => `${path}.items.${i}.items`, what: "明细" } }),
      },
    );
  }
}

/** A figure quoted in the prose: its label, value (with its own unit and time), its role, its parts. */
function figure(b: Builder, path: string, id: string): void {
  const label = getAt(b.draft, `${path}.label`);
  const named = typeof label === "string" ? `“${label}”` : "这个数";
  ask(b, `${path}.label`, `数字 ${id}`, `数字 ${id} 说的是什么？（例如：实际发放直补资金人数）`, short);
  ask(
    b,
    `${path}.value`,
    `${typeof label === "string" ? label : `数字 ${id}`}`,
    `${named}是多少？（带单位，例如 23038人、1382.28万元、600元/人、35.7%；有时点写在括号里，例如 2916.49万元（2021年3月末）；有分项的写在后面括号里，例如 85人（其中：因病致贫42人、因残致贫23人））`,
    quantity(b),
    false,
    { parts: { list: `${path}.items`, spec: { kind: "figures", prefix: id } } },
  );
  // asked only when it can matter and neither the label nor the figure it belongs to says it (see roles.ts);
  // it follows the figure's name and value, and names the figure by its name
  ask(
    b,
    `${path}.role`,
    `${typeof label === "string" ? label : `数字 ${id}`}的性质`,
    `${named}是哪一类数？（用于核对计划、到位与完成；都不是就选“其他”）`,
    { kind: "choice", options: FIGURE_ROLES },
    true,
  );
  list(
    b,
    `${path}.items`,
    `${typeof label === "string" ? label : `数字 ${id}`}的分项`,
    `${named}的分项：直接写出各项名称和数值，例如：因病致贫13户、因残致贫8户`,
    (i) => figure(b, `${path}.items.${i}`, `${id}.${i + 1}`),
    { newItem: (i) => ({ id: `${id}.${i + 1}` }), bulk: { kind: "figures", prefix: id }, gated: true },
  );
}

export function figures(b: Builder, path: string, prefix: string, title: string): void {
  list(
    b,
    path,
    `${title}的数字`,
    `${title}：正文里的数字逐个写出名称和数值，可一次写多个，例如：实际发放直补资金人数23038人、发放标准600元/人；有分项的，分项另起一行、前面空两格；没有数字就回答“没有”`,
    (i) => figure(b, `${path}.${i}`, `${prefix}.${i + 1}`),
    { newItem: (i) => ({ id: `${prefix}.${i + 1}` }), bulk: { kind: "figures", prefix } },
  );
  ask(
    b,
    `${path}.links`,
    `${title}数字的关联`,
    "这些数字与其他数字的关系",
    { kind: "links", scope: { on: "figures", path } },
    true,
  );
}

export const COLUMNS_PROMPT =
  "（本年决算数、本年预算数、上年决算数，用空格分开，空着的写 -，例如：113.29 113.29 152.98）";
