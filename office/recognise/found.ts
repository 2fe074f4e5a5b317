/**
 * What the recognisers share: the list of what was found (a place of the report once, at its first
 * sighting), the figure parser of the core applied to what a cell or a sentence says, and how a form's
 * label is cleaned of its numbering.
 */
import type { ImportedItem } from "../../core/imported.js";
import type { MoneyUnit } from "../../core/money.js";
import { parseAnswer } from "../../core/parse.js";
import type { Quantity } from "../../core/quantity.js";

export class Found {
  readonly items: ImportedItem[] = [];
  readonly unplaced: { where: string; text: string; figures?: string }[] = [];
  private readonly paths = new Set<string>();
  constructor(public moneyUnit: MoneyUnit = "万元") {}

  has(path: string): boolean {
    return this.paths.has(path);
  }

  add(item: ImportedItem): void {
    if (this.paths.has(item.path)) return;
    this.paths.add(item.path);
    this.items.push(item);
  }

  text(path: string, label: string, text: string, where: string): void {
    const t = text.trim();
    if (t !== "") this.add({ path, label, value: t, raw: t, where, kind: "text" });
  }

  /** An amount as the core reads it, in the report's money unit; false when it is not one. */
  money(path: string, label: string, raw: string, where: string): boolean {
    const v = moneyValue(raw, this.moneyUnit);
    if (v === null) return false;
    this.add({ path, label, value: v, raw: raw.trim(), where, kind: "figure" });
    return true;
  }

  /** A plain decimal (a count of people, a weight, a score, a percent without its sign). */
  decimal(path: string, label: string, raw: string, where: string): boolean {
    const v = plainDecimal(raw);
    if (v === null) return false;
    this.add({ path, label, value: v, raw: raw.trim(), where, kind: "figure" });
    return true;
  }

  /** An indicator's 指标值 or 完成值: a number with its unit, a percent, a date as written, else text. */
  quantity(path: string, label: string, raw: string, where: string): void {
    const q = quantityValue(raw, this.moneyUnit);
    this.add({ path, label, value: q, raw: raw.trim(), where, kind: q.kind === "text" ? "text" : "figure" });
  }
}

/** "352.29万元", "352.29", "1,382.28" → "352.29" in the report's unit; null if it is not an amount. */
export function moneyValue(raw: string, unit: MoneyUnit): string | null {
  const t = raw.trim().replace(/^[（(]?(其中|合计|共计)[:：]?/, "");
  if (!/\d/.test(t)) return null;
  const r = parseAnswer(t, { kind: "money", unit });
  return r.ok && r.value.kind === "money" ? r.value.value : null;
}

/** "18", "18人", "100.00%", "10.00" → the decimal as written; null otherwise. */
export function plainDecimal(raw: string): string | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:%|％|人|分)?\s*$/.exec(raw.normalize("NFKC"));
  return m ? (m[1] as string) : null;
}

/** A 指标值 or 完成值 ("≥98%", "23330人", "2020年3月底前", "达成"): the core's quantity, else its text. */
export function quantityValue(raw: string, unit: MoneyUnit): Quantity {
  const t = raw.trim().replace(/^[≥≤><＞＜]=?\s*/, "");
  const r = parseAnswer(t, { kind: "quantity", moneyUnit: unit });
  return r.ok ? r.value : { kind: "text", text: raw.trim() };
}

/** A form's row label without its numbering and "其中：": "　　其中：1、压缩一般性支出" → "压缩一般性支出". */
export function bareLabel(s: string): string {
  let t = s.normalize("NFKC").replace(/[\s\u3000]+/g, "");
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/^其中[:：]?/, "")
      .replace(/^(?:(?:[一二三四五六七八九十]+|\d+)[、.．](?!\d)|[⒈-⒛]|[㈠-㈩])/, "")
      .replace(/^[（(](?:[一二三四五六七八九十]+|\d+)[)）]/, "");
  }
  return t;
}
