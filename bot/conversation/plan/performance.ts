import { getAt } from "../draft.js";
import { ask, type Builder, figures, list, short, text } from "./questions.js";

const NUMERALS = ["㈠", "㈡", "㈢", "㈣", "㈤", "㈥", "㈦", "㈧", "㈨", "㈩"];

/** 四、部门整体支出绩效情况: an overview, then sections with their text and the figures they quote. */
export function performanceQuestions(b: Builder): void {
  b.section = "performance";
  ask(b, "performance.intro", "绩效情况概述", "四、部门整体支出绩效情况：请写一段总体概述。", text);
  list(
    b,
    "performance.sections",
    "绩效情况小节",
    "第四部分分几个小节（如㈠㈡㈢）？写第一个小节：第一行写标题，换行写正文；没有小节就回答“没有”",
    (i) => {
      const title = getAt(b.draft, `performance.sections.${i}.title`);
      const name = `四${NUMERALS[i] ?? `(${i + 1})`}`;
      ask(b, `performance.sections.${i}.title`, `${name}标题`, `第 ${i + 1} 小节的标题？`, short);
      ask(
        b,
        `performance.sections.${i}.text`,
        `${name}正文`,
        `${typeof title === "string" ? `“${title}”` : "这一小节"}的正文（数字在下面逐个记录）：`,
        text,
      );
      figures(b, `performance.sections.${i}.figures`, `F4.${i + 1}`, name);
    },
    { bulk: { kind: "sections" } },
  );
}
