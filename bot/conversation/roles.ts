import type { Quantity } from "../../core/quantity.js";
import type { FigureRole } from "../../core/report.js";
import { roleFromLabel } from "../../core/roles.js";
import { type Draft, getAt } from "./draft.js";

/**
 * The role of a figure of the prose (计划数, 实际完成数, …) is asked once, and only when nothing else
 * says it: a figure that is not an amount or a count (a percent, a date, a standard per head) has none,
 * and a label such as "计划资金" or "已支付项目资金" says it, as does the figure a part belongs to
 * ("到位资金" › 直补资金). A role chosen by the user is stored in the figure (`role`).
 */

const FIGURE = /^(.*\.figures\.\d+(?:\.items\.\d+)*)\.(?:value|label)$/;

/** The role a figure's label or its parent figure gives it, or null (then the question is asked). */
export function roleByName(draft: Draft, figure: string): FigureRole | null {
  const label = getAt(draft, `${figure}.label`);
  const own = typeof label === "string" ? roleFromLabel(label) : null;
  if (own) return own;
  const parent = /^(.*)\.items\.\d+$/.exec(figure)?.[1];
  if (!parent) return null;
  const stored = getAt(draft, `${parent}.role`);
  return (typeof stored === "string" ? (stored as FigureRole) : null) ?? roleByName(draft, parent);
}

/** Whether a figure needs no role question: it is not an amount or count, or its name says the role. */
function roleSettled(draft: Draft, figure: string, value: Quantity): boolean {
  const amount = value.kind === "count" || (value.kind === "money" && value.per === undefined);
  return !amount || getAt(draft, `${figure}.role`) !== undefined || roleByName(draft, figure) !== null;
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
