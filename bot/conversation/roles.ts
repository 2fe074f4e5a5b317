import type { Quantity } from "../../core/quantity.js";
import type { FigureRole } from "../../core/report.js";
import { roleFromLabel, subjectOf } from "../../core/roles.js";
import { type Draft, getAt } from "./draft.js";

/**
 * The role of a figure of the prose (计划数, 实际完成数, …) is asked once, right after its value, and only
 * when it can matter to a plausibility rule and nothing else says it:
 * - a figure that is not an amount or a count (a percent, a date, a standard per head) has none;
 * - a label such as "计划资金" or "已支付项目资金" says it, as does the figure a part belongs to
 *   ("到位资金" › 直补资金);
 * - money may be money left unpaid or over (compared with 执行率): asked;
 * - a count is compared only with a count of the same thing in its section that has a role (a plan with
 *   what was done): asked when an earlier figure of its section counts the same thing in the same unit
 *   and has one; "堤坝 38KM" or "因病致贫 13户" are never compared and are not asked.
 * A role chosen by the user is stored in the figure (`role`).
 */

const FIGURE = /^(.*\.figures\.\d+(?:\.items\.\d+)*)\.(?:value|label)$/;

/** The role a figure's label or its parent figure gives it, or null (then the question may be asked). */
export function roleByName(draft: Draft, figure: string): FigureRole | null {
  const label = getAt(draft, `${figure}.label`);
  const own = typeof label === "string" ? roleFromLabel(label) : null;
  if (own) return own;
  const parent = /^(.*)\.items\.\d+$/.exec(figure)?.[1];
  if (!parent) return null;
  const stored = getAt(draft, `${parent}.role`);
  return (typeof stored === "string" ? (stored as FigureRole) : null) ?? roleByName(draft, parent);
}

type Node = { label?: unknown; value?: Quantity; role?: unknown; items?: Node[] };

/** The paths of a section's figures (and their parts) in the order they are typed. */
function sectionFigures(draft: Draft, list: string): string[] {
  const out: string[] = [];
  const walk = (path: string, node: Node | undefined) => {
    if (!node) return;
    out.push(path);
    (node.items ?? []).forEach((n, i) => {
      walk(`${path}.items.${i}`, n);
    });
  };
  const figures = getAt(draft, list);
  if (Array.isArray(figures))
    figures.forEach((f, i) => {
      walk(`${list}.${i}`, f as Node);
    });
  return out;
}

/** Whether a figure typed before `figure` in its section counts the same thing in its unit and has a role. */
function pairedEarlier(draft: Draft, figure: string, value: Quantity & { kind: "count" }): boolean {
  const list = /^(.*\.figures)\.\d+/.exec(figure)?.[1];
  const label = getAt(draft, `${figure}.label`);
  if (!list || typeof label !== "string") return false;
  const subject = subjectOf(label);
  if (subject === "") return false;
  for (const other of sectionFigures(draft, list)) {
    if (other === figure) return false;
    const q = getAt(draft, `${other}.value`) as Quantity | undefined;
    const l = getAt(draft, `${other}.label`);
    if (q?.kind !== "count" || q.unit !== value.unit || typeof l !== "string" || subjectOf(l) !== subject)
      continue;
    if (getAt(draft, `${other}.role`) !== undefined || roleByName(draft, other) !== null) return true;
  }
  return false;
}

/** Whether a figure needs no role question (see the top of this file). */
function roleSettled(draft: Draft, figure: string, value: Quantity): boolean {
  if (value.kind !== "count" && (value.kind !== "money" || value.per !== undefined)) return true;
  if (getAt(draft, `${figure}.role`) !== undefined || roleByName(draft, figure) !== null) return true;
  return value.kind === "count" && !pairedEarlier(draft, figure, value);
}

/**
 * The role questions an answer to `key` settles without asking: its value (or its label, once the
 * value is in) says the figure needs none; a value skipped leaves nothing to classify.
 */
export function settledRoles(draft: Draft, key: string): string[] {
  const figure = FIGURE.exec(key)?.[1];
  if (!figure) return [];
  const value = getAt(draft, `${figure}.value`) as Quantity | undefined;
  if (value === undefined) return key.endsWith(".value") ? [`${figure}.role`] : [];
  return roleSettled(draft, figure, value) ? [`${figure}.role`] : [];
}
