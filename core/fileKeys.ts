/**
 * Keys of a report file that its schema does not know. Zod drops them silently; a report file is
 * strict where it matters: a misspelt "declaredTotl" would lose the unit's total without a word. Each
 * unknown key is named with its path and the nearest known key ("是不是 declaredTotal？").
 */

type Def = { type: string } & Record<string, unknown>;
type Schema = { _zod: { def: Def } };

export interface UnknownKey {
  /** the key's own path ("selfEvaluation.declaredTotl") */
  path: string;
  key: string;
  /** the nearest key known at that place, when one is near enough to be a slip */
  nearest: string | null;
  /** the keys known at that place */
  known: string[];
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

const UNWRAPPED = new WeakMap<Schema, Def>();

/** The schema under wrappers (optional, default, lazy, a pipe's input); a lazy schema is built once. */
function unwrap(schema: Schema): Def {
  const known = UNWRAPPED.get(schema);
  if (known) return known;
  const d = unwrapped(schema);
  UNWRAPPED.set(schema, d);
  return d;
}

function unwrapped(schema: Schema): Def {
  let d = schema._zod.def;
  for (let i = 0; i < 20; i++) {
    if (WRAPPERS.has(d.type)) d = (d.innerType as Schema)._zod.def;
    else if (d.type === "lazy") d = (d.getter as () => Schema)()._zod.def;
    else if (d.type === "pipe") d = (d.in as Schema)._zod.def;
    else break;
  }
  return d;
}

/** The option of a union the value is: by its discriminator, else the first object option. */
function option(d: Def, value: Record<string, unknown>): Schema | null {
  const options = d.options as Schema[];
  const disc = d.discriminator as string | undefined;
  if (disc !== undefined) {
    for (const o of options) {
      const shape = unwrap(o).shape as Record<string, Schema> | undefined;
      const lit = shape?.[disc] ? unwrap(shape[disc] as Schema) : null;
      if (lit && (lit.values as unknown[]).includes(value[disc])) return o;
    }
    return null; // an unknown kind: the schema names it
  }
  return options.find((o) => unwrap(o).type === "object") ?? null;
}

/** Every key of `data` its schema does not know, depth first, in the file's order. */
export function unknownKeys(schema: unknown, data: unknown): UnknownKey[] {
  const out: UnknownKey[] = [];
  const path: string[] = []; // the keys down to the value visited (pushed and popped: no copy per value)
  const visit = (s: Schema, v: unknown) => {
    if (v === null || typeof v !== "object") return;
    const d = unwrap(s);
    if (Array.isArray(v)) {
      const element = d.type === "array" ? (d.element as Schema) : null;
      const items = d.type === "tuple" ? (d.items as Schema[]) : null;
      for (let i = 0; i < v.length; i++) {
        const at = element ?? items?.[i];
        if (!at) continue;
        path.push(String(i));
        visit(at, v[i]);
        path.pop();
      }
    } else if (d.type === "union") {
      const o = option(d, v as Record<string, unknown>);
      if (o) visit(o, v);
    } else if (d.type === "object") {
      const shape = d.shape as Record<string, Schema>;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        const at = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (at) {
          path.push(key);
          visit(at, (v as Record<string, unknown>)[key]);
          path.pop();
        } else {
          const known = Object.keys(shape);
          out.push({ path: [...path, key].join("."), key, nearest: nearest(key, known), known });
        }
      }
    }
  };
  visit(schema as Schema, data);
  return out;
}

/** The known key nearest to `key` (edit distance, letter case ignored), if near enough to be a slip. */
export function nearest(key: string, known: string[]): string | null {
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  const allowed = Math.max(1, Math.floor(Math.max(key.length, 3) / 3));
  return bestD <= allowed ? best : null;
}

/** Levenshtein distance (insert, delete, replace one character each cost 1). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}
