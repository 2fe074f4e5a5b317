import { isBlankCell, parseTable } from "../../core/bulk.js";
import type { MoneyUnit } from "../../core/money.js";
import { type Expected, parseAnswer } from "../../core/parse.js";
import { formatQuantity, type Quantity } from "../../core/quantity.js";
import { directionFromName, splitDirection } from "../../core/target.js";
import { type Built, refusal } from "./bulkLists.js";
import { type Draft, getAt } from "./draft.js";
import { BASIC_DATA_ROWS, CATEGORIES } from "./plan/basicData.js";
import { LEVEL1, rowValues } from "./plan/index.js";
import type { Batch } from "./state.js";

/**
 * A table pasted from Excel or WPS: 附件1-1 (rows found by their names, three columns each, the projects
 * under a category, 编制数 and 控制率) or the indicator rows of 附件1-2 (一级, 二级, 三级指标, 指标值, 完成值,
 * with or without a header; cells merged in Excel come over blank and take the value above). Every figure
 * is read by the core's parser; nothing is stored before the user confirms.
 */

const key = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/\s+|其中|[:：“”"]/gu, "")
    .replace(/^[一二三四五六七八九十\d]+[、.]/u, "");

const ROWS = new Map<string, string>([
  ...BASIC_DATA_ROWS.map(([k, l]) => [key(l), k] as [string, string]),
  ...CATEGORIES.map(([k, l]) => [key(l), `${k}.columns`] as [string, string]),
  [key("政府采购金额"), "procurement"],
  [key("公车运行维护费"), "vehicleOperation"],
  [key("公车购置费"), "vehiclePurchase"],
  [key("公务接待费"), "reception"],
  [key("出国经费"), "abroad"],
  [key("因公出国(境)费"), "abroad"],
  [key("三公经费"), "threePublic"],
]);
const HEADS: [RegExp, string, Expected | "percent"][] = [
  [/^编制数/u, "establishment", { kind: "count", units: ["人"] }],
  [/^实际在职人数|^在职人数/u, "actualStaff", { kind: "count", units: ["人"] }],
  [/控制率$/u, "controlRate", "percent"],
];

/** 附件1-1 pasted whole (or a part of it): null when fewer than two of its rows are recognised. */
export function basicDataTable(draft: Draft, at: string, text: string): Built | null {
  const table = parseTable(text);
  if (!table) return null;
  const unit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const b: Batch = { at, rows: [], sets: [], scopes: [], blank: [], closed: [] };
  const errors: string[] = [];
  let category: string | null = null;
  const items = new Map<string, { name: string; columns: Record<string, string> }[]>();
  const partial = new Set<string>();
  let recognised = 0;
  for (const cells of table) {
    const label = cells[0] ?? "";
    const rest = cells.slice(1);
    const head = headPairs(cells);
    if (head.length > 0) {
      for (const [field, value, expected] of head) {
        const r = parseAnswer(value, expected === "percent" ? { kind: "percent" } : expected);
        if (!r.ok) errors.push(`${label}：${r.error.message}`);
        else
          set(
            b,
            `basicData.${field}`,
            (r.value as { value: string }).value,
            `${field === "controlRate" ? "控制率" : field === "establishment" ? "编制数" : "实际在职人数"}  ${value}`,
          );
      }
      recognised++;
      continue;
    }
    if (
      /^(?:项目|科目|本年决算数|单位)/u.test(key(label)) ||
      rest.every((c) => /决算|预算|金额|单位/u.test(c))
    )
      continue;
    const field = ROWS.get(key(label));
    const columns = readRow(rest, unit);
    if (typeof columns === "string") {
      if (field || category) errors.push(`“${label}”：${columns}`);
      continue;
    }
    if (field) {
      recognised++;
      category = field.endsWith(".columns") ? field.slice(0, -".columns".length) : null;
      if (category) items.set(category, items.get(category) ?? []);
      set(b, `basicData.${field}`, columns, `${label}  ${shownColumns(columns)}`);
    } else if (category) {
      const name = label.replace(/^其中\s*[:：]?\s*/u, "").trim();
      if (name !== label.trim()) partial.add(category);
      items.get(category)?.push({ name, columns });
      b.rows.push(`  ${category === null ? "" : ""}${name}  ${shownColumns(columns)}`);
    }
  }
  if (recognised < 2) return null;
  if (errors.length > 0) return { ok: false, message: refusal(errors) };
  for (const [cat, list] of items) {
    const path = `basicData.${cat}.items`;
    set(b, path, list, null);
    b.closed.push(path);
    if (list.length > 0) {
      if (partial.has(cat)) set(b, `basicData.${cat}.itemsArePartial`, true, null);
      else b.blank.push(`basicData.${cat}.itemsArePartial`);
    }
  }
  return { ok: true, batch: b };
}

function set(b: Batch, k: string, value: unknown, row: string | null): void {
  b.sets.push({ key: k, value });
  b.scopes.push(k);
  if (row !== null) b.rows.push(row);
}

/** "编制数 19 实际在职人数 18 控制率 94.74%": the header fields of 附件1-1, label and value in turn. */
function headPairs(cells: string[]): [string, string, Expected | "percent"][] {
  const out: [string, string, Expected | "percent"][] = [];
  for (let i = 0; i + 1 < cells.length; i += 2) {
    const h = HEADS.find(([re]) => re.test(key(cells[i] as string)));
    if (!h) return [];
    out.push([h[1], cells[i + 1] as string, h[2]]);
  }
  return out;
}

/** The three columns of a row: blanks are "-", "—" or an empty cell. */
function readRow(cells: string[], unit: MoneyUnit): Record<string, string> | string {
  const filled = cells.filter((c) => c !== "");
  const cols = filled.length === 3 || cells.length < 3 ? filled : cells.slice(0, 3);
  if (cols.length === 0) return {};
  if (cols.length !== 3)
    return `应有三个数（本年决算数、本年预算数、上年决算数），空着的格写 -；现在是 ${cols.length} 个`;
  const out: Record<string, string> = {};
  const keys = ["current", "budget", "prior"];
  for (let i = 0; i < 3; i++) {
    const c = cols[i] as string;
    if (isBlankCell(c)) continue;
    const r = parseAnswer(c, { kind: "money", unit });
    if (!r.ok) return `第 ${i + 1} 个数：${r.error.message}`;
    out[keys[i] as string] = (r.value as { value: string }).value;
  }
  return out;
}

const shownColumns = (c: Record<string, string>) =>
  [c.current, c.budget, c.prior].map((x) => x ?? "-").join(" / ");

/** Column positions of the indicator table, from its header or its width. */
function columnsOf(header: string[] | null, width: number): Record<string, number> {
  if (header) {
    const find = (re: RegExp) => header.findIndex((h) => re.test(h));
    return {
      l1: find(/一级/u),
      l2: find(/二级/u),
      name: find(/三级/u),
      target: find(/指标值|目标值/u),
      actual: find(/完成值|实际/u),
      weight: find(/分值|权重/u),
      score: find(/得分/u),
    };
  }
  const base = width - 5;
  return {
    l1: base,
    l2: base + 1,
    name: base + 2,
    target: base + 3,
    actual: base + 4,
    weight: -1,
    score: -1,
  };
}

type Row = Record<string, unknown>;

/** The indicator rows of 附件1-2 pasted as a table: the groups it names are filled (those still empty). */
export function indicatorTable(draft: Draft, at: string, text: string): Built | null {
  const table = parseTable(text);
  if (!table || table.length < 2) return null;
  const unit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const headerAt = table.findIndex((r) => r.some((c) => /三级指标|指标值/u.test(c)));
  const header = headerAt >= 0 ? (table[headerAt] as string[]) : null;
  const body = table.slice(headerAt + 1);
  const width = header ? header.length : Math.max(...body.map((r) => r.length));
  if (width < 4) return null;
  const col = columnsOf(header, Math.min(width, 5));
  const groups = LEVEL1.map(() => [] as { name: string; rows: Row[] }[]);
  const errors: string[] = [];
  const rows: string[] = [];
  let above: string[] = [];
  let counted = 0;
  for (const raw of body) {
    // cells merged in Excel come over blank (tabs) or missing (spaces): they take the value above
    const cells = raw.length < width ? [...above.slice(0, width - raw.length), ...raw] : [...raw];
    cells.forEach((c, i) => {
      if (c === "" && i < (col.name as number)) cells[i] = above[i] ?? "";
    });
    above = cells;
    const name = cells[col.name as number] ?? "";
    if (!name) continue;
    const gi = LEVEL1.findIndex((g) => (cells[col.l1 as number] ?? "").includes(g.name.slice(0, 2)));
    if (gi < 0) {
      errors.push(`“${name}”：第一列应为一级指标（产出指标、效益指标或满意度指标）`);
      continue;
    }
    const sub = cells[col.l2 as number] || "（未写二级指标）";
    const list = groups[gi] as { name: string; rows: Row[] }[];
    let sg = list.find((x) => x.name === sub);
    if (!sg) {
      sg = { name: sub, rows: [] };
      list.push(sg);
    }
    const id = `${LEVEL1[gi]?.prefix}${list.reduce((n, x) => n + x.rows.length, 0) + 1}`;
    const row = readIndicator(
      name,
      cells[col.target as number] ?? "",
      cells[col.actual as number] ?? "",
      unit,
      errors,
    );
    if (!row) continue;
    const extra = (c: number | undefined, k: string) => {
      const v = c !== undefined && c >= 0 ? cells[c] : undefined;
      if (v && !isBlankCell(v)) {
        const r = parseAnswer(v, { kind: "number", max: 100, unit: "分" });
        if (r.ok) row[k] = (r.value as { value: string }).value;
        else errors.push(`“${name}”${k === "weight" ? "分值" : "得分"}：${r.error.message}`);
      }
    };
    extra(col.weight, "weight");
    extra(col.score, "declaredScore");
    sg.rows.push({ id, name, ...row });
    counted++;
    rows.push(`${LEVEL1[gi]?.name} › ${sub} › ${id} ${name}：${describe(row)}`);
  }
  if (counted === 0) return null;
  if (errors.length > 0) return { ok: false, message: refusal(errors) };
  const b: Batch = { at, rows, sets: [], scopes: [], blank: [], closed: [] };
  groups.forEach((list, gi) => {
    if (list.length === 0) return;
    const path = `selfEvaluation.indicators.${gi}.subgroups`;
    const have = getAt(draft, path);
    if (Array.isArray(have) && have.length > 0) {
      errors.push(`${LEVEL1[gi]?.name}已经填了 ${have.length} 个二级指标；要重填请先用 /edit 修改`);
      return;
    }
    b.sets.push({ key: path, value: list });
    b.scopes.push(path);
    b.closed.push(path, ...list.map((_, si) => `${path}.${si}.rows`));
  });
  if (errors.length > 0) return { ok: false, message: refusal(errors) };
  return { ok: true, batch: b };
}

const RULE_WORDS: Record<string, string> = {
  ">=": "越高越好",
  "<=": "越低越好",
  deadline: "按时限",
  qualitative: "定性",
};

function describe(row: Row): string {
  const t = row.target as Quantity;
  const a = row.actual as Quantity | null | undefined;
  const rule = typeof row.rule === "string" ? RULE_WORDS[row.rule] : "方向待定";
  return `指标值 ${formatQuantity(t)}（${rule}），完成值 ${a ? formatQuantity(a) : "待填"}`;
}

/** A row's 指标值 (its direction read from it or from the name) and 完成值, read as the questionnaire reads them. */
export function readIndicator(
  name: string,
  targetText: string,
  actualText: string,
  unit: MoneyUnit,
  errors: string[],
): Row | null {
  const values = rowValues(name, unit);
  const split = splitDirection(targetText);
  const target = readRowValue(split.value, values, errors, `“${name}”指标值`);
  if (!target) return null;
  let rule: string | undefined;
  if (target.kind === "date") rule = "deadline";
  else if (target.kind === "text") rule = "qualitative";
  else {
    const zero = "value" in target && Number(target.value) === 0;
    rule = split.direction ?? directionFromName(name, zero) ?? undefined;
  }
  let actual: Quantity | null = null;
  if (actualText && !isBlankCell(actualText)) {
    const expected: typeof values =
      target.kind === "date"
        ? { expected: { kind: "date" } }
        : target.kind === "text"
          ? { expected: { kind: "text" } }
          : values;
    actual = readRowValue(actualText, expected, errors, `“${name}”完成值`);
    if (!actual) return null;
  }
  return { target, ...(rule && { rule }), ...(actual && { actual }) };
}

/** One value of a row, with the rate its name gives ("0.37" in a 元/页 row is 0.37元/页). */
export function readRowValue(
  text: string,
  values: ReturnType<typeof rowValues>,
  errors: string[],
  what: string,
): Quantity | null {
  const r = parseAnswer(text, values.expected);
  if (!r.ok) {
    errors.push(`${what}：${r.error.message}`);
    return null;
  }
  const q = r.value;
  const per = values.per;
  if (!per) return q;
  if (q.kind === "number") return { kind: "money", value: q.value, unit: per.unit, per: per.per };
  if (q.kind === "money" && q.unit === per.unit && (q.per === undefined || q.per === per.per))
    return { ...q, per: per.per };
  errors.push(`${what}：单位应为${per.unit}/${per.per}，例如 0.37${per.unit}/${per.per}`);
  return null;
}
