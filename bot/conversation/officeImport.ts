import { type ImportedFile, type ImportedItem, isFigure } from "../../core/imported.js";
import { formatQuantity, type Quantity } from "../../core/quantity.js";
import { type Draft, getAt, materialize, setAt } from "./draft.js";
import { prefill } from "./prefill.js";
import { seedFromLastYear } from "./seed.js";
import type { EngineState, Outcome, PendingImport, Reply } from "./state.js";
import { status } from "./status.js";

/**
 * A Word or Excel file read in (office/ recognised it): what it holds is shown figure by figure with
 * where it was found, and nothing fills the report until the user confirms — all, some by number, or
 * none. Last year's file (its year is the report's year − 1, or a Word report when the year is not known
 * yet) is last year's report: the confirmed part is transcribed and seeded as /seed does (上年决算数 from
 * its 决算数, the indicator tree with its targets, the names of items and projects); a file of the report's
 * own year fills the places it names. Passages with figures that have no place are offered for manual
 * entry.
 */
export const CONFIRM_OPTIONS = ["全部采用", "放弃"];
export const CONFIRM_INPUTS = ["/confirm 全部", "/confirm 放弃"];
const SHOWN = 60;
const SUPPORT = /^profile\.staff\.breakdown\.\d+\.count$|\.figures\.\d+(\.items\.\d+)*\.value$/;

const same = (s: EngineState, replies: Reply[]): Outcome => ({ state: s, replies, changes: [] });

/** A file's contents arrive: what it holds, to confirm. */
export function offerImport(s: EngineState, file: string, found: ImportedFile): Outcome {
  const year = getAt(s.draft, "unit.year");
  const reportYear = typeof year === "number" && year > 0 ? year : null;
  const fy = found.year ?? null;
  let mode: PendingImport["mode"];
  if (reportYear !== null && fy !== null && fy !== reportYear && fy !== reportYear - 1)
    return same(s, [
      {
        text: `“${file}”是${fy}年度的，当前报告是${reportYear}年度：只能导入上一年度（${reportYear - 1}年）的报告作起点，或本年度的决算、自评表。`,
      },
    ]);
  if (reportYear !== null && fy !== null) mode = fy === reportYear ? "thisYear" : "lastYear";
  else mode = found.format === "docx" ? "lastYear" : "thisYear";
  const figures = found.items.filter(
    (i) => i.kind === "figure" && isFigure(i.value) && usedAs(i, mode) !== null,
  );
  const texts = found.items.filter(
    (i) => !figures.includes(i) && (mode === "thisYear" || usedAs(i, mode) !== null),
  );
  // last year's figures a transcription needs to be a report, that the seed then clears (counts, figures' values)
  const support =
    mode === "lastYear"
      ? found.items.filter((i) => !figures.includes(i) && !texts.includes(i) && SUPPORT.test(i.path))
      : [];
  if (figures.length === 0 && texts.length === 0)
    return same(s, [
      {
        text: `没有从“${file}”中识别出报告的内容。请发送上年的自评报告（.docx，含附件1-1、附件1-2），或含附件1-1、附件1-2、决算数的工作簿（.xlsx）。`,
      },
    ]);
  const pending: PendingImport = {
    file,
    mode,
    fileYear: fy,
    year: reportYear ?? (fy === null ? null : mode === "lastYear" ? fy + 1 : fy),
    unit: found.unit ?? null,
    moneyUnit: found.moneyUnit ?? null,
    figures,
    texts,
    support,
  };
  const state: EngineState = { ...s, officeImport: pending };
  return same(state, [...manualEntry(found), importPrompt(pending)]);
}

/** What a figure becomes in this year's report: 上年决算数 and targets from last year's, itself otherwise. */
function usedAs(i: ImportedItem, mode: PendingImport["mode"]): string | null {
  if (mode === "thisYear") return "本年数";
  if (/^basicData\..*\.current$/.test(i.path)) return "上年决算数";
  if (/\.rows\.\d+\.target$/.test(i.path)) return "指标值";
  if (/^selfEvaluation\.indicators\.\d+\.weight$/.test(i.path)) return "分值";
  if (
    i.kind === "text" &&
    /\.(name|label|title|id|rule|note|itemsArePartial)$|^profile\.(functions|institutions)$/.test(i.path)
  )
    return "结构";
  return null;
}

