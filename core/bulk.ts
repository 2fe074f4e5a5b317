/**
 * Many figures in one message, as staff paste them: "基本工资51.91 津贴补贴20.63 奖金6.19",
 * "办公费 3.20、水费 0.86、电费 4.21", a list copied from a 决算 table one item a line, parts indented below
 * their total ("  移民补助 2218.44") or written after it ("4936.44（其中：工作经费补助14、监测评估费11）"),
 * remarks in brackets after a value ("140（含2019年度40万元）"). Pure and synchronous: this only splits the
 * text into names, value texts and remarks; every value is read by the one parser (`parse.ts`) by the
 * caller, against what the place expects. Nothing here guesses a number.
 */
export interface Entry {
  /** the name as written ("办公费"); "" when the value came alone */
  name: string;
  /** the value as written ("3.20", "23038人", "600元/人"); null for a heading without a value */
  value: string | null;
  /** remarks in brackets after the value, in order ("含2019年度40万元", "2021年3月末") */
  notes: string[];
  /** its parts: lines indented below it, or "（其中：…）" after its value */
  items: Entry[];
}

/** A value at the end of a segment: a number with its unit (money, percent, a count's unit, a rate per head). */
const NUMBER = String.raw`[+-]?[¥￥]?\d[\d,，]*(?:[.．]\d+)?`;
const UNIT = String.raw`(?:万元|亿元|元|万|亿|%|％|[\p{Script=Han}A-Za-z]{1,3})?(?:\/[\p{Script=Han}A-Za-z]{1,3})?`;
const VALUE_AT_END = new RegExp(String.raw`^(.*?)[\s:：=]*(${NUMBER}\s*${UNIT})$`, "su");
/** an amount written alone, first in a message: the total its parts follow ("101.61 基本工资51.91 …") */
const BARE_AMOUNT = new RegExp(String.raw`^${NUMBER}\s*(?:万元|亿元|元|万|亿)?$`, "u");
const OPEN = "（(【[";
const CLOSE = "）)】]";
/** words that only finish the value before them ("3.20 万元") */
const TRAILING_UNIT = /^(?:万元|亿元|元|万|亿|%|％)$/;
/** a list number in front of an item: "1、", "2.", "（3）", "①", "一、" */
const LIST_NUMBER = /^(?:\d{1,2}\s*[、.．)）]|[（(]\d{1,2}[）)]|[①-⑳]|[一二三四五六七八九十]{1,2}\s*、)\s*/u;
const BULLET = /^[-—–·•*＊]+\s*/u;

/**
 * Splits at the separators that are outside brackets: 、，；; and "," that is not between two digits. A
 * piece without a number belongs to the next one ("2020年度中央、省、市后扶资金计划4976.44万元" is one).
 */
function splitOutside(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  const chars = [...line];
  chars.forEach((ch, i) => {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    const between = /\d/.test(chars[i - 1] ?? "") && /\d/.test(chars[i + 1] ?? "");
    const sep = "、，；;。".includes(ch) || (ch === "," && !between) || (ch === "，" && !between);
    if (depth === 0 && sep && VALUE_AT_END.test(trailingBrackets(cur.trim()).head)) {
      out.push(cur);
      cur = "";
    } else if (!(depth === 0 && sep && cur.trim() === "")) cur += ch;
  });
  out.push(cur);
  return out.map((s) => s.trim().replace(/[、，；;。,]+$/u, "")).filter((s) => s.length > 0);
}

/** The brackets at the end of a segment, peeled off: "140（含…）（…）" → "140", ["含…", "…"]. */
function trailingBrackets(s: string): { head: string; notes: string[] } {
  const notes: string[] = [];
  let head = s.trimEnd();
  for (;;) {
    const last = head.at(-1);
    if (last === undefined || !CLOSE.includes(last)) break;
    let depth = 0;
    let start = -1;
    const chars = [...head];
    for (let i = chars.length - 1; i >= 0; i--) {
      const ch = chars[i] as string;
      if (CLOSE.includes(ch)) depth++;
      else if (OPEN.includes(ch)) {
        depth--;
        if (depth === 0) {
          start = i;
          break;
        }
      }
    }
    if (start <= 0) break;
    const before = chars.slice(0, start).join("").trimEnd();
    // a bracket that is part of a name ("（三峡后续工作）212" keeps its bracket: no value before it)
    if (!VALUE_AT_END.test(before)) break;
    notes.unshift(
      chars
        .slice(start + 1, -1)
        .join("")
        .trim(),
    );
    head = before;
  }
  return { head, notes };
}

