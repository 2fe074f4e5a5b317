import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { botBench } from "./bot.bench.js";
import { type BenchRow, coreBench } from "./core.bench.js";
import { draftingBench } from "./drafting.bench.js";
import { engineBench } from "./engine.bench.js";
import { reliabilityBench, reliabilityMarkdown } from "./reliability.bench.js";
import { machine } from "./stats.js";

/**
 * `npm run bench`: runs every benchmark of the project and records the results in
 * bench/results/latest.json and docs/BENCHMARKS.md (the numbers in that file come only from here).
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const started = new Date();
const rows: BenchRow[] = [
  ...coreBench(),
  ...draftingBench(),
  ...(await engineBench()),
  ...(await botBench()),
];
const reliability = await reliabilityBench();
const m = machine();
const result = {
  date: started.toISOString(),
  machine: m,
  seconds: (Date.now() - started.getTime()) / 1000,
  results: rows,
  reliability,
};
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/latest.json`, `${JSON.stringify(result, null, 2)}\n`);

const fmt = (x: number) =>
  Number.isInteger(x) ? String(x) : x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1);
const md = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (bench/run.ts); do not edit by hand. Medians and p99 of one run on one machine;",
  "these machines are shared and noisy, so compare figures measured in the same run.",
  "",
  `- date: ${result.date}`,
  `- machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${m.node}`,
  `- commit: ${m.commit}`,
  `- the whole run took ${(result.seconds / 60).toFixed(1)} minutes`,
  "",
  "| benchmark | median | p99 | runs | target | note |",
  "|---|---:|---:|---:|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${fmt(r.median)} ${r.unit} | ${fmt(r.p99)} ${r.unit} | ${r.n} | ${r.target ?? ""} | ${r.note ?? ""} |`,
  ),
  "",
  ...reliabilityMarkdown(reliability),
];
mkdirSync(`${root}docs`, { recursive: true });
writeFileSync(`${root}docs/BENCHMARKS.md`, md.join("\n"));
process.stdout.write(`${md.join("\n")}\n`);
