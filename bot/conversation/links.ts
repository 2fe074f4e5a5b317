import { decimalsOf } from "../../core/money.js";
import { referenceIndex, type ValuePlace } from "../../core/places.js";
import { formatQuantity, type Magnitude, magnitude } from "../../core/quantity.js";
import { Ratio } from "../../core/ratio.js";
import { type Draft, getAt, materialize } from "./draft.js";
import type { LinkScope } from "./plan/index.js";
import { knownIds } from "./readers.js";

/**
 * The links between figures, asked once per part instead of once per figure: the questionnaire offers
 * the relations it finds among the figures typed (the same figure in two places, 人数 × 标准 = 金额, a
 * share of two figures at the precision it is written, an indicator's value that is a figure of the
 * prose), and the user takes all, some by number, or writes their own ("F4.1.2=P1指标值×F4.1.3").
 * Linked figures are then checked against each other like the form's own sums.
 */
export interface Candidate {
  text: string;
  /** where the link is written: a figure, a row or a goal (its draft path) and the field */
  path: string;
  field: "sameAs" | "productOf" | "ratioOf" | "differenceOf" | "actualRef" | "targetRef" | "amountRef";
  value: string | [string, string];
}

type Place = { id: string; path: string; label: string; m: Magnitude; shown: string; depth: number };

const HUNDRED = Ratio.of(100);

/** A value worth offering as "the same figure": not 0, not 100%, not a small count that matches by chance. */
function distinctive(p: Place): boolean {
  if (p.m.value.isZero()) return false;
  if (p.m.dim === "percent") return !p.m.value.eq(HUNDRED);
  if (p.m.dim === "count") return p.m.value.gte(Ratio.of(10));
  return true;
}

function unitOf(label: string): string {
  return /([\p{Script=Han}A-Za-z]+)$/u.exec(label)?.[1] ?? "";
}

/** Same magnitude, dimension and rate; counts of the same thing (人 and 人次 count the same people). */
function sameFigure(a: Place, b: Place): boolean {
  if (a.m.dim !== b.m.dim || !a.m.value.eq(b.m.value) || a.m.per !== b.m.per) return false;
  if (a.m.dim !== "count") return true;
  const ua = unitOf(a.shown);
  const ub = unitOf(b.shown);
  return ua === ub || ua.startsWith(ub) || ub.startsWith(ua);
}

/** The draft path of the figure, use, row or goal with this id. */
export function pathOfId(draft: Draft, id: string): string | null {
  let found: string | null = null;
  const walk = (v: unknown, path: string) => {
    if (found !== null) return;
    if (Array.isArray(v))
      v.forEach((x, i) => {
        walk(x, path ? `${path}.${i}` : String(i));
      });
    else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.id === id) {
        found = path;
        return;
      }
      for (const [k, c] of Object.entries(o))
        if (c !== null && typeof c === "object") walk(c, path ? `${path}.${k}` : k);
    }
  };
  walk(draft, "");
  return found;
}

/** Every place a link may name, with its magnitude. */
function places(draft: Draft): Place[] {
  const report = materialize(draft);
  if (!report) return [];
  const out: Place[] = [];
  for (const [id, p] of referenceIndex(report) as Map<string, ValuePlace>) {
    const m = p.quantity ? magnitude(p.quantity) : null;
    if (!m || !p.quantity) continue;
    out.push({
      id,
      path: p.path,
      label: p.label,
      m,
      shown: formatQuantity(p.quantity),
      depth: id.split(".").length,
    });
  }
  return out;
}

const named = (p: Place) => `${p.id}“${p.label.replace(/^.*[›]\s*/u, "").replace(/^\S+\s/u, "")}”${p.shown}`;
const rowName = (p: Place) => p.label.replace(/^附件1-2\s*/u, "").replace(/\s*(指标值|完成值)$/u, "的$1");

/** The links the questionnaire offers for a part of the report (see `Candidate`). */
export function candidates(draft: Draft, scope: LinkScope): Candidate[] {
  const all = places(draft);
  const out: Candidate[] = [];
  if (scope.on === "figures") {
    const here = all.filter((p) => p.path.startsWith(`${scope.path}.`) && !/\.(target|actual)$/.test(p.id));
    for (const f of here) {
      const path = f.path.replace(/\.value$/, "");
      const own = getAt(draft, path) as Record<string, unknown> | undefined;
      if (!own || own.sameAs || own.productOf || own.ratioOf || own.differenceOf) continue;
      // a product or a share is of figures the same part writes (others match by chance)
      out.push(...sameAs(f, path, all, here), ...derived(f, path, here));
    }
  } else if (scope.on === "rows") {
    for (const r of all.filter((p) => /\.(target|actual)$/.test(p.id) && distinctive(p))) {
      const [rid, side] = r.id.split(".") as [string, string];
      const path = r.path.replace(/\.(target|actual)$/, "");
      const field = side === "actual" ? "actualRef" : "targetRef";
      if (getAt(draft, `${path}.${field}`) !== undefined) continue;
      for (const g of all.filter((p) => /^F/.test(p.id) && sameFigure(r, p))) {
        out.push({
          text: `指标 ${rid} ${rowName(r)} ${r.shown}，就是正文 ${named(g)}`,
          path,
          field,
          value: g.id,
        });
      }
    }
  } else {
    for (const goal of all.filter((p) => /^G\d+$/.test(p.id) && distinctive(p))) {
      const path = goal.path.replace(/\.plannedAmount$/, "");
      if (getAt(draft, `${path}.amountRef`) !== undefined) continue;
      for (const g of all.filter((p) => /^F/.test(p.id) && sameFigure(goal, p))) {
        out.push({
          text: `目标 ${goal.id} 计划投入 ${goal.shown} 就是正文 ${named(g)}`,
          path,
          field: "amountRef",
          value: g.id,
        });
      }
    }
  }
  return out;
}

