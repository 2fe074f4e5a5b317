import { readPath } from "../../core/places.js";
import { type Report, ReportSchema } from "../../core/report.js";

/**
 * The report being filled in, as plain JSON in the report file's shape (any part may be missing).
 * Paths are dotted keys with array indices: "basicExpenditure.wages.items.2.amount".
 */
export type Draft = Record<string, unknown>;

/** The value at a dotted path of the draft (the same reader the checks use). */
export const getAt = readPath;

/** A copy of `draft` with `value` at `path` (objects and arrays created on the way; undefined deletes). */
export function setAt(draft: Draft, path: string, value: unknown): Draft {
  const keys = path.split(".");
  const write = (node: unknown, i: number): unknown => {
    const key = keys[i] as string;
    const isIndex = /^\d+$/.test(key);
    const base: Record<string, unknown> | unknown[] = Array.isArray(node)
      ? [...node]
      : node !== null && typeof node === "object"
        ? { ...(node as Record<string, unknown>) }
        : isIndex
          ? []
          : {};
    const rec = base as Record<string, unknown>;
    if (i === keys.length - 1) {
      if (value === undefined) delete rec[key];
      else rec[key] = value;
    } else {
      rec[key] = write(rec[key], i + 1);
    }
    return base;
  };
  return write(draft, 0) as Draft;
}