const valueText = (v: ImportedItem["value"]) => (typeof v === "string" ? v : formatQuantity(v as Quantity));

/** The figures to confirm, one a line with where each was found, and how to answer. */
export function importPrompt(p: PendingImport): Reply {
  const what =
    p.mode === "lastYear"
      ? `按${p.fileYear ?? "上"}年度报告导入，作为${p.year ?? "本"}年度的起点（决算数转为上年决算数，沿用指标和指标值）`
      : `按${p.year ?? "本"}年度数据导入`;
  const lines = p.figures.slice(0, SHOWN).map((i, n) => {
    const as = p.mode === "lastYear" ? `→${usedAs(i, p.mode)}` : "";
    return `${n + 1}. ${i.label}：${valueText(i.value)}${as}（${i.where}）`;
  });
  const more =
    p.figures.length > SHOWN ? [`……另有 ${p.figures.length - SHOWN} 个数字（回复“全部”一并采用）`] : [];
  const names =
    p.texts.length > 0
      ? [`另有名称、文字 ${p.texts.length} 项（项目、指标、明细的名称等），随确认一并采用。`]
      : [];
  return {
    text: [
      `从“${p.file}”识别出 ${p.figures.length} 个数字，${what}。请逐项核对：`,
      ...lines,
      ...more,
      ...names,
      "回复“全部”采用全部；回复编号只采用其中几项（例如 1-5 8）；回复“放弃”不导入。确认之前报告不会改动。",
    ].join("\n"),
    options: CONFIRM_OPTIONS,
    inputs: CONFIRM_INPUTS,
  };
}

/** Passages whose figures have no place in the form: entered by hand. */
function manualEntry(found: ImportedFile): Reply[] {
  const notes = (found.notes ?? []).map((text) => ({ text }));
  if (found.unplaced.length === 0) return notes;
  const cut = (t: string) => (t.length > 60 ? `${t.slice(0, 60)}……` : t);
  return [
    ...notes,
    {
      text: [
        `以下 ${found.unplaced.length} 段文字中的数字没有对应的表格位置，不自动导入，请在相应问题中手工填写：`,
        ...found.unplaced.slice(0, 10).map((u) => `· ${u.where}：${cut(u.text)}`),
        ...(found.unplaced.length > 10 ? [`……另有 ${found.unplaced.length - 10} 段`] : []),
      ].join("\n"),
    },
  ];
}

/** Which figures an answer picks: "全部", "放弃", or numbers and ranges ("1-5 8"); null if it is none of these. */
export function pickFigures(answer: string, count: number): number[] | "none" | null {
  const t = answer.trim().replace(/^\/confirm\s*/, "");
  if (/^(全部|全部采用|全部确认|确认|是|all)$/i.test(t)) return Array.from({ length: count }, (_, i) => i);
  if (/^(放弃|取消|否|不导入|none)$/i.test(t)) return "none";
  if (!/^[\d\s,，、\-–~至]+$/.test(t)) return null;
  const out = new Set<number>();
  for (const part of t.split(/[\s,，、]+/).filter(Boolean)) {
    const m = /^(\d+)(?:\s*[-–~至]\s*(\d+))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[1]);
    for (let k = Math.min(a, b); k <= Math.max(a, b); k++) if (k >= 1 && k <= count) out.add(k - 1);
  }
  return out.size > 0 ? [...out].sort((x, y) => x - y) : null;
}

