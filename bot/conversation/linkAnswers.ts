import type { Accepted } from "./accepted.js";
import { getAt, setAt } from "./draft.js";
import { isNo, isNothing } from "./intent.js";
import { type Candidate, candidates, readWrittenLink } from "./links.js";
import type { LinkScope } from "./plan/index.js";
import { json, type Reply } from "./state.js";

/** The answer to a links question: "全部", candidates by number, links written out, or "没有". */
export function answerLinks(
  a: Accepted,
  scope: LinkScope,
  text: string,
): { ok: true; accepted: Accepted } | { ok: false; replies: Reply[] } {
  if (isNo(text) || isNothing(text)) return { ok: true, accepted: a };
  const offered = candidates(a.draft, scope);
  const chosen: Candidate[] = [];
  for (const token of text
    .normalize("NFKC")
    .trim()
    .split(/[\s,，、；;]+/u)
    .filter(Boolean)) {
    if (/^(?:全部|都是|都对|全选|所有)$/u.test(token)) chosen.push(...offered);
    else if (/^\d+$/.test(token)) {
      const c = offered[Number(token) - 1];
      if (!c)
        return {
          ok: false,
          replies: [{ text: `没有第 ${token} 条；请写 1 到 ${offered.length} 的序号，或“全部”。` }],
        };
      chosen.push(c);
    } else {
      const c = readWrittenLink(a.draft, token);
      if (typeof c === "string") return { ok: false, replies: [{ text: c }] };
      chosen.push(c);
    }
  }
  for (const c of chosen) {
    const key = `${c.path}.${c.field}`;
    a.changes.push({ field: key, value: json(c.value), previous: json(getAt(a.draft, key)) });
    a.draft = setAt(a.draft, key, c.value);
  }
  a.note = chosen.length > 0 ? `已标注 ${chosen.length} 处关联，会自动核对。` : undefined;
  return { ok: true, accepted: a };
}

/** How a links question is asked: the relations found, numbered, and how to add one. */
export function linksPrompt(draft: Record<string, unknown>, scope: LinkScope, title: string): string {
  const offered = candidates(draft, scope);
  return [
    `${title}：下面这些数可能是同一个数，或由别的数算出；标出来后会自动核对是否相符。`,
    ...offered.map((c, i) => `${i + 1}. ${c.text}`),
    "回答“全部”、序号（例如 1 3），也可以自己写（例如 F4.1.2=P1指标值×F4.1.3，P1完成值=F4.1.4）；都不是就回答“没有”。",
  ].join("\n");
}
