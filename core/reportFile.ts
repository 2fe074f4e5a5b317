import { z } from "zod";
import { type UnknownKey, unknownKeys } from "./fileKeys.js";
import { allProfiles, profileById } from "./forms/registry.js";
import { figureLists, indicatorRows, referenceIndex } from "./places.js";
import { withUnitOf } from "./quantity.js";
import type { AmountNode, Figure, Report } from "./report.js";
import { ReportSchema } from "./report.js";

/** One reason a report file was refused: the field path and what was expected there, in Chinese. */
export interface FileIssue {
  path: string;
  message: string;
}

export type ReportParse = { ok: true; report: Report } | { ok: false; issues: FileIssue[] };

/**
 * Reads a report file (JSON text): syntax, the schema (a key the schema does not know is refused with
 * the nearest known one, not dropped), the form it names, then the references between places (unique
 * ids; every `sameAs`, `…Ref`, `ratioOf`, `productOf`, `differenceOf` and cause names a place that
 * exists). A 完成值 written as a bare number beside a 指标值 with a unit takes that unit.
 */
export function parseReportFile(text: string): ReportParse {
  let data: unknown;
  try {
    // a UTF-8 byte order mark (Windows Notepad writes one) is not content
    data = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, issues: [{ path: "(文件)", message: `不是有效的 JSON：${(e as Error).message}` }] };
  }
  return parseReportData(data);
}

/** Validates already-parsed data as a report (see `parseReportFile`). */
export function parseReportData(data: unknown): ReportParse {
  const deep = tooDeep(data);
  if (deep) return { ok: false, issues: [deep] };
  const parsed = ReportSchema.safeParse(data, { reportInput: true });
  const unknown = unknownKeys(ReportSchema, data).map((k) => ({ path: k.path, message: unknownKeyText(k) }));
  if (!parsed.success) {
    return {
      ok: false,
      // one issue a place: the first says what is wrong there (a too long number is not also "not a number")
      issues: [
        ...parsed.error.issues.map((i) => ({
          path: i.path.map(String).join(".") || "(根)",
          message: issueText(i),
        })),
        ...unknown,
      ].filter((x, n, all) => all.findIndex((y) => y.path === x.path) === n),
    };
  }
  if (unknown.length > 0) return { ok: false, issues: unknown };
  const form = parsed.data.form;
  if (form !== undefined && !profileById(form)) {
    const ids = allProfiles().map((p) => `${p.id}（${p.name}）`);
    return {
      ok: false,
      issues: [{ path: "form", message: `没有编号为“${form}”的表样，可用：${ids.join("、")}` }],
    };
  }
  const issues = referenceIssues(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, report: withActualUnits(parsed.data) };
}

function unknownKeyText(k: UnknownKey): string {
  if (k.nearest !== null) return `不认识的字段，是不是 ${k.nearest}？`;
  const known = k.known.slice(0, 12).join("、");
  return `不认识的字段（此处可填：${known}${k.known.length > 12 ? " 等" : ""}）`;
}

/** A 完成值 written without its unit ("72890" beside "72890元") takes the unit of its 指标值. */
function withActualUnits(report: Report): Report {
  for (const { row } of indicatorRows(report))
    if (row.actual) row.actual = withUnitOf(row.target, row.actual);
  return report;
}

/** Levels of nesting a report file may have: the form's deepest place is about 12 levels down. */
export const MAX_DEPTH = 40;

/**
 * The first place nested deeper than `MAX_DEPTH`, as an issue; null when none is. Walked without
 * recursion: an 800-level file must be refused, not overflow the stack on the way.
 */
function tooDeep(data: unknown): FileIssue | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_DEPTH) {
      return {
        path: `${path.slice(0, 6).join(".")}…`,
        message: `嵌套层数过多（超过 ${MAX_DEPTH} 层）：报告文件的明细最多嵌套几层，请检查文件是否由其他程序生成时出错`,
      };
    }
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}

