import { DEFAULT_SCORING } from "../../core/config.js";
import type { MoneyUnit } from "../../core/money.js";
import type { Expected } from "../../core/parse.js";
import { Ratio } from "../../core/ratio.js";
import type { IndicatorRow } from "../../core/report.js";
import { scoreRow } from "../../core/scoring.js";
import { type Draft, getAt } from "./draft.js";

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

type Builder = {
  section: SectionId;
  moneyUnit: MoneyUnit;
  out: Question[];
  draft: Draft;
  closed: ReadonlySet<string>;
};

function ask(b: Builder, key: string, label: string, prompt: string, answer: Answer, optional = false): void {
  b.out.push({ key, section: b.section, label, prompt, answer, optional });
}

const money = (b: Builder): Expected => ({ kind: "money", unit: b.moneyUnit });
const people: Expected = { kind: "count", units: ["人"] };
const text: Expected = { kind: "text" };
const short: Expected = { kind: "text", maxLength: 100 };
const quantity = (b: Builder): Expected => ({ kind: "quantity", moneyUnit: b.moneyUnit });
const LINK_HELP =
  "（可选）与正文某数相同写 =编号；由其他数算出写 编号×编号、编号/编号 或 编号-编号；没有就 /skip";

/** A list the user fills item by item: the questions of each item so far, then "another one?". */
function list(
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
function amountNode(b: Builder, path: string, name: string, depth: number, ids = false): void {
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

function figures(b: Builder, path: string, prefix: string): void {
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

const COLUMNS_PROMPT =
  "（本年决算数、本年预算数、上年决算数，用空格分开，空着的写 -，例如：113.29 113.29 152.98）";
const BASIC_DATA_ROWS = [
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
const CATEGORIES = [
  ["business", "业务工作专项"],
  ["operation", "运行维护专项"],
  ["county", "县级专项资金"],
] as const;
export const LEVEL1 = [
  { id: "output", name: "产出指标", prefix: "P", weight: "50" },
  { id: "benefit", name: "效益指标", prefix: "B", weight: "30" },
  { id: "satisfaction", name: "满意度指标", prefix: "S", weight: "10" },
] as const;

/** Whether a row is scored by tier: qualitative, a late deadline, a missed target of 0. */
function needsTier(row: unknown): boolean {
  const r = row as Partial<IndicatorRow> | undefined;
  if (!r?.rule || !r.target || !r.actual) return false;
  try {
    const status = scoreRow(
      { applicable: true, id: "", name: "", ...r } as IndicatorRow,
      Ratio.ONE,
      DEFAULT_SCORING,
    ).status;
    return status === "tier" || status === "late";
  } catch {
    return false; // a row still being typed
  }
}

/** What a row's 指标值 and 完成值 are, from the unit in its name: "（人）" counts people, "（%）" is a percent. */
export function rowExpected(name: string, moneyUnit: MoneyUnit): Expected {
  const unit = /[（(]([^（）()]+)[）)]\s*$/.exec(name.normalize("NFKC"))?.[1];
  if (unit === "%") return { kind: "percent" };
  if (unit === "元" || unit === "万元") return { kind: "money", unit };
  if (unit && /^[\p{Script=Han}A-Za-z]{1,3}$/u.test(unit))
    return { kind: "count", units: [unit], integer: false };
  return { kind: "quantity", moneyUnit };
}

/**
 * The questions, in the form's order, for the draft as it stands: lists expand with the items the user
 * added, and conditional questions appear only when they apply. `deviationRefs` are the deviations the
 * staff are asked the cause of (computed by the caller from the draft).
 */
export function questionsFor(
  draft: Draft,
  closed: ReadonlySet<string>,
  deviations: readonly { ref: string; text: string }[] = [],
): Question[] {
  // The plan depends on the draft's shape, not on its figures: typing an amount leaves it as it was.
  const key = `${planShape(draft)}|${[...closed].sort().join(",")}|${JSON.stringify(deviations)}`;
  const cached = PLAN_BY_SHAPE.get(key);
  if (cached) return cached;
  const plan = withSummaries(formQuestions(draft, closed, deviations));
  if (PLAN_BY_SHAPE.size >= 64) PLAN_BY_SHAPE.clear();
  PLAN_BY_SHAPE.set(key, plan);
  return plan;
}

const PLAN_BY_SHAPE = new Map<string, Question[]>();

/**
 * Everything the questions depend on (see the getAt calls of formQuestions): the money unit, whether
 * there are government funds, the length of every list, and each indicator row's name, rule, 指标值 and
 * 完成值 (a row's unit, its tier question). A change here builds the plan again.
 */
function planShape(draft: Draft): string {
  const lengths: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      lengths.push(`${path}:${v.length}`);
      for (let i = 0; i < v.length; i++) walk(v[i], `${path}.${i}`);
    } else if (v !== null && typeof v === "object") {
      for (const k in v) {
        const c = (v as Record<string, unknown>)[k];
        if (c !== null && typeof c === "object") walk(c, `${path}.${k}`);
      }
    }
  };
  walk(draft, "");
  const rows = (
    (getAt(draft, "selfEvaluation.indicators") as { subgroups?: { rows?: unknown[] }[] }[] | undefined) ?? []
  ).map((g) =>
    (g?.subgroups ?? []).map((sg) =>
      (sg?.rows ?? []).map((r) => {
        const row = (r ?? {}) as Record<string, unknown>;
        return [row.name, row.rule, row.target, row.actual];
      }),
    ),
  );
  const gf = getAt(draft, "governmentFunds");
  return JSON.stringify([
    getAt(draft, "unit.moneyUnit"),
    gf === null ? 0 : gf === undefined ? -1 : 1,
    lengths,
    rows,
  ]);
}

/** One question per deviation: its cause, in the staff's words (optional). */
export function causeQuestions(deviations: readonly { ref: string; text: string }[]): Question[] {
  return deviations.map((d) => ({
    key: `cause:${d.ref}`,
    section: "narrative",
    label: `原因：${d.ref}`,
    prompt: `偏差：${d.text}\n原因是什么？（这会写进第五部分；不知道可 /skip）`,
    answer: { kind: "cause", ref: d.ref },
    optional: true,
  }));
}

/** At the end of each section, a summary the user confirms before the next section. */
function withSummaries(questions: Question[]): Question[] {
  const out: Question[] = [];
  questions.forEach((q, i) => {
    out.push(q);
    const next = questions[i + 1];
    if (!next || next.section !== q.section) {
      const title = SECTIONS.find((x) => x.id === q.section)?.title ?? q.section;
      out.push({
        key: `confirm:${q.section}`,
        section: q.section,
        label: `确认：${title}`,
        prompt: `以上是“${title}”的内容，确认无误吗？（是 / 否：用 /edit 修改后再确认）`,
        answer: { kind: "confirm", section: q.section },
        optional: false,
      });
    }
  });
  return out;
}

function formQuestions(
  draft: Draft,
  closed: ReadonlySet<string>,
  deviations: readonly { ref: string; text: string }[],
): Question[] {
  const moneyUnit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const b: Builder = { section: "unit", moneyUnit, out: [], draft, closed };
  const u = moneyUnit;

  ask(b, "unit.name", "单位名称", "请输入单位全称（例如：衡阳县库区移民事务中心）", short);
  ask(b, "unit.year", "年度", "自评哪一年度？（例如：2020）", { kind: "number", integer: true });
  ask(b, "unit.moneyUnit", "金额单位", "金额用什么单位填报？", { kind: "choice", options: ["万元", "元"] });

  b.section = "profile";
  ask(b, "profile.functions", "主要职能", "一、单位基本情况：请简述单位的主要职能。", text);
  ask(b, "profile.institutions", "机构情况", "机构情况：内设哪些机构？", text);
  ask(b, "profile.staff.actual", "实有在编工作人员", "单位现实有在编工作人员多少人？", people);
  list(
    b,
    "profile.staff.breakdown",
    "人员分类",
    "在编人员要按类别列出吗（如参公、非参公）？（是/否）",
    (i) => {
      ask(
        b,
        `profile.staff.breakdown.${i}.name`,
        `人员类别${i + 1}`,
        `第 ${i + 1} 类人员的名称？（例如：参照公务员法管理事业人员）`,
        short,
      );
      ask(b, `profile.staff.breakdown.${i}.count`, `人员类别${i + 1}人数`, "这一类多少人？", people);
    },
  );
  ask(b, "profile.staff.retirees", "离退休人员", "年末实有离退休人员多少人？（没有可 /skip）", people, true);

  b.section = "budget";
  ask(
    b,
    "generalBudget.income",
    "一般公共预算拨款收入",
    `二、一般公共预算拨款收入多少？（${u}，例如 352.29）`,
    money(b),
  );
  ask(b, "generalBudget.expenditure", "一般公共预算支出", `一般公共预算支出多少？（${u}）`, money(b));
  ask(b, "generalBudget.basic", "其中：基本支出", `其中基本支出多少？（${u}）`, money(b));
  ask(b, "generalBudget.project", "其中：项目支出", `其中项目支出多少？（${u}）`, money(b));
  ask(b, "basicExpenditure.amount", "基本支出共计", `㈠基本支出共计多少？（${u}）`, money(b));
  amountNode(b, "basicExpenditure.wages", "工资福利支出", 1);
  amountNode(b, "basicExpenditure.goodsAndServices", "商品和服务支出", 1);
  amountNode(b, "basicExpenditure.householdSubsidies", "对个人和家庭补助支出", 1);
  ask(b, "threePublic.amount", "“三公经费”", `本年“三公经费”多少？（${u}）`, money(b));
  ask(
    b,
    "threePublic.note",
    "“三公经费”说明",
    "对“三公经费”的说明（可选，例如：“三公经费”即公务接待费；没有就 /skip）",
    text,
    true,
  );
  ask(b, "threePublic.change.direction", "三公经费同比", "与上年相比是增加、减少还是持平？", {
    kind: "choice",
    options: ["增加", "减少", "持平"],
  });
  ask(
    b,
    "threePublic.change.amount",
    "三公经费同比变动额",
    `同比变动了多少？（${u}，填正数；持平填 0）`,
    money(b),
  );
  ask(b, "threePublic.change.rate", "三公经费同比变动率", "变动率是多少？（例如 4.17%；持平填 0）", {
    kind: "percent",
  });
  list(b, "projects", "项目支出", "㈡项目支出：还有项目要填吗？（是/否）", (i) => {
    ask(b, `projects.${i}.name`, `项目${i + 1}名称`, `第 ${i + 1} 个项目的名称？`, short);
    amountNode(b, `projects.${i}`, `项目${i + 1}`, 2);
    ask(
      b,
      `projects.${i}.note`,
      `项目${i + 1}备注`,
      "备注（可选，例如：含2019年度40万元；没有就 /skip）",
      text,
      true,
    );
  });

  b.section = "funds";
  ask(b, "governmentFunds", "有无政府性基金", "三、本年有政府性基金预算支出吗？", {
    kind: "choice",
    options: ["有", "没有"],
    values: [{}, null],
  });
  if (getAt(draft, "governmentFunds") !== null && getAt(draft, "governmentFunds") !== undefined) {
    ask(
      b,
      "governmentFunds.income",
      "政府性基金预算拨款收入",
      `政府性基金预算拨款收入多少？（${u}）`,
      money(b),
    );
    list(b, "governmentFunds.breakdown", "政府性基金支出科目", "按支出科目还有要列的吗？（是/否）", (i) => {
      ask(
        b,
        `governmentFunds.breakdown.${i}.name`,
        `科目${i + 1}名称`,
        `第 ${i + 1} 个支出科目的名称？`,
        short,
      );
      amountNode(b, `governmentFunds.breakdown.${i}`, `科目${i + 1}`, 1);
    });
    list(
      b,
      "governmentFunds.uses",
      "政府性基金使用情况",
      "使用情况还有要列的吗（如直补发放、项目付款、结存）？（是/否）",
      (i) => {
        ask(b, `governmentFunds.uses.${i}.name`, `用途${i + 1}`, `用途 U3.${i + 1} 的名称？`, short);
        ask(b, `governmentFunds.uses.${i}.amount`, `用途${i + 1}金额`, `金额？（${u}）`, money(b));
        ask(
          b,
          `governmentFunds.uses.${i}.asOf`,
          `用途${i + 1}时点`,
          "时点（可选，例如 2021年3月末；没有就 /skip）",
          short,
          true,
        );
        ask(
          b,
          `governmentFunds.uses.${i}.note`,
          `用途${i + 1}备注`,
          "备注（可选；没有就 /skip）",
          text,
          true,
        );
      },
      (i) => ({ id: `U3.${i + 1}` }),
    );
    ask(b, "governmentFunds.text", "政府性基金说明", "资金用途的文字说明（可选；没有就 /skip）", text, true);
    figures(b, "governmentFunds.figures", "F3");
  }

  b.section = "performance";
  ask(b, "performance.intro", "绩效情况概述", "四、部门整体支出绩效情况：请写一段总体概述。", text);
  list(b, "performance.sections", "绩效情况小节", "还有要写的小节吗（如㈠㈡㈢）？（是/否）", (i) => {
    ask(b, `performance.sections.${i}.title`, `小节${i + 1}标题`, `第 ${i + 1} 小节的标题？`, short);
    ask(
      b,
      `performance.sections.${i}.text`,
      `小节${i + 1}正文`,
      "这一小节的正文（数字在下面逐个记录）：",
      text,
    );
    figures(b, `performance.sections.${i}.figures`, `F4.${i + 1}`);
  });

  b.section = "basicData";
  ask(
    b,
    "basicData.filledAt",
    "附件1-1 填报时间",
    "附件1-1 填报时间（可选，例如 2021年5月20日；没有就 /skip）",
    short,
    true,
  );
  ask(b, "basicData.filler", "填表人", "填表人（可选；没有就 /skip）", short, true);
  ask(b, "basicData.phone", "联系电话", "联系电话（可选；没有就 /skip）", short, true);
  ask(b, "basicData.establishment", "编制数", "编制数（人）？", people);
  ask(b, "basicData.actualStaff", "实际在职人数", "实际在职人数？", people);
  ask(b, "basicData.controlRate", "控制率", "表中所填的控制率？（例如 94.74%）", { kind: "percent" });
  for (const [key, label] of BASIC_DATA_ROWS) {
    ask(b, `basicData.${key}`, label, `${label}${COLUMNS_PROMPT}`, { kind: "columns", unit: u });
  }
  for (const [key, label] of CATEGORIES) {
    ask(b, `basicData.${key}.columns`, label, `${label}${COLUMNS_PROMPT}`, { kind: "columns", unit: u });
    list(b, `basicData.${key}.items`, `${label}项目`, `${label}下面要列项目吗？（是/否）`, (i) => {
      ask(b, `basicData.${key}.items.${i}.name`, `${label}项目${i + 1}`, "项目名称？", short);
      ask(b, `basicData.${key}.items.${i}.columns`, `${label}项目${i + 1}金额`, `这个项目${COLUMNS_PROMPT}`, {
        kind: "columns",
        unit: u,
      });
    });
    const items = getAt(draft, `basicData.${key}.items`);
    if (closed.has(`basicData.${key}.items`) && Array.isArray(items) && items.length > 0) {
      ask(
        b,
        `basicData.${key}.itemsArePartial`,
        `${label}项目是否完整`,
        "上面列的是全部项目，还是“其中”的一部分？",
        {
          kind: "choice",
          options: ["全部", "其中一部分"],
          values: [undefined, true],
        },
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
    "厉行节约保障措施（可选；没有就 /skip）",
    text,
    true,
  );

  b.section = "selfEvaluation";
  ask(
    b,
    "selfEvaluation.filledAt",
    "附件1-2 填报时间",
    "附件1-2 填报时间（可选；没有就 /skip）",
    short,
    true,
  );
  ask(b, "selfEvaluation.funds.initialBudget", "年初预算数", `年度资金总额：年初预算数？（${u}）`, money(b));
  ask(b, "selfEvaluation.funds.fullBudget", "全年预算数", `全年预算数？（${u}）`, money(b));
  ask(b, "selfEvaluation.funds.executed", "全年执行数", `全年执行数？（${u}）`, money(b));
  ask(
    b,
    "selfEvaluation.funds.executionRate",
    "执行率",
    "表中所填的执行率？（例如 100%）",
    { kind: "percent" },
    true,
  );
  ask(
    b,
    "selfEvaluation.funds.weight",
    "执行率分值",
    "执行率的分值？（默认 10，用默认就 /skip）",
    { kind: "number" },
    true,
  );
  ask(
    b,
    "selfEvaluation.funds.declaredScore",
    "执行率自评得分",
    "执行率的自评得分？（没有就 /skip）",
    { kind: "number" },
    true,
  );
  for (const [key, label] of [
    ["generalBudget", "一般公共预算"],
    ["governmentFund", "政府性基金拨款"],
    ["nonTax", "纳入管理的非税收入拨款"],
    ["other", "其他资金"],
  ] as const) {
    ask(
      b,
      `selfEvaluation.byIncome.${key}`,
      `按收入性质：${label}`,
      `按收入性质分，${label}？（${u}）`,
      money(b),
    );
  }
  for (const [key, label] of [
    ["basic", "基本支出"],
    ["personnel", "其中：人员经费"],
    ["publicFunds", "公用经费"],
    ["project", "项目支出"],
  ] as const) {
    ask(
      b,
      `selfEvaluation.byExpense.${key}`,
      `按支出性质：${label}`,
      `按支出性质分，${label}？（${u}）`,
      money(b),
    );
  }
  ask(
    b,
    "selfEvaluation.goalsIntro",
    "年度目标引言",
    "年度总体目标前的引言（可选，例如：在本年度收支预算内，确保完成以下整体目标：；没有就 /skip）",
    text,
    true,
  );
  list(
    b,
    "selfEvaluation.goals",
    "年度目标",
    "还有年度目标要填吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.goals.${i}.text`, `目标${i + 1}`, `目标${i + 1}的内容？`, text);
      ask(
        b,
        `selfEvaluation.goals.${i}.plannedAmount`,
        `目标${i + 1}计划投入`,
        `目标${i + 1}计划投入多少？（${u}；没有就 /skip）`,
        money(b),
        true,
      );
      ask(
        b,
        `selfEvaluation.goals.${i}.link`,
        `目标${i + 1}关联`,
        `目标${i + 1}的计划投入与正文哪个数相同？（可选，写 =编号；没有就 /skip）`,
        { kind: "link", on: "goal" },
        true,
      );
    },
    (i) => ({ id: `G${i + 1}` }),
  );
  list(
    b,
    "selfEvaluation.goalsAchieved",
    "全年实际完成情况",
    "全年实际完成情况还有要写的吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.goalsAchieved.${i}`, `完成情况${i + 1}`, `完成情况第 ${i + 1} 条？`, text);
    },
  );
  LEVEL1.forEach((g, gi) => {
    const path = `selfEvaluation.indicators.${gi}`;
    ask(b, `${path}.weight`, `${g.name}分值`, `${g.name}的分值？（默认 ${g.weight}）`, { kind: "number" });
    ask(
      b,
      `${path}.declaredScore`,
      `${g.name}自评得分`,
      `${g.name}的自评得分？（表中留空就 /skip）`,
      { kind: "number" },
      true,
    );
    let counter = 0;
    list(
      b,
      `${path}.subgroups`,
      `${g.name}的二级指标`,
      `${g.name}还有二级指标要填吗（如数量指标、质量指标）？（是/否）`,
      (si) => {
        ask(b, `${path}.subgroups.${si}.name`, `${g.name}二级指标${si + 1}`, "二级指标名称？", short);
        const rows = getAt(draft, `${path}.subgroups.${si}.rows`);
        const start = counter;
        list(
          b,
          `${path}.subgroups.${si}.rows`,
          "三级指标",
          "这个二级指标下还有三级指标吗？（是/否）",
          (ri) => {
            const rp = `${path}.subgroups.${si}.rows.${ri}`;
            const name = (getAt(draft, `${rp}.name`) as string | undefined) ?? "";
            const expected = rowExpected(name, u);
            ask(
              b,
              `${rp}.name`,
              `${g.prefix}${start + ri + 1}`,
              "三级指标名称（照表填写，例如：资金直补受益移民（人））？",
              short,
            );
            ask(
              b,
              `${rp}.target`,
              `${g.prefix}${start + ri + 1} 指标值`,
              "指标值？（例如 23330人、90%、2020年3月底前）",
              expected,
            );
            const target = getAt(draft, `${rp}.target`) as { kind?: string } | undefined;
            if (target && target.kind !== "date" && target.kind !== "text") {
              ask(
                b,
                `${rp}.rule`,
                `${g.prefix}${start + ri + 1} 计分方向`,
                "完成值越高越好，还是越低越好？",
                {
                  kind: "choice",
                  options: ["越高越好", "越低越好"],
                  values: [">=", "<="],
                },
              );
            }
            ask(
              b,
              `${rp}.actual`,
              `${g.prefix}${start + ri + 1} 完成值`,
              "完成值？",
              target?.kind === "date" ? { kind: "date" } : target?.kind === "text" ? text : expected,
            );
            if (needsTier(getAt(draft, rp))) {
              ask(
                b,
                `${rp}.assessment`,
                `${g.prefix}${start + ri + 1} 档次`,
                "这一行按档次计分：达成（100–80%）、部分达成（80–60%）还是未达成（60–0%）？可加百分比，例如：部分达成 70（不选就 /skip，暂按部分达成计）",
                { kind: "tier" },
                true,
              );
            }
            ask(
              b,
              `${rp}.link`,
              `${g.prefix}${start + ri + 1} 关联`,
              "（可选）完成值或指标值与正文哪个数相同？写 完成值=编号 或 指标值=编号；没有就 /skip",
              { kind: "link", on: "row" },
              true,
            );
          },
          (ri) => ({ id: `${g.prefix}${start + ri + 1}` }),
        );
        counter += Array.isArray(rows) ? rows.length : 0;
      },
    );
  });
  ask(
    b,
    "selfEvaluation.declaredTotal",
    "自评总分",
    "表中所填的总分？（没有就 /skip）",
    { kind: "number" },
    true,
  );
  ask(
    b,
    "selfEvaluation.declaredGrade",
    "综合评定等级",
    "表中所填的综合评定等级？（没有就 /skip）",
    { kind: "choice", options: ["优秀", "良好", "较差", "差"] },
    true,
  );
  list(
    b,
    "selfEvaluation.explanation.deviations",
    "说明：偏差及原因分析",
    "“说明”栏的偏差及原因分析还有要写的吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.explanation.deviations.${i}`, `偏差说明${i + 1}`, `第 ${i + 1} 条？`, text);
    },
  );
  list(
    b,
    "selfEvaluation.explanation.measures",
    "说明：改进措施",
    "“说明”栏的改进措施还有要写的吗？（是/否）",
    (i) => {
      ask(b, `selfEvaluation.explanation.measures.${i}`, `改进措施说明${i + 1}`, `第 ${i + 1} 条？`, text);
    },
  );

  b.section = "narrative";
  b.out.push(...causeQuestions(deviations));
  list(
    b,
    "problems",
    "五、存在的问题",
    "“五、存在的问题及原因分析”还有要写的吗？（是/否；也可以用 /draft 起草）",
    (i) => {
      ask(b, `problems.${i}`, `问题${i + 1}`, `第 ${i + 1} 条？`, text);
    },
  );
  list(b, "improvements", "六、改进措施", "“六、下一步改进措施”还有要写的吗？（是/否）", (i) => {
    ask(b, `improvements.${i}`, `措施${i + 1}`, `第 ${i + 1} 条？`, text);
  });
  ask(
    b,
    "otherNotes.text",
    "七、其他需要说明的情况",
    "七、其他需要说明的情况（可选；没有就 /skip）",
    text,
    true,
  );
  ask(
    b,
    "otherNotes.statedGrade",
    "第七部分所写等级",
    "第七部分写明的自评等级？（没有就 /skip）",
    { kind: "choice", options: ["优秀", "良好", "较差", "差"] },
    true,
  );
  return b.out;
}
