import type { Finding } from "./checks/index.js";
import { scoringConfigOf } from "./config.js";
import { compareDeclared, type DeclaredComparison } from "./declaredScores.js";
import type { Deviation } from "./deviations.js";
import { Ratio } from "./ratio.js";
import type { Report } from "./report.js";
import { EXECUTION_ROW, type ScoreResult } from "./scoring.js";
import type { WhatIfOutcome } from "./whatif.js";

/**
 * Plain-text Chinese views of the core's results, shared by the CLI, the terminal chat and the bot.
 * Pure: they only format what the core computed.
 */

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) ||
        cp >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A table with aligned columns; the first column left-aligned, the others right-aligned. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(c));
    });
  }
  return rows.map((r) =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0, i > 0))
      .join("  ")
      .trimEnd(),
  );
}

const f2 = (r: Ratio | null) => (r === null ? "—" : r.toFixed(2));
const signed = (r: Ratio) => (r.gt(Ratio.ZERO) ? `+${r.toFixed(2)}` : r.toFixed(2));

/** The score sheet: per group weight, declared, computed, difference; total and grade; then row by row. */
export function scoreText(report: Report, s: ScoreResult): string {
  const c = compareDeclared(report, s);
  const what =
    s.form.kind === "项目支出"
      ? `项目支出绩效自评${report.project ? `（${report.project.name}）` : ""}`
      : "部门整体支出绩效自评";
  const lines: string[] = [`${report.unit.name} ${report.unit.year}年度 ${what} 得分`, ""];
  const rows: string[][] = [["", "分值", "自评得分", "按规则计算", "差额（自评−计算）"]];
  const diff = (d: Ratio | null, computed: Ratio) =>
    d === null ? "未填" : signed(d.sub(computed.rounded(2)));
  const own = s.execution.placement === "own";
  if (own)
    rows.push([
      s.execution.name,
      f2(s.execution.weight),
      f2(s.execution.declared),
      f2(s.execution.score),
      diff(s.execution.declared, s.execution.score),
    ]);
  s.groups.forEach((g, i) => {
    const declared = c.groups[i]?.declared ?? null;
    rows.push([g.name, f2(g.weight), f2(declared), f2(g.score), diff(declared, g.score)]);
  });
  rows.push([
    "总分",
    f2(s.weightTotal),
    f2(s.declared.total),
    s.shownTotal.toFixed(2),
    s.declared.total === null ? "未填" : signed(s.declared.total.sub(Ratio.fromDecimal(s.shownTotal))),
  ]);
  rows.push(["等级", "", s.declared.grade ?? "未填", s.grade ?? "（尚无指标）", ""]);
  lines.push(...table(rows));
  const label = scoringConfigOf(report).profile.table.label || "自评表";
  if (s.declared.gradeSource === "otherNotes") lines.push(`（自评等级取自第七部分，${label} 未填写）`);
  lines.push("", "差额说明：", ...differences(s, c), "", "逐行计分：", ...rowLines(s));
  return lines.join("\n");
}

/** Per part (执行率 on its own line, each group): the unit's score against the rules', and the rows that lost points. */
function differences(s: ScoreResult, c: DeclaredComparison): string[] {
  const lines: string[] = [];
  const explainGroup = (name: string, declared: Ratio | null, computed: Ratio, lost: string[]) => {
    const shown = computed.rounded(2);
    const why = lost.length > 0 ? `按规则失分的行：${lost.join("；")}` : "按规则各行均得满分";
    if (declared === null) lines.push(`- ${name}：自评得分未填写；按规则 ${computed.toFixed(2)}。${why}`);
    else if (declared.eq(shown))
      lines.push(
        `- ${name}：自评与按规则一致（${shown.toFixed(2)}）。${lost.length > 0 ? why : ""}`.trimEnd(),
      );
    else
      lines.push(
        `- ${name}：自评 ${declared.toFixed(2)}，按规则 ${computed.toFixed(2)}，自评${declared.lt(shown) ? "少" : "多"} ${declared.sub(shown).abs().toFixed(2)} 分，属自评判断，请说明理由。${why}`,
      );
  };
  if (s.execution.placement === "own")
    explainGroup(
      s.execution.name,
      s.execution.declared,
      s.execution.score,
      s.execution.score.lt(s.execution.weight) ? [s.execution.explanation] : [],
    );
  s.groups.forEach((g, i) => {
    explainGroup(
      g.name,
      c.groups[i]?.declared ?? null,
      g.score,
      g.rows
        .filter((r) => r.status !== "na" && r.score.lt(r.weight))
        .map((r) => `${label(r)}${r.name} −${r.weight.sub(r.score).toFixed(2)}`),
    );
  });
  return lines;
}

/** A row's id before its name; 执行率 as a row of a group has none a user would know. */
const label = (r: { id: string }) => (r.id === EXECUTION_ROW ? "" : `${r.id} `);