function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `缺少此项，应为 ${typeName(issue.expected)}`
        : `应为 ${typeName(issue.expected)}`;
    case "invalid_value":
      return `应为 ${issue.values.map((v) => JSON.stringify(v)).join(" 或 ")} 之一`;
    case "unrecognized_keys":
      return `不认识的字段：${issue.keys.join("、")}`;
    case "invalid_union":
      return "不符合任何一种允许的格式（检查 kind 字段）";
    default:
      return issue.message;
  }
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    string: "字符串",
    number: "数字",
    boolean: "true 或 false",
    object: "对象",
    array: "数组",
    null: "null",
  };
  return names[t] ?? t;
}

function referenceIssues(report: Report): FileIssue[] {
  const issues: FileIssue[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const before = seen.get(id);
    if (before) issues.push({ path, message: `编号 "${id}" 重复（已用于 ${before}）` });
    else seen.set(id, path);
  };
  const walkAmount = (n: AmountNode, path: string) => {
    if (n.id) claim(n.id, path);
    n.items?.forEach((c, i) => {
      walkAmount(c, `${path}.items.${i}`);
    });
  };
  walkAmount(report.basicExpenditure.wages, "basicExpenditure.wages");
  walkAmount(report.basicExpenditure.goodsAndServices, "basicExpenditure.goodsAndServices");
  walkAmount(report.basicExpenditure.householdSubsidies, "basicExpenditure.householdSubsidies");
  report.projects.forEach((n, i) => {
    walkAmount(n, `projects.${i}`);
  });
  report.governmentFunds?.breakdown.forEach((n, i) => {
    walkAmount(n, `governmentFunds.breakdown.${i}`);
  });
  report.governmentFunds?.uses.forEach((n, i) => {
    walkAmount(n, `governmentFunds.uses.${i}`);
  });
  const figures: { f: Figure; path: string }[] = [];
  const walkFigure = (f: Figure, path: string) => {
    claim(f.id, path);
    figures.push({ f, path });
    f.items?.forEach((c, i) => {
      walkFigure(c, `${path}.items.${i}`);
    });
  };
  for (const list of figureLists(report)) {
    list.figures.forEach((f, i) => {
      walkFigure(f, `${list.path}.${i}`);
    });
  }
  for (const { row, path } of indicatorRows(report)) claim(row.id, path);
  report.selfEvaluation.indicators.forEach((g, i) => {
    claim(g.id, `selfEvaluation.indicators.${i}`);
  });
  report.selfEvaluation.goals.forEach((g, i) => {
    if (g.id) claim(g.id, `selfEvaluation.goals.${i}`);
  });

  const index = referenceIndex(report);
  const mustExist = (ref: string | undefined, path: string) => {
    if (ref !== undefined && !index.has(ref)) issues.push({ path, message: `引用的编号 "${ref}" 不存在` });
  };
  for (const { f, path } of figures) {
    mustExist(f.sameAs, `${path}.sameAs`);
    f.ratioOf?.forEach((r, i) => {
      mustExist(r, `${path}.ratioOf.${i}`);
    });
    f.productOf?.forEach((r, i) => {
      mustExist(r, `${path}.productOf.${i}`);
    });
    f.differenceOf?.forEach((r, i) => {
      mustExist(r, `${path}.differenceOf.${i}`);
    });
  }
  for (const { row, path } of indicatorRows(report)) {
    mustExist(row.targetRef, `${path}.targetRef`);
    mustExist(row.actualRef, `${path}.actualRef`);
  }
  report.selfEvaluation.goals.forEach((g, i) => {
    mustExist(g.amountRef, `selfEvaluation.goals.${i}.amountRef`);
  });
  const walkSameAs = (n: AmountNode, path: string) => {
    mustExist(n.sameAs, `${path}.sameAs`);
    n.items?.forEach((c, i) => {
      walkSameAs(c, `${path}.items.${i}`);
    });
  };
  report.governmentFunds?.uses.forEach((n, i) => {
    walkSameAs(n, `governmentFunds.uses.${i}`);
  });
  report.projects.forEach((n, i) => {
    walkSameAs(n, `projects.${i}`);
  });
  return issues;
}

/** The JSON Schema of the report file (draft 2020-12), for others who produce report files. */
export function reportJsonSchema(): unknown {
  return z.toJSONSchema(ReportSchema, { io: "input", unrepresentable: "any" });
}