/** The answer to a pending import: apply what was picked, or drop it; null when the answer is not about it. */
export function resolveImport(s: EngineState, answer: string): Outcome | null {
  const p = s.officeImport;
  if (!p) return null;
  const picked = pickFigures(answer, p.figures.length);
  if (picked === null)
    return /^\/confirm/.test(answer.trim())
      ? same(s, [{ text: "请回复“全部”、编号（例如 1-5 8）或“放弃”。" }, importPrompt(p)])
      : null;
  const rest: EngineState = { ...s, officeImport: undefined };
  delete rest.officeImport;
  if (picked === "none") return same(rest, [{ text: `未导入“${p.file}”，报告没有改动。` }]);
  const items = [...picked.map((i) => p.figures[i] as ImportedItem), ...p.texts];
  const applied = p.mode === "thisYear" ? applyThisYear(rest, p, items) : applyLastYear(rest, p, items);
  if (!applied)
    return same(rest, [
      { text: `“${p.file}”的内容不完整，无法作为上年报告导入（例如缺少单位名称或年度）。报告没有改动。` },
    ]);
  return {
    state: applied,
    replies: [{ text: `已采用“${p.file}”中的 ${picked.length} 个数字。` }, status(applied, "")],
    changes: [],
  };
}

/** The file's year is the report's: each confirmed item fills its place. */
function applyThisYear(s: EngineState, p: PendingImport, items: ImportedItem[]): EngineState {
  let draft: Draft = s.draft;
  if (getAt(draft, "unit.name") === undefined && p.unit) draft = setAt(draft, "unit.name", p.unit);
  if (getAt(draft, "unit.year") === undefined && p.year) draft = setAt(draft, "unit.year", p.year);
  if (getAt(draft, "unit.moneyUnit") === undefined && p.moneyUnit)
    draft = setAt(draft, "unit.moneyUnit", p.moneyUnit);
  for (const i of items) draft = setAt(draft, i.path, storedValue(i));
  return prefill(s, draft, { asWritten: false });
}

/** Last year's report: the confirmed part transcribed, then seeded into this year's (what is answered stays). */
function applyLastYear(s: EngineState, p: PendingImport, items: ImportedItem[]): EngineState | null {
  const unit = (getAt(s.draft, "unit.name") as string | undefined) ?? p.unit;
  const moneyUnit = (getAt(s.draft, "unit.moneyUnit") as string | undefined) ?? p.moneyUnit ?? "万元";
  const fileYear = p.fileYear ?? (p.year === null ? null : p.year - 1);
  if (!unit || fileYear === null) return null;
  let last: Draft = { schemaVersion: 1, unit: { name: unit, year: fileYear, moneyUnit } };
  for (const i of [...p.support, ...items]) last = setAt(last, i.path, storedValue(i));
  last = shaped(last);
  const report = materialize(last);
  if (!report) return null;
  const seeded = seedFromLastYear(report);
  return prefill(s, underlay(s.draft, seeded) as Draft, { asWritten: false });
}

/**
 * What a transcription needs to be a report whatever was confirmed: a part of 四 its text, a project of
 * 附件1-1 its columns (the seed keeps only their titles, names and last year's 决算数).
 */
function shaped(d: Draft): Draft {
  let out = d;
  const fill = (list: string, key: string, value: unknown) => {
    const items = (getAt(out, list) as unknown[] | undefined) ?? [];
    items.forEach((_, k) => {
      if (getAt(out, `${list}.${k}.${key}`) === undefined) out = setAt(out, `${list}.${k}.${key}`, value);
    });
  };
  fill("performance.sections", "text", "");
  for (const c of ["business", "operation", "county"]) fill(`basicData.${c}.items`, "columns", {});
  return out;
}

/** `over` where it has a value, `under` elsewhere (answers already given win over the seed). */
function underlay(over: unknown, under: unknown): unknown {
  if (over === undefined) return under;
  if (Array.isArray(over) && Array.isArray(under))
    return Array.from({ length: Math.max(over.length, under.length) }, (_, i) => underlay(over[i], under[i]));
  if (over && under && typeof over === "object" && typeof under === "object" && !Array.isArray(over)) {
    const out: Record<string, unknown> = { ...(under as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) out[k] = underlay(v, (under as Record<string, unknown>)[k]);
    return out;
  }
  return over;
}

/** The value as the report stores it (a flag stays a boolean). */
function storedValue(i: ImportedItem): unknown {
  if (/\.itemsArePartial$/.test(i.path)) return true;
  return i.value;
}