/** f quotes the same figure as another place (the deeper or later one of two new figures quotes the other). */
function sameAs(f: Place, path: string, all: Place[], here: Place[]): Candidate[] {
  if (!distinctive(f)) return [];
  return all
    .filter(
      (g) =>
        g.id !== f.id && !g.id.startsWith(`${f.id}.`) && !f.id.startsWith(`${g.id}.`) && sameFigure(f, g),
    )
    .filter((g) => {
      if (/\.(target|actual)$/.test(g.id) || /^G\d+$/.test(g.id)) return false; // rows and goals link to the prose
      if (!here.includes(g)) return true;
      return f.depth > g.depth || (f.depth === g.depth && here.indexOf(f) > here.indexOf(g));
    })
    .map((g) => ({ text: `${named(f)} 与 ${named(g)} 是同一个数`, path, field: "sameAs", value: g.id }));
}

/** f is a product (人数 × 标准) or a share (÷, at the precision written) of two other figures of its part. */
function derived(f: Place, path: string, all: Place[]): Candidate[] {
  const out: Candidate[] = [];
  const others = all.filter((g) => g.id !== f.id && !g.id.startsWith(`${f.id}.`));
  if (f.m.dim === "money" && f.m.per === undefined) {
    for (const a of others.filter((g) => g.m.dim === "count")) {
      for (const b of others.filter((g) => g.m.dim === "money" && g.m.per !== undefined)) {
        if (a.m.value.mul(b.m.value).eq(f.m.value))
          out.push({
            text: `${named(f)} = ${named(a)} × ${named(b)}`,
            path,
            field: "productOf",
            value: [a.id, b.id],
          });
      }
    }
  }
  if (f.m.dim === "percent") {
    const places = decimalsOf(f.shown.replace(/%$/, ""));
    for (const a of others) {
      for (const b of others) {
        if (a === b || a.m.dim !== b.m.dim || a.m.dim === "percent" || b.m.value.isZero()) continue;
        if (a.m.per !== b.m.per || a.m.value.eq(b.m.value)) continue;
        const r = a.m.value.div(b.m.value).mul(HUNDRED);
        if (Ratio.fromDecimal(r.roundHalfUp(places)).eq(f.m.value))
          out.push({
            text: `${named(f)} = ${named(a)} ÷ ${named(b)}`,
            path,
            field: "ratioOf",
            value: [a.id, b.id],
          });
      }
    }
  }
  return out;
}

/** The ids a link may name (rows as "P1指标值" or "P1.target"). */
function refId(t: string): string {
  const row = /^([PBS]\d+)(?:\.?(指标值|target)|\.?(完成值|actual))$/u.exec(t);
  if (row) return `${row[1]}.${row[2] ? "target" : "actual"}`;
  const goal = /^目标(\d+)$/u.exec(t);
  return goal ? `G${goal[1]}` : t;
}

const FORWARD_ID = /^(F\d+(\.\d+)+|U3\.\d+|G\d+|[PBS]\d+\.(target|actual))$/;

/** One link written by the user: "F4.1.5=U3.1", "F4.1.5=F4.1.4×F4.1.3", "P1完成值=F4.1.4", "目标1=F4.1.2". */
export function readWrittenLink(draft: Draft, token: string): Candidate | string {
  const m = /^(.+?)[=＝](.+)$/u.exec(token.normalize("NFKC").replace(/\s+/g, ""));
  if (!m) return `“${token}”看不懂：请写 编号=编号，例如 F4.1.5=U3.1，或 F4.1.5=F4.1.4×F4.1.3`;
  const left = refId(m[1] as string);
  const right = m[2] as string;
  const known = knownIds(draft);
  const ok = (id: string) => known.has(id) || FORWARD_ID.test(id);
  const row = /^([PBS]\d+)\.(target|actual)$/.exec(left);
  const path = pathOfId(draft, row ? (row[1] as string) : left);
  if (!path) return `没有编号 ${m[1]}：编号见上面的清单，例如 F4.1.5`;
  const op = /^(.+?)([×xX*/÷−-])(.+)$/u.exec(right);
  if (op) {
    const [a, b] = [refId(op[1] as string), refId(op[3] as string)];
    const bad = [a, b].filter((id) => !ok(id));
    if (bad.length > 0) return `没有编号 ${bad.join("、")}：编号见上面的清单`;
    const sign = op[2] as string;
    const field =
      sign === "/" || sign === "÷" ? "ratioOf" : sign === "-" || sign === "−" ? "differenceOf" : "productOf";
    return { text: token, path, field, value: [a, b] };
  }
  const id = refId(right);
  if (!ok(id)) return `没有编号 ${right}：编号见上面的清单`;
  const field = row
    ? row[2] === "target"
      ? "targetRef"
      : "actualRef"
    : /^G\d+$/.test(left)
      ? "amountRef"
      : "sameAs";
  return { text: token, path, field, value: id };
}
