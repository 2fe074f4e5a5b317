import { checkContext, runChecks } from "../core/checks/index.js";
import { buildDeviations } from "../core/deviations.js";
import { parseReportFile } from "../core/reportFile.js";
import { whatIf } from "../core/whatif.js";
import { sampleReport, sampleText } from "./sample.js";
import { summarize, timeRuns } from "./stats.js";

export interface BenchRow {
  name: string;
  unit: "ms" | "tokens" | "answers/s" | "KB" | "MB" | "messages";
  median: number;
  p99: number;
  n: number;
  target?: string;
  note?: string;
}

/** Core benchmarks on the sample: review (check + score + deviations), file parsing, what-if. */
export function coreBench(runs = 5000): BenchRow[] {
  const text = sampleText();
  const report = sampleReport();
  const review = () => {
    const ctx = checkContext(report);
    const findings = runChecks(report, ctx);
    return buildDeviations(report, ctx, findings);
  };
  const rows: BenchRow[] = [];
  // Ten rounds: the median of all samples is the figure; the fastest round's median shows the cost when
  // the shared machine is quiet (its speed drifts by up to 2× between moments of one run).
  const add = (name: string, fn: () => unknown, n: number, target?: string, note?: string) => {
    const rounds = Array.from({ length: 10 }, () => timeRuns(fn, Math.ceil(n / 10), 50));
    const s = summarize(rounds.flat());
    const quiet = `fastest of 10 rounds: ${Math.min(...rounds.map((r) => summarize(r).median)).toFixed(3)} ms`;
    rows.push({
      name,
      unit: "ms",
      median: s.median,
      p99: s.p99,
      n: s.n,
      ...(target && { target }),
      note: note ? `${note}; ${quiet}` : quiet,
    });
  };
  add(
    "core: check + score + deviations (sample)",
    review,
    runs,
    "≤ 0.5 ms median",
    "one call computes the score once and runs every rule of the table",
  );
  add(
    "core: parse + validate the sample file (JSON + zod + references)",
    () => parseReportFile(text),
    Math.ceil(runs / 5),
  );
  add(
    "core: what-if, one row changed (资金直补受益移民=23330)",
    () => whatIf(report, [{ name: "资金直补受益移民（人）", value: "23330" }]),
    runs,
  );
  return rows;
}
