import { ask, type Builder, figures, list, short, text } from "./questions.js";

/** 四、部门整体支出绩效情况: an overview, then sections with their text and the figures they quote. */
export function performanceQuestions(b: Builder): void {
  b.section = "performance";
  ask(b, "performance.intro", "绩效情况概述", "四、部门整体支出绩效情况：请写一段总体概述。", text);
  list(b, "performance.sections", "绩效情况小节", "还有要写的小节吗（如㈠㈡㈢）？（是/否）", (i) => {
    ask(b, `performance.sections.${i}.title`, `小节${i + 1}标题`, `第 ${i + 1} 小节的标题？`, short);
    ask(
      b,
      `performance.sections.${i}.text`,
      `小节${i + 1}正文`,
      "这一小节的正文（数字在下面逐个记录）：",
      text,
    );
    figures(b, `performance.sections.${i}.figures`, `F4.${i + 1}`);
  });
}