/** Each row's score out of its weight with its arithmetic (and the unit's own score, when it wrote one). */
function rowLines(s: ScoreResult): string[] {
  const lines: string[] = [];
  if (s.execution.placement === "own") lines.push(`- ${s.execution.name}：${s.execution.explanation}`);
  for (const g of s.groups) {
    lines.push(`${g.name}（${f2(g.weight)} 分，${g.rows.filter((r) => r.status !== "na").length} 行）`);
    for (const r of g.rows) {
      const own = r.declared === null ? "" : `（自评 ${r.declared.toFixed(2)}）`;
      lines.push(
        `  ${label(r)}[${r.subgroup}] ${r.name}：${r.score.toFixed(2)} / ${r.weight.toFixed(2)}${own} — ${r.explanation}`,
      );
    }
  }
  return lines;
}

/**
 * Who reads a list: the `zipin` command's user (a reviewer, who may look a rule up by its id) or staff in
 * the chat, who read the places in plain words and never a rule id or a field's path.
 */
export type Audience = "command" | "chat";

/** Findings as a list: errors, then warnings, each with the places involved; plausibility apart. */
export function findingsText(findings: Finding[], audience: Audience = "command"): string {
  if (findings.length === 0) return "审核通过：未发现问题。";
  const arithmetic = findings.filter((f) => f.kind !== "plausibility");
  const plausibility = findings.filter((f) => f.kind === "plausibility");
  const errors = arithmetic.filter((f) => f.severity === "error").length;
  const lines =
    arithmetic.length > 0
      ? [`审核发现 ${errors} 个错误、${arithmetic.length - errors} 个提示：`, ""]
      : ["数字核对：未发现错误。"];
  arithmetic.forEach((f, i) => {
    lines.push(`${i + 1}. [${f.severity === "error" ? "错误" : "提示"}] ${f.message}`);
    const places = f.places.map(
      (p) =>
        `${p.label}${audience === "chat" ? " " : " = "}${p.value === null ? "（空）" : `${p.value}${p.unit && p.unit !== "分" ? p.unit : ""}`}`,
    );
    // in the chat the message names the figures; the places are listed only when it names more than two
    if (audience === "command") lines.push(`   规则 ${f.rule}；位置：${places.join("；")}`);
    else if (places.length > 2) lines.push(`   涉及：${places.join("；")}`);
  });
  if (plausibility.length > 0) {
    lines.push(
      "",
      `合理性提示 ${plausibility.length} 项（报告各处说法对不上，财政局复核时会问到，请核实后修改或说明）：`,
      "",
    );
    plausibility.forEach((f, i) => {
      lines.push(`${i + 1}. ${f.message}`);
    });
  }
  return lines.join("\n");
}

const KIND_LABELS: Record<Deviation["kind"], string> = {
  indicator: "指标未完成",
  deadline: "时效滞后",
  execution: "预算执行",
  "far-exceeded": "远超目标",
  inconsistency: "数据不一致",
  "self-assessment": "自评与计算不符",
  "plan-gap": "计划与实际",
  plausibility: "说法不一致",
};

/** Deviations with gap, score lost and the cause given (or a request for one). */
export function deviationsText(deviations: Deviation[], audience: Audience = "command"): string {
  if (deviations.length === 0) return "没有偏差。";
  const lines = [`共 ${deviations.length} 项偏差：`, ""];
  deviations.forEach((d, i) => {
    const gap =
      d.gap.absolute !== null
        ? `差距 ${d.gap.absolute}${d.gap.unit ?? ""}${d.gap.relative !== null ? `（${d.gap.relative}%）` : ""}`
        : "";
    const found = d.kind === "plan-gap" || d.kind === "plausibility";
    const tv = d.target !== null && !found ? `指标值 ${d.target}，完成值 ${d.actual ?? "未填"}` : "";
    lines.push(
      `${i + 1}. 【${KIND_LABELS[d.kind]}】${d.indicator}${tv ? `：${tv}` : ""}${gap && !found ? `，${gap}` : ""}${d.scoreLost !== null && d.scoreLost !== "0.00" ? `，失分 ${d.scoreLost}` : ""}`,
    );
    if (d.kind === "inconsistency" || d.kind === "self-assessment" || found) lines.push(`   ${d.message}`);
    if (audience === "command") lines.push(`   原因：${d.cause ?? "（未填写，请补充）"}  [编号 ${d.ref}]`);
    // in the chat a cause is asked only where the report states one (an indicator missed, a deadline
    // passed, a target far exceeded): a figure that does not agree is corrected, not explained
    else if (["indicator", "deadline", "far-exceeded", "execution"].includes(d.kind))
      lines.push(`   原因：${d.cause ?? "（未填写，请补充）"}`);
  });
  return lines.join("\n");
}

/** A what-if answer: new total and grade, the change per group, what was set. */
export function whatIfText(w: WhatIfOutcome): string {
  const lines = [
    `试算（不改动已保存的数据）：${w.applied.map((a) => `${a.target} ${a.from} → ${a.to}`).join("；")}`,
    "",
  ];
  lines.push(
    `总分 ${w.before.total}（${w.before.grade}）→ ${w.after.total}（${w.after.grade}）${w.gradeChanged ? "，等级改变" : "，等级不变"}`,
  );
  const rows = [
    ["", "分值", "原得分", "试算得分", "变化"],
    ...w.groups.map((g) => [
      g.name,
      g.weight,
      g.before,
      g.after,
      g.change.startsWith("-") || g.change === "0.00" ? g.change : `+${g.change}`,
    ]),
  ];
  lines.push(...table(rows));
  return lines.join("\n");
}
