import type { Report } from "../report.js";

/**
 * What 全年实际完成情况 (附件1-2) says of each annual goal, read clause by clause: which goals it reports
 * as completed ("目标2、3、4均已完成年度目标", "各项目标均已完成"), and the percentages it states of a goal
 * ("目标3已完成计划投资的80%"). A clause that reports part of a goal ("已完成80%", "基本完成", "部分完成")
 * or says what was not done (未完成, 尚未) is no completion claim.
 */
export interface GoalStatements {
  /** the goals (0-based) reported as completed */
  claimed: Set<number>;
  /** the percentages (as written, "80") stated in clauses about a goal, by goal */
  percents: Map<number, string[]>;
}

/** A clause that reports goals as completed ("均已完成年度目标"), not a share of one ("已完成80%"). */
const CLAIM =
  /(?:均|全部|都|已经?|如期|圆满|按时|全面)(?:已)?完成(?![\d.％%]|率)|完成(?:了)?(?:年度|全年|预期|既定|计划)?(?:目标|任务)|达到(?:了)?(?:年度|预期)?目标|已达成|已实现/;
/** …unless it says what was not done, */
const NOT_DONE = /未完成|没有完成|尚未|未能|未全部|未按期|未达到/;
/** …or that only part was done. */
const PART = /部分|基本|大部|一半|过半|多数|初步|剩余|其余/;
const PERCENT = /(\d+(?:\.\d+)?)\s*[%％]/g;
const NUMERALS = "一二三四五六七八九十";
const numberOf = (t: string) => (/^\d+$/.test(t) ? Number(t) : NUMERALS.indexOf(t) + 1);

/** The goal numbers a clause names ("目标2、3、4至6"), "all" for 各项目标, null for none. */
function goalNumbers(clause: string): number[] | "all" | null {
  const m =
    /目标\s*((?:\d+|[一二三四五六七八九十])(?:\s*[、，,和及至到~\-—－]\s*(?:\d+|[一二三四五六七八九十]))*)/.exec(
      clause,
    );
  if (m) {
    const out: number[] = [];
    for (const part of (m[1] as string).split(/\s*[、，,和及]\s*/)) {
      const range = /^(\S+?)\s*[至到~\-—－]\s*(\S+)$/.exec(part);
      if (range) {
        for (let n = numberOf(range[1] as string); n <= numberOf(range[2] as string); n++) out.push(n);
      } else out.push(numberOf(part));
    }
    return out.filter((n) => n > 0);
  }
  return /(?:各项|全部|所有|各)(?:年度)?目标|目标(?:均|全部)/.test(clause) ? "all" : null;
}

/** Whether a clause reports a completion: a claim, nothing left undone, no share below 100%. */
function claims(clause: string): boolean {
  if (!CLAIM.test(clause) || NOT_DONE.test(clause) || PART.test(clause)) return false;
  for (const m of clause.matchAll(PERCENT)) if (Number(m[1]) < 100) return false;
  return true;
}

const READ = new Map<string, GoalStatements>();

/** What 全年实际完成情况 says of each goal (see `GoalStatements`), remembered per text. */
export function goalStatements(report: Report): GoalStatements {
  const se = report.selfEvaluation;
  const key = `${se.goals.length}\u0000${se.goalsAchieved.join("\u0000")}`;
  const known = READ.get(key);
  if (known) return known;
  const out: GoalStatements = { claimed: new Set(), percents: new Map() };
  const n = se.goals.length;
  se.goalsAchieved.forEach((line, li) => {
    for (const clause of line.normalize("NFKC").split(/[；;。\n]/)) {
      if (clause.trim() === "") continue;
      const named = goalNumbers(clause);
      // a line without goal numbers is the goal of its position when there is one line per goal
      const which =
        named === "all"
          ? se.goals.map((_, g) => g)
          : named
            ? named.map((x) => x - 1)
            : se.goalsAchieved.length === n
              ? [li]
              : [];
      const goals = which.filter((g) => g >= 0 && g < n);
      if (claims(clause)) for (const g of goals) out.claimed.add(g);
      for (const m of clause.matchAll(PERCENT))
        for (const g of goals) out.percents.set(g, [...(out.percents.get(g) ?? []), m[1] as string]);
    }
  });
  if (READ.size >= 1_000) READ.clear();
  READ.set(key, out);
  return out;
}

/** The goals (0-based) that 全年实际完成情况 reports as completed. */
export function goalsClaimed(report: Report): Set<number> {
  return goalStatements(report).claimed;
}
