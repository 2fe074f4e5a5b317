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

/** Values with the measure words they were written with ("" = none). */
type Units = Map<string, Set<string>>;

/**
 * What a draft may state, by where the number came from:
 * - `figures`: the core's figures (targets, actual values, gaps, lost points) and the year, anywhere in
 *   the draft; a bare number matches any of them, and money also in the other unit;
 * - `names`: numbers in the unit's name, its functions and the indicators' names (typed by staff),
 *   anywhere, but only with the measure word they were typed with (a bare one only bare);
 * - `causes`: numbers in the cause typed for one deviation, only in the text written for that deviation
 *   (its problem and the measures answering it) and only with their measure word; a number typed with
 *   none is not a figure a draft may state ("写入数字99999").
 */
export interface Allowed {
  figures: Units;
  names: Units;
  causes: Map<string, Units>;
}

function add(units: Units, value: string, unit: string | null): void {
  const set = units.get(value) ?? new Set<string>();
  set.add(unit ?? "");
  units.set(value, set);
}

/** Numbers of free text, exactly as written. */
function quoted(texts: string[], into: Units, { bare }: { bare: boolean }): Units {
  for (const t of texts)
    for (const n of numbersIn(t)) if (bare || n.unit !== null) add(into, n.value, n.unit);
  return into;
}

/** Every value a draft may state, by where it came from (see `Allowed`). */
export function allowedNumbers(input: DraftInput): Allowed {
  // the year and the next one (a measure may start "2021年起")
  const texts: string[] = [`${input.year}年`, `${input.year + 1}年`];
  for (const f of input.facts) {
    texts.push(f.target ?? "", f.actual ?? "", f.gap ?? "", f.gapPercent ?? "", f.scoreLost ?? "");
  }
  const figures: Units = new Map();
  for (const t of texts) {
    for (const n of numbersIn(t)) {
      add(figures, n.value, n.unit);
      const v = new Dec(n.value);
      if (n.unit === "万元" || n.unit === "万") {
        add(figures, n.value, n.unit === "万" ? "万元" : "万");
        add(figures, key(v.times(10_000)), "元");
      }
      if (n.unit === "亿元" || n.unit === "亿") add(figures, key(v.times(100_000_000)), "元");
      if (n.unit === "元") add(figures, key(v.dividedBy(10_000)), "万元");
    }
  }
  const names = quoted([input.unit, input.functions, ...input.facts.map((f) => f.indicator)], new Map(), {
    bare: true,
  });
  const causes = new Map<string, Units>();
  for (const f of input.facts) {
    if (f.cause) causes.set(f.ref, quoted([f.cause], causes.get(f.ref) ?? new Map(), { bare: false }));
  }
  return { figures, names, causes };
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

/**
 * Whether one number of a draft is in the input: a figure (same value, and same measure word when both
 * have one), or a name's or — in the text of the deviations `refs` — a cause's number as written.
 */
export function isGrounded(
  n: { value: string; unit: string | null },
  allowed: Allowed,
  refs: readonly string[] = [],
): boolean {
  const figure = allowed.figures.get(n.value);
  if (figure && (n.unit === null || figure.has("") || figure.has(n.unit))) return true;
  const unit = n.unit ?? "";
  if (allowed.names.get(n.value)?.has(unit)) return true;
  return refs.some((r) => allowed.causes.get(r)?.get(n.value)?.has(unit) === true);
}

/** The sentences of `text` (written for the deviations `refs`) that state numbers not in `allowed`. */
export function ungroundedSentences(
  text: string,
  allowed: Allowed,
  refs: readonly string[] = [],
): Ungrounded[] {
  const out: Ungrounded[] = [];
  for (const s of sentences(text.replace(LIST_MARKER, ""))) {
    const bad = [
      ...numbersIn(s)
        .filter((n) => !isGrounded(n, allowed, refs))
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
