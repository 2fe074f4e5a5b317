import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { botBench } from "./bot.bench.js";
import { chatBench } from "./chat.bench.js";
import { type BenchRow, coreBench } from "./core.bench.js";
import { draftingBench } from "./drafting.bench.js";
import { engineBench } from "./engine.bench.js";
import { messengersBench } from "./messengers.bench.js";
import { officeBench } from "./office.bench.js";
import { pdfBench } from "./pdf.bench.js";
import { reliabilityBench, reliabilityMarkdown } from "./reliability.bench.js";
import { machine } from "./stats.js";

/**
 * `npm run bench`: runs every benchmark of the project and records the results in
 * bench/results/latest.json and docs/BENCHMARKS.md (the numbers in that file come only from here).
 * `node dist/bench/run.js pdf` (names: core drafting engine bot messengers chat pdf office reliability) runs only
 * those: their
 * rows replace the rows of the same name in latest.json, the others are kept, and the files say so.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const started = new Date();
// the machine's load while this ran (other programs share its cores): the figures are read with it
const loadAtStart = loadavg()[0] ?? 0;
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const fresh: BenchRow[] = [
  ...(want("core") ? coreBench() : []),
  ...(want("drafting") ? draftingBench() : []),
  ...(want("engine") ? await engineBench() : []),
  ...(want("bot") ? await botBench() : []),
  ...(want("messengers") ? await messengersBench() : []),
  ...(want("chat") ? chatBench() : []),
  ...(want("pdf") ? await pdfBench() : []),
  ...(want("office") ? await officeBench() : []),
];
const latestPath = `${root}bench/results/latest.json`;
const previous =
  only.length > 0 && existsSync(latestPath)
    ? (JSON.parse(readFileSync(latestPath, "utf8")) as {
        date: string;
        seconds?: number;
        results: BenchRow[];
        reliability?: Awaited<ReturnType<typeof reliabilityBench>>;
        partial?: string[];
      })
    : null;
const rows = previous
  ? [...previous.results.filter((r) => !fresh.some((f) => f.name === r.name)), ...fresh]
  : fresh;
const reliability = want("reliability") ? await reliabilityBench() : previous?.reliability;
const m = machine();
const load = `load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (this run counts about 1)`;
const wholeLoad = previous ? (previous as { load?: string }).load : load;
const partial = previous
  ? [
      ...(previous.partial ?? []),
      `${only.join(" ")}: re-measured ${started.toISOString()} at commit ${m.commit}, ${load}`,
    ]
  : undefined;
const result = {
  date: previous?.date ?? started.toISOString(),
  machine: m,
  // a partial run keeps the whole run's duration (absent if the file predates it)
  seconds: previous ? previous.seconds : (Date.now() - started.getTime()) / 1000,
  results: rows,
  reliability,
  ...(partial && { partial }),
  // the whole run's load (a partial run's is on its line of `partial`)
  ...(wholeLoad && { load: wholeLoad }),
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
  ...(result.load ? [`- ${result.load}`] : []),
  ...(partial ? partial.map((p) => `- ${p}`) : []),
  ...(result.seconds === undefined
    ? []
    : [`- the whole run took ${(result.seconds / 60).toFixed(1)} minutes`]),
  "",
  "| benchmark | median | p99 | runs | target | note |",
  "|---|---:|---:|---:|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${fmt(r.median)} ${r.unit} | ${fmt(r.p99)} ${r.unit} | ${r.n} | ${r.target ?? ""} | ${r.note ?? ""} |`,
  ),
  "",
  ...(reliability ? reliabilityMarkdown(reliability) : []),
];
mkdirSync(`${root}docs`, { recursive: true });
writeFileSync(`${root}docs/BENCHMARKS.md`, md.join("\n"));
process.stdout.write(`${md.join("\n")}\n`);
