import { Dec } from "../core/money.js";
import type { DraftInput } from "./input.js";

/**
 * The grounding check: every number a draft states must be a number of its input — the same value,
 * or the same amount in the other money unit (1382.28万元 = 13822800元). Numbers are read in Arabic
 * digits (full-width digits count too); the prompt asks for Arabic digits only. List numbering is not
 * part of a draft's text (the renderer numbers the items), so a leading "1、" is not read as a figure.
 */

/**
 * A number as written, with the measure word right after it. A number written with a measure word must
 * match an input number with the same word (300人 is not grounded by 300个), or money in another unit.
 */
const UNITS =
  "万元|亿元|万人|万户|万亩|万次|万个|个月|人次|批次|公里|万|亿|元|%|人|个|户|起|座|处|宗|亩|项|次|家|所|分|天|KM|km|年|月|日";
const NUMBER = new RegExp(`(?<![\\d.])(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?\\s*(${UNITS})?`, "g");
const LIST_MARKER = /^\s*(?:\d+\s*[、.)](?!\d)|[（(]\d+[）)])\s*/;

function key(d: Dec): string {
  return d.toFixed();
}

/** Numbers in a text with their value as a canonical string (and the unit they were written with). */
export function numbersIn(text: string): { written: string; value: string; unit: string | null }[] {
  const out: { written: string; value: string; unit: string | null }[] = [];
  for (const m of text.normalize("NFKC").matchAll(NUMBER)) {
    const digits = `${(m[1] ?? "").replaceAll(",", "")}${m[2] ?? ""}`;
    out.push({ written: m[0].trim(), value: key(new Dec(digits)), unit: m[3] ?? null });
  }
  return out;
}

/** Values a draft may state, each with the measure words it was written with ("" = none). */
export type Allowed = Map<string, Set<string>>;

/** Every value a draft may state: each number of every input string, and money in the other unit too. */
export function allowedNumbers(input: DraftInput): Allowed {
  // the year and the next one (a measure may start "2021年起")
  const texts: string[] = [input.unit, `${input.year}年`, `${input.year + 1}年`, input.functions];
  for (const f of input.facts) {
    texts.push(
      f.indicator,
      f.target ?? "",
      f.actual ?? "",
      f.gap ?? "",
      f.gapPercent ?? "",
      f.scoreLost ?? "",
      f.cause ?? "",
    );
  }
  const allowed: Allowed = new Map();
  const add = (value: string, unit: string | null) => {
    const units = allowed.get(value) ?? new Set<string>();
    units.add(unit ?? "");
    allowed.set(value, units);
  };
  for (const t of texts) {
    for (const n of numbersIn(t)) {
      add(n.value, n.unit);
      const v = new Dec(n.value);
      if (n.unit === "万元" || n.unit === "万") {
        add(n.value, n.unit === "万" ? "万元" : "万");
        add(key(v.times(10_000)), "元");
      }
      if (n.unit === "亿元" || n.unit === "亿") add(key(v.times(100_000_000)), "元");
      if (n.unit === "元") add(key(v.dividedBy(10_000)), "万元");
    }
  }
  return allowed;
}

/**
 * Quantities written in Chinese numerals ("少二百九十二人", "九成"): the prompt asks for Arabic digits, and
 * such a number cannot be compared with the data, so it counts as ungrounded.
 */
const CHINESE_QUANTITY =
  /[零〇一二两三四五六七八九十百千万亿]{2,}(?:万元|亿元|元|人次|人|个|户|项|次|起|座|处|亩|成|倍|%|个月)|[一二三四五六七八九]成/g;

/** A sentence that states a number the input does not have. */
export interface Ungrounded {
  sentence: string;
  numbers: string[];
}

/** Splits text into sentences, keeping each sentence's closing punctuation. */
export function sentences(text: string): string[] {
  return (text.match(/[^。；;！？!?\n]+[。；;！？!?]?/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Whether one number of a draft is in the input: same value, and same measure word when both have one. */
export function isGrounded(n: { value: string; unit: string | null }, allowed: Allowed): boolean {
  const units = allowed.get(n.value);
  if (!units) return false;
  return n.unit === null || units.has("") || units.has(n.unit);
}

/** The sentences of `text` that state numbers not in `allowed`. */
export function ungroundedSentences(text: string, allowed: Allowed): Ungrounded[] {
  const out: Ungrounded[] = [];
  for (const s of sentences(text.replace(LIST_MARKER, ""))) {
    const bad = [
      ...numbersIn(s)
        .filter((n) => !isGrounded(n, allowed))
        .map((n) => n.written),
      ...(s.match(CHINESE_QUANTITY) ?? []),
    ];
    if (bad.length > 0) out.push({ sentence: s, numbers: bad });
  }
  return out;
}

/** Removes the given sentences from a text (the rest stays as written). */
export function dropSentences(text: string, drop: Ungrounded[]): string {
  const gone = new Set(drop.map((d) => d.sentence));
  return sentences(text.replace(LIST_MARKER, ""))
    .filter((s) => !gone.has(s))
    .join("");
}