const COLUMNS = {};
const SKELETON = {
  schemaVersion: 1,
  profile: { functions: "", institutions: "", staff: { breakdown: [] } },
  generalBudget: {},
  basicExpenditure: {
    wages: { name: "工资福利支出" },
    goodsAndServices: { name: "商品和服务支出" },
    householdSubsidies: { name: "对个人和家庭补助支出" },
  },
  projects: [],
  governmentFunds: null,
  performance: { intro: "", sections: [] },
  basicData: {
    basic: COLUMNS,
    compressedGeneral: COLUMNS,
    threePublic: COLUMNS,
    vehicle: COLUMNS,
    vehiclePurchase: COLUMNS,
    vehicleOperation: COLUMNS,
    reception: COLUMNS,
    abroad: COLUMNS,
    projects: COLUMNS,
    business: { columns: COLUMNS },
    operation: { columns: COLUMNS },
    county: { columns: COLUMNS },
    procurement: COLUMNS,
  },
  selfEvaluation: { funds: {}, byIncome: {}, byExpense: {}, indicators: [] },
};

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (Array.isArray(over) || over === null || typeof over !== "object") return over;
  if (base === null || typeof base !== "object" || Array.isArray(base)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

/** Drops list items still being typed (an object without its name, label, title or text yet), at any
 * depth. Untouched parts are returned as they are (no copy), so a finished draft costs one walk. */
function withoutUnfinished(v: unknown): unknown {
  if (Array.isArray(v)) {
    let changed = false;
    const out: unknown[] = [];
    for (const item of v) {
      if (item !== null && typeof item === "object" && !Array.isArray(item)) {
        const o = item as Record<string, unknown>;
        if (![o.name, o.label, o.title, o.text].some((x) => typeof x === "string")) {
          changed = true;
          continue;
        }
      }
      const pruned = withoutUnfinished(item);
      if (pruned !== item) changed = true;
      out.push(pruned);
    }
    return changed ? out : v;
  }
  if (v !== null && typeof v === "object") {
    let copy: Record<string, unknown> | null = null;
    for (const [k, c] of Object.entries(v)) {
      const pruned = withoutUnfinished(c);
      if (pruned !== c) {
        copy ??= { ...(v as Record<string, unknown>) };
        copy[k] = pruned;
      }
    }
    return copy ?? v;
  }
  return v;
}

const LEVEL1_WEIGHTS = ["50", "30", "10"];

/**
 * What a report needs that the conversation may not have asked yet: a group's weight (the 财预〔2020〕10号
 * default), a row's 完成值 (null: not filled in), a row's scoring direction (≥ until asked). Rows without
 * a 指标值 and figures without a value are still being typed and are left out.
 */
function withDefaults(v: unknown): unknown {
  const o = v as { selfEvaluation?: { indicators?: unknown[] } };
  const groups = o.selfEvaluation?.indicators;
  if (!Array.isArray(groups)) return withoutValuelessFigures(v);
  const indicators = groups.map((g, gi) => {
    const group = g as { weight?: unknown; subgroups?: { rows?: Record<string, unknown>[] }[] };
    return {
      ...group,
      weight: group.weight ?? LEVEL1_WEIGHTS[gi] ?? "0",
      subgroups: (group.subgroups ?? []).map((sg) => ({
        ...sg,
        rows: (sg.rows ?? [])
          .filter((r) => r.target !== undefined)
          .map((r) => ({ ...r, actual: r.actual ?? null, rule: r.rule ?? ">=" })),
      })),
    };
  });
  return withoutValuelessFigures({ ...(v as object), selfEvaluation: { ...o.selfEvaluation, indicators } });
}

/** Figures (objects with a label) whose value is not typed yet are left out of the report view. */
function withoutValuelessFigures(v: unknown): unknown {
  if (Array.isArray(v)) {
    const kept = v.filter((x) => !(x !== null && typeof x === "object" && "label" in x && !("value" in x)));
    const mapped = kept.map(withoutValuelessFigures);
    return kept.length === v.length && mapped.every((x, i) => x === v[i]) ? v : mapped;
  }
  if (v !== null && typeof v === "object") {
    let copy: Record<string, unknown> | null = null;
    for (const [k, c] of Object.entries(v)) {
      const n = withoutValuelessFigures(c);
      if (n !== c) {
        copy ??= { ...(v as Record<string, unknown>) };
        copy[k] = n;
      }
    }
    return copy ?? v;
  }
  return v;
}

/**
 * The draft as a report, for the checks and the score: the form's skeleton with what was answered.
 * Null while the unit (name, year, money unit) is not known yet.
 */
export function materialize(draft: Draft): Report | null {
  // drafts are replaced, never changed in place (setAt copies): one report per draft object
  const cached = MATERIALIZED.get(draft);
  if (cached !== undefined) return cached;
  const merged = merge(SKELETON, draft);
  const finished = withoutUnfinished(merged);
  const rowsBefore = countRows(finished);
  const view = withDefaults(finished);
  const parsed = ReportSchema.safeParse(view);
  const report = parsed.success ? parsed.data : null;
  // nothing left out: the report's paths are the draft's paths, so a later answer can be set in place
  if (report && finished === merged && countRows(view) === rowsBefore && !hasValuelessFigures(finished))
    EXACT.add(report);
  MATERIALIZED.set(draft, report);
  return report;
}
const MATERIALIZED = new WeakMap<Draft, Report | null>();
const EXACT = new WeakSet<Report>();

/** The report view built from scratch, without the cache (for tests that check the cache). */
export function materializeFresh(draft: Draft): Report | null {
  const parsed = ReportSchema.safeParse(withDefaults(withoutUnfinished(merge(SKELETON, draft))));
  return parsed.success ? parsed.data : null;
}

/**
 * After one answer that set a single value the parser already validated (a figure, a text): the new
 * report is the previous one with that value, when the previous one left nothing out and the place
 * exists in it — no need to validate the whole report again (a step stays well under 1 ms).
 */
export function rememberAnswer(previous: Draft, next: Draft, key: string, value: unknown): void {
  const before = MATERIALIZED.get(previous);
  if (!before || !EXACT.has(before) || MATERIALIZED.has(next)) return;
  const plain = typeof value === "string" || typeof value === "number";
  const quantity =
    value !== null && typeof value === "object" && typeof (value as { kind?: unknown }).kind === "string";
  if (!plain && !quantity) return;
  // names, labels and titles decide which list items count as finished: those go the full way
  if (/\.(name|label|title|text|target|rule)$/.test(key) || /\.\d+$/.test(key)) return;
  const parent = key.slice(0, key.lastIndexOf("."));
  const holder = parent === "" ? before : getAt(before, parent);
  if (holder === null || typeof holder !== "object" || Array.isArray(holder)) return;
  const report = setAt(before as unknown as Draft, key, value) as unknown as Report;
  EXACT.add(report);
  MATERIALIZED.set(next, report);
}

function countRows(v: unknown): number {
  const groups = (v as { selfEvaluation?: { indicators?: { subgroups?: { rows?: unknown[] }[] }[] } })
    .selfEvaluation?.indicators;
  return (groups ?? []).reduce(
    (n, g) => n + (g?.subgroups ?? []).reduce((m, sg) => m + (sg?.rows?.length ?? 0), 0),
    0,
  );
}

function hasValuelessFigures(v: unknown): boolean {
  return withoutValuelessFigures(v) !== v;
}
