import { InlineKeyboard } from "grammy";
import type { Outgoing } from "../chat/service.js";

/** How the chat service's replies look in Telegram: message lengths, buttons and their data. */
export const MAX_MESSAGE = 4096;

/** Splits a long text at line ends into messages Telegram accepts. */
export function chunks(text: string, max = MAX_MESSAGE): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let cur = "";
  for (const line of text.split("\n")) {
    for (let i = 0; i < line.length || i === 0; i += max) {
      const piece = line.slice(i, i + max);
      if (cur.length + piece.length + 1 > max) {
        out.push(cur);
        cur = piece;
      } else cur = cur === "" ? piece : `${cur}\n${piece}`;
      if (line.length === 0) break;
    }
  }
  if (cur !== "") out.push(cur);
  return out;
}

const dataOf = (o: Outgoing, input: string) => `${o.button?.report}:${o.button?.question}:${input}`;
const fits = (o: Outgoing, input: string) =>
  o.button !== undefined && Buffer.byteLength(dataOf(o, input)) <= 64;

/** A button's data: the report and question it was made for, and what it sends. */
export const BUTTON = /^([0-9a-f]{8}):([0-9a-f]{8}):([\s\S]{1,50})$/;

/** A button's face: short ("修改 二㈠ › 商品和服务支出 › 办公费" → "改：办公费"). */
export function buttonLabel(label: string): string {
  const edit = /^修改 (?:.* › )?(.+)$/.exec(label);
  const face = edit ? `改：${edit[1]}` : label;
  return face.length > 30 ? `${face.slice(0, 29)}…` : face;
}

/** The reply's choices as an inline keyboard, as many a row as their faces allow. */
export function keyboard(o: Outgoing): InlineKeyboard | undefined {
  if (!o.options || !o.button) return undefined;
  const kb = new InlineKeyboard();
  const buttons = o.options.filter((x) => fits(o, x.input));
  const longest = Math.max(...buttons.map((x) => buttonLabel(x.label).length));
  const perRow = longest <= 6 ? 3 : longest <= 12 ? 2 : 1;
  buttons.forEach((x, i) => {
    kb.text(buttonLabel(x.label), dataOf(o, x.input));
    if (i % perRow === perRow - 1) kb.row();
  });
  return kb;
}

/** The text of a reply, with the choices that cannot be buttons listed to be typed. */
export function textOf(o: Outgoing): string {
  const typed = (o.options ?? []).filter((x) => !fits(o, x.input) && x.input !== x.label);
  if (typed.length === 0) return o.text;
  return `${o.text}\n${typed.map((x) => `${/^\d+$/.test(x.input) ? x.input : "·"} ${x.label}`).join("\n")}`;
}
