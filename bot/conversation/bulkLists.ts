import { type Entry, hasParts, parseEntries } from "../../core/bulk.js";
import { parseDateSpec } from "../../core/date.js";
import type { MoneyUnit } from "../../core/money.js";
import { type Expected, parseAnswer } from "../../core/parse.js";
import { formatQuantity, type Quantity } from "../../core/quantity.js";
import { FIGURE_ROLES } from "../../core/report.js";
import { type Draft, getAt } from "./draft.js";
import type { ListSpec } from "./plan/index.js";
import { readColumns } from "./readers.js";
import type { Batch } from "./state.js";

/**
 * A typed list turned into the items it adds: names and amounts (with their parts and remarks), people
 * by category, figures of the prose, lines of text, goals, a section of 四, 附件1-1 projects. Every value
 * is read by the core's parser against what its place expects; one value refused refuses the whole
 * message (nothing is stored), with what was wrong for each.
 */
export type Built = { ok: true; batch: Batch } | { ok: false; message: string };

interface Ctx {
  unit: MoneyUnit;
  errors: string[];
  rows: string[];
  closed: string[];
}

const money = (unit: MoneyUnit): Expected => ({ kind: "money", unit });
const people: Expected = { kind: "count", units: ["人", "个", "名", "位"] };

function read(ctx: Ctx, e: Entry, expected: Expected): Quantity | null {
  if (e.value === null) return null;
  const r = parseAnswer(e.value, expected);
  if (!r.ok) {
    ctx.errors.push(`“${e.name || e.value}”：${r.error.message}`);
    return null;
  }
  return r.value;
}

/** Remarks after an amount: a date first is its time ("2021年3月末"), the rest its note. */
function remarks(notes: string[]): { asOf?: string; note?: string } {
  const parts = notes
    .flatMap((n) => n.split(/[，,]/u))
    .map((p) => p.trim())
    .filter(Boolean);
  const first = parts[0];
  const dated =
    first !== undefined && /年/.test(first) && parseDateSpec(first.replace(/^截至|^截止/u, "")) !== null;
  const rest = (dated ? parts.slice(1) : parts).join("，");
  return {
    ...(dated && { asOf: first as string }),
    ...(rest && { note: notes.length === 1 && !dated ? notes[0] : rest }),
  };
}

/** An amount entry and its parts down to `depth`, as an amount node. */
function amountNode(ctx: Ctx, e: Entry, depth: number, indent: string, id?: string): Record<string, unknown> {
  const q = read(ctx, e, money(ctx.unit));
  const r = remarks(e.notes);
  if (!e.name) ctx.errors.push(`“${e.value}”前面少了名称，例如：办公费${e.value}`);
  const node: Record<string, unknown> = {
    ...(id && { id }),
    name: e.name,
    ...(q && { amount: (q as { value: string }).value }),
    ...(r.asOf && { asOf: r.asOf }),
    ...(r.note && { note: r.note }),
  };
  ctx.rows.push(
    `${indent}${e.name}  ${q ? `${(q as { value: string }).value}` : "（金额待填）"}${r.asOf ? `（${r.asOf}）` : ""}${r.note ? `（${r.note}）` : ""}`,
  );
  if (e.items.length > 0) {
    if (depth <= 0) ctx.errors.push(`“${e.name}”下面不能再分明细`);
    else node.items = e.items.map((c) => amountNode(ctx, c, depth - 1, `${indent}  `));
  }
  return node;
}

/** A figure entry: label, value with its own unit, time and role in brackets, its parts. */
function figure(ctx: Ctx, e: Entry, id: string, indent: string): Record<string, unknown> {
  const q = read(ctx, e, { kind: "quantity", moneyUnit: ctx.unit });
  if (!e.name) ctx.errors.push(`“${e.value}”前面少了它说的是什么，例如：实际发放直补资金人数${e.value}`);
  let role: string | undefined;
  let asOf: string | undefined;
  for (const n of e.notes) {
    if ((FIGURE_ROLES as readonly string[]).includes(n)) role = n;
    else if (/年/.test(n) && parseDateSpec(n.replace(/^截至|^截止/u, "")) !== null) asOf = n;
    else
      ctx.errors.push(`“${e.name}”括号里的“${n}”：只能写时点（例如 2021年3月末）或数字的性质（例如 计划数）`);
  }
  const node: Record<string, unknown> = {
    id,
    label: e.name,
    ...(q && { value: q }),
    ...(role && { role }),
    ...(asOf && { asOf }),
  };
  ctx.rows.push(
    `${indent}${id} ${e.name}  ${q ? formatQuantity(q) : "（数值待填）"}${asOf ? `（${asOf}）` : ""}${role ? `（${role}）` : ""}`,
  );
  if (e.items.length > 0) node.items = e.items.map((c, k) => figure(ctx, c, `${id}.${k + 1}`, `${indent}  `));
  return node;
}

/** Lines of text: one item a line, or separated by “；”; list numbers dropped. */
export function textLines(text: string): string[] {
  const lines = text.includes("\n") ? text.split(/\r?\n/) : text.split(/[；;](?=\S)/u);
  return lines
    .map((l) => l.trim().replace(/^(?:\d{1,2}\s*[、.．)）]|[（(]\d{1,2}[）)]|[①-⑳])\s*/u, ""))
    .filter((l) => l.length > 0);
}

/** "计划投入1399.8万元，…" → 1399.8 (the planned amount a goal's own text states, in the report's unit). */
function planned(goal: string, unit: MoneyUnit): string | null {
  const m = /(?:计划投入|计划安排|投入|安排资金|预算)\s*(\d+(?:\.\d+)?)\s*(万元|元)/u.exec(
    goal.normalize("NFKC"),
  );
  return m && m[2] === unit ? (m[1] as string) : null;
}

