import type { MoneyUnit } from "../money.js";
import type { Expected } from "../parse.js";
import { type Draft, getAt } from "./draft.js";

/** What a question accepts: a typed value (the core parser), yes/no, or one of a few options. */
export type Answer = Expected | { kind: "yesno" } | { kind: "choice"; options: readonly string[] };

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
}

export const SECTIONS = [
  { id: "unit", title: "基本信息" },
  { id: "profile", title: "一、单位基本情况" },
  { id: "budget", title: "二、一般公共预算支出情况" },
] as const;
export type SectionId = (typeof SECTIONS)[number]["id"];

type Builder = { section: SectionId; moneyUnit: MoneyUnit; out: Question[] };

function ask(b: Builder, key: string, label: string, prompt: string, answer: Answer, optional = false): void {
  b.out.push({ key, section: b.section, label, prompt, answer, optional });
}

const money = (b: Builder): Expected => ({ kind: "money", unit: b.moneyUnit });
const people: Expected = { kind: "count", units: ["人"] };

/**
 * A list the user fills item by item: the questions of each item so far, then "another one?".
 * `closed` holds the lists the user has finished.
 */
function list(
  b: Builder,
  draft: Draft,
  closed: ReadonlySet<string>,
  path: string,
  label: string,
  addPrompt: string,
  item: (i: number) => void,
): void {
  const items = getAt(draft, path);
  const n = Array.isArray(items) ? items.length : 0;
  for (let i = 0; i < n; i++) item(i);
  if (!closed.has(path)) {
    b.out.push({
      key: `${path}.+`,
      section: b.section,
      label,
      prompt: addPrompt,
      answer: { kind: "yesno" },
      optional: false,
      list: path,
    });
  }
}

/** An amount with its items (工资福利支出 = 基本工资 + 津贴补贴 + …). */
function amountWithItems(
  b: Builder,
  draft: Draft,
  closed: ReadonlySet<string>,
  path: string,
  name: string,
): void {
  const unit = b.moneyUnit;
  ask(b, `${path}.amount`, name, `${name}合计多少？（${unit}）`, money(b));
  list(b, draft, closed, `${path}.items`, `${name}明细`, `${name}还有明细要填吗？（是/否）`, (i) => {
    ask(
      b,
      `${path}.items.${i}.name`,
      `${name}明细${i + 1}名称`,
      `${name}第 ${i + 1} 项明细的名称？（例如：基本工资）`,
      { kind: "text", maxLength: 60 },
    );
    ask(b, `${path}.items.${i}.amount`, `${name}明细${i + 1}金额`, `这一项多少？（${unit}）`, money(b));
  });
}

/**
 * The questions, in the form's order, for the draft as it stands: lists expand with the items the user
 * added, and conditional questions appear only when they apply.
 */
export function questionsFor(draft: Draft, closed: ReadonlySet<string>): Question[] {
  const moneyUnit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const out: Question[] = [];
  const b: Builder = { section: "unit", moneyUnit, out };

  ask(b, "unit.name", "单位名称", "请输入单位全称（例如：衡阳县库区移民事务中心）", {
    kind: "text",
    maxLength: 100,
  });
  ask(b, "unit.year", "年度", "自评哪一年度？（例如：2020）", { kind: "number", integer: true });
  ask(b, "unit.moneyUnit", "金额单位", "金额用什么单位填报？", { kind: "choice", options: ["万元", "元"] });

  b.section = "profile";
  ask(b, "profile.functions", "主要职能", "一、单位基本情况：请简述单位的主要职能。", { kind: "text" });
  ask(b, "profile.institutions", "机构情况", "机构情况：内设哪些机构？", { kind: "text" });
  ask(b, "profile.staff.actual", "实有在编工作人员", "单位现实有在编工作人员多少人？", people);
  list(
    b,
    draft,
    closed,
    "profile.staff.breakdown",
    "人员分类",
    "在编人员要按类别列出吗（如参公、非参公）？（是/否）",
    (i) => {
      ask(
        b,
        `profile.staff.breakdown.${i}.name`,
        `人员类别${i + 1}`,
        `第 ${i + 1} 类人员的名称？（例如：参照公务员法管理事业人员）`,
        { kind: "text", maxLength: 60 },
      );
      ask(b, `profile.staff.breakdown.${i}.count`, `人员类别${i + 1}人数`, "这一类多少人？", people);
    },
  );
  ask(b, "profile.staff.retirees", "离退休人员", "年末实有离退休人员多少人？（没有可 /skip）", people, true);

  b.section = "budget";
  const u = moneyUnit;
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
  amountWithItems(b, draft, closed, "basicExpenditure.wages", "工资福利支出");
  amountWithItems(b, draft, closed, "basicExpenditure.goodsAndServices", "商品和服务支出");
  amountWithItems(b, draft, closed, "basicExpenditure.householdSubsidies", "对个人和家庭补助支出");
  ask(b, "threePublic.amount", "“三公经费”", `本年“三公经费”多少？（${u}）`, money(b));
  ask(b, "threePublic.change.direction", "三公经费同比", "与上年相比是增加、减少还是持平？", {
    kind: "choice",
    options: ["增加", "减少", "持平"],
  });
  if (getAt(draft, "threePublic.change.direction") !== "持平") {
    ask(b, "threePublic.change.amount", "三公经费同比变动额", `同比变动了多少？（${u}，填正数）`, money(b));
    ask(b, "threePublic.change.rate", "三公经费同比变动率", "变动率是多少？（例如 4.17%）", {
      kind: "percent",
    });
  }
  list(b, draft, closed, "projects", "项目支出", "㈡项目支出：还有项目要填吗？（是/否）", (i) => {
    ask(b, `projects.${i}.name`, `项目${i + 1}名称`, `第 ${i + 1} 个项目的名称？`, {
      kind: "text",
      maxLength: 100,
    });
    ask(b, `projects.${i}.amount`, `项目${i + 1}金额`, `这个项目的金额？（${u}）`, money(b));
    list(
      b,
      draft,
      closed,
      `projects.${i}.items`,
      `项目${i + 1}明细`,
      "这个项目要列明细吗？（是/否）",
      (j) => {
        ask(b, `projects.${i}.items.${j}.name`, `项目${i + 1}明细${j + 1}名称`, `明细 ${j + 1} 的名称？`, {
          kind: "text",
          maxLength: 60,
        });
        ask(
          b,
          `projects.${i}.items.${j}.amount`,
          `项目${i + 1}明细${j + 1}金额`,
          `这一项多少？（${u}）`,
          money(b),
        );
      },
    );
  });
  return out;
}