/** One segment: "名称 数值（备注）" → an entry; a segment without a number is a heading. */
function entryOf(segment: string): Entry {
  const { head, notes } = trailingBrackets(segment);
  const m = VALUE_AT_END.exec(head);
  const parts: Entry[] = [];
  const kept: string[] = [];
  for (const n of notes) {
    const sub = /^其中\s*[:：]?\s*(.+)$/su.exec(n);
    const items = sub ? parseLine(sub[1] as string) : [];
    if (sub && items.length > 0 && items.every((e) => e.value !== null)) parts.push(...items);
    else kept.push(n);
  }
  if (!m) return { name: segment.trim(), value: null, notes: [], items: [] };
  const name = (m[1] as string).trim().replace(/[:：=]$/, "");
  return { name, value: (m[2] as string).replace(/\s+/g, ""), notes: kept, items: parts };
}

/** Groups the words of a segment split by spaces: a piece ends when it holds a name and a value. */
function byWords(segment: string): string[] {
  const words = segment.split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  let cur: string[] = [];
  words.forEach((w, i) => {
    cur.push(w);
    const next = words[i + 1];
    if (next !== undefined && (TRAILING_UNIT.test(next) || OPEN.includes(next[0] as string))) return;
    const text = cur.join(" ");
    const { head } = trailingBrackets(text);
    const m = VALUE_AT_END.exec(head);
    // a value alone ("2020年度") is part of the next name, unless it is the first thing written
    if (m && ((m[1] as string).trim() !== "" || (out.length === 0 && BARE_AMOUNT.test(head.trim())))) {
      out.push(text);
      cur = [];
    }
  });
  if (cur.length > 0) out.push(cur.join(" "));
  return out;
}

/** The entries of one line: "基本工资51.91 津贴补贴20.63、奖金6.19". */
export function parseLine(line: string): Entry[] {
  return splitOutside(line).flatMap((seg) => byWords(seg).map(entryOf));
}

/** How deep a line is indented: spaces (a full-width one counts two), tabs four, each bullet one level. */
function indentOf(line: string): { depth: number; text: string } {
  const lead = /^[ \t\u3000]*/.exec(line)?.[0] ?? "";
  let depth = [...lead].reduce((n, ch) => n + (ch === "\t" ? 4 : ch === "\u3000" ? 2 : 1), 0);
  let text = line.slice(lead.length);
  for (let m = BULLET.exec(text); m; m = BULLET.exec(text)) {
    depth += 2 * [...m[0].trim()].length;
    text = text.slice(m[0].length);
  }
  return { depth, text: text.replace(LIST_NUMBER, "").trim() };
}

/**
 * The entries of a message, with their parts: a line indented more than the one above it (or bulleted
 * "—") lists parts of the last entry above it. Returns the top-level entries.
 */
export function parseEntries(text: string): Entry[] {
  const top: Entry[] = [];
  const stack: { depth: number; entry: Entry }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    const { depth, text: line } = indentOf(raw);
    const entries = parseLine(line);
    if (entries.length === 0) continue;
    while (stack.length > 0 && (stack.at(-1) as { depth: number }).depth >= depth) stack.pop();
    const parent = stack.at(-1)?.entry;
    (parent ? parent.items : top).push(...entries);
    stack.push({ depth, entry: entries.at(-1) as Entry });
  }
  return top;
}

/** How many values a message carries, parts included. */
export function countValues(entries: readonly Entry[]): number {
  return entries.reduce((n, e) => n + (e.value !== null ? 1 : 0) + countValues(e.items), 0);
}

/** Whether any entry has parts (the message gave its own structure). */
export function hasParts(entries: readonly Entry[]): boolean {
  return entries.some((e) => e.items.length > 0);
}

/**
 * A table pasted from Excel or WPS: rows of cells, split at tabs (empty cells kept) or, without tabs,
 * at runs of spaces. Blank lines are dropped. Null when the text has a single line and no tab.
 */
export function parseTable(text: string): string[][] | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const tabs = lines.some((l) => l.includes("\t"));
  if (!tabs && lines.length < 2) return null;
  return lines.map((l) =>
    tabs
      ? l.split("\t").map((c) => c.trim())
      : l
          .trim()
          .split(/[ \u3000]+/)
          .map((c) => c.trim()),
  );
}

/** The cells of a row that stand for "blank" in a form: "-", "—", "/", "无", "". */
export function isBlankCell(c: string): boolean {
  return /^(?:|[-—－–/／]|无|空)$/.test(c.trim());
}