/**
 * The items a message adds to the list at `list` (which has `n` items already), by the kind of list.
 * Null when the message is not a list of this kind (a single word: the old one-by-one way).
 */
export function buildList(
  draft: Draft,
  at: string,
  list: string,
  spec: ListSpec,
  text: string,
): Built | null {
  const unit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const have = getAt(draft, list);
  const n = Array.isArray(have) ? have.length : 0;
  const ctx: Ctx = { unit, errors: [], rows: [], closed: [list] };
  let items: unknown[];
  switch (spec.kind) {
    case "texts": {
      items = textLines(text);
      for (const [i, l] of (items as string[]).entries()) ctx.rows.push(`${n + i + 1}. ${l}`);
      break;
    }
    case "goals": {
      items = textLines(text).map((t, i) => {
        const amount = planned(t, unit);
        ctx.rows.push(
          `目标${n + i + 1}：${t}${amount ? `（计划投入 ${amount}${unit}）` : "（计划投入待填）"}`,
        );
        return { id: `G${n + i + 1}`, text: t, ...(amount && { plannedAmount: amount }) };
      });
      break;
    }
    case "sections": {
      const [title, ...body] = text.split(/\r?\n/).map((l) => l.trim());
      if (!title || body.join("").trim() === "") return null;
      items = [{ title, text: body.filter(Boolean).join("\n") }];
      ctx.rows.push(
        `小节 ${n + 1}：${title}`,
        `正文：${body.join("").slice(0, 60)}${body.join("").length > 60 ? "……" : ""}`,
      );
      break;
    }
    case "columnItems": {
      items = [];
      for (const line of text.split(/\r?\n/).filter((l) => /\d/.test(l))) {
        const m = /^(.+?)\s+(\S+\s+\S+\s+\S+)$/u.exec(line.trim());
        const cols = m ? readColumns(m[2] as string, unit) : null;
        if (!m || !cols?.ok) {
          ctx.errors.push(`“${line.trim()}”：请写项目名称和三个数，例如：移民后扶前期工作经费 154 154 74`);
          continue;
        }
        (items as unknown[]).push({ name: (m[1] as string).trim(), columns: cols.value });
        ctx.rows.push(`${(m[1] as string).trim()}  ${(m[2] as string).trim()}`);
      }
      break;
    }
    default: {
      const entries = parseEntries(text);
      if (entries.length === 0 || entries.every((e) => e.value === null && e.items.length === 0)) return null;
      return buildEntries(draft, at, list, spec, entries);
    }
  }
  return finish(ctx, at, list, n, items, false);
}

/** Named values (with their parts) as the items of a list of amounts, people or figures. */
export function buildEntries(
  draft: Draft,
  at: string,
  list: string,
  spec: ListSpec,
  entries: Entry[],
): Built {
  const unit = (getAt(draft, "unit.moneyUnit") as MoneyUnit | undefined) ?? "万元";
  const have = getAt(draft, list);
  const n = Array.isArray(have) ? have.length : 0;
  const ctx: Ctx = { unit, errors: [], rows: [], closed: [list] };
  const items = entries.map((e, k) => {
    const i = n + k;
    if (spec.kind === "people") {
      const q = read(ctx, e, people);
      ctx.rows.push(`${e.name}  ${q ? `${(q as { value: string }).value}人` : "（人数待填）"}`);
      return { name: e.name, ...(q && { count: (q as { value: string }).value }) };
    }
    if (spec.kind === "figures") return figure(ctx, e, `${spec.prefix}.${i + 1}`, "");
    const depth = spec.kind === "amounts" ? spec.depth : 0;
    return amountNode(ctx, e, depth, "", spec.kind === "amounts" && spec.uses ? `U3.${i + 1}` : undefined);
  });
  return (
    finish(ctx, at, list, n, items, hasParts(entries), spec.kind === "amounts" && spec.depth > 0) ?? {
      ok: false,
      message: "没有读到要填的内容。",
    }
  );
}

function finish(
  ctx: Ctx,
  at: string,
  list: string,
  n: number,
  items: unknown[],
  structured: boolean,
  canNest = false,
): Built | null {
  if (items.length === 0 && ctx.errors.length === 0) return null;
  if (ctx.errors.length > 0) return { ok: false, message: refusal(ctx.errors) };
  const sets = items.map((item, k) => ({ key: `${list}.${n + k}`, value: item }));
  for (const s of sets) ctx.closed.push(...innerLists(s.value, s.key));
  return {
    ok: true,
    batch: {
      at,
      rows: ctx.rows,
      sets,
      scopes: sets.map((s) => s.key),
      closed: ctx.closed,
      blank: [],
      ...(structured ? { flat: [list, ...ctx.closed] } : canNest ? { nested: list } : {}),
    },
  };
}

/** The lists inside a new item (its parts): finished as written. */
export function innerLists(v: unknown, path: string): string[] {
  if (v === null || typeof v !== "object") return [];
  const out: string[] = [];
  for (const [k, c] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(c)) {
      out.push(`${path}.${k}`);
      c.forEach((x, i) => {
        out.push(...innerLists(x, `${path}.${k}.${i}`));
      });
    }
  }
  return out;
}

export function refusal(errors: string[]): string {
  return [
    "这一段没有记录，有几处要改：",
    ...errors.slice(0, 8).map((e) => `· ${e}`),
    ...(errors.length > 8 ? [`……另有 ${errors.length - 8} 处`] : []),
    "改好后整段再发一次。",
  ].join("\n");
}
