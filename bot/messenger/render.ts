import { type Outgoing, readsNumbers } from "../chat/messages.js";

/**
 * Choices as numbered text, for messengers without reliable buttons: "1. 万元 / 2. 元" and a line saying
 * that the number is the answer (the chat service reads a bare number as that choice). A choice whose
 * input is itself a number is shown under that number; a question that reads numbers itself (which
 * figures to take) says in its text how it is answered.
 */
export function numberedText(o: Outgoing): string {
  if (!o.options || o.options.length === 0 || readsNumbers(o.options)) return o.text;
  const lines = o.options.map((x, i) => `${/^\d+$/.test(x.input) ? x.input : String(i + 1)}. ${x.label}`);
  const first = lines[0]?.split(".")[0] ?? "1";
  return `${o.text}\n${lines.join("\n")}\n（回复编号即可，例如 ${first}）`;
}
