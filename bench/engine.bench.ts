import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prefill } from "../bot/conversation/prefill.js";
import { initialState } from "../bot/conversation/state.js";
import { step } from "../bot/conversation/step.js";
import { startPostgres } from "../scripts/throwaway-postgres.js";
import { openRepository } from "../storage/prisma.js";
import type { BenchRow } from "./core.bench.js";
import { sampleReport } from "./sample.js";
import { summarize, timeRuns } from "./stats.js";

/** One engine step on the sample's state, and the latency of committing one answer (SQLite; PostgreSQL with BENCH_PG_URL). */
export async function engineBench(): Promise<BenchRow[]> {
  const r = sampleReport();
  // the sample prefilled, with one figure reopened: the step parses it, stores it, runs the checks
  const full = prefill(initialState(), r as unknown as Record<string, unknown>);
  const state = { ...full, answered: full.answered.filter((k) => k !== "generalBudget.project") };
  const s = summarize(timeRuns(() => step(state, "240"), 2000, 100));
  // the same answer early in the form (sections 一 and 二 filled in): the usual case while typing
  const early = prefill(initialState(), {
    unit: r.unit,
    profile: r.profile,
    generalBudget: r.generalBudget,
    basicExpenditure: r.basicExpenditure,
    threePublic: r.threePublic,
    projects: r.projects,
  });
  const earlyState = { ...early, answered: early.answered.filter((k) => k !== "generalBudget.project") };
  const e = summarize(timeRuns(() => step(earlyState, "240"), 2000, 100));
  const rows: BenchRow[] = [
    {
      name: "engine: one step, whole sample filled in (parse, store, decidable checks, causes)",
      unit: "ms",
      median: s.median,
      p99: s.p99,
      n: s.n,
      target: "≤ 1 ms median",
    },
    {
      name: "engine: one step, sections 一 and 二 filled in",
      unit: "ms",
      median: e.median,
      p99: e.p99,
      n: e.n,
      target: "≤ 1 ms median",
    },
  ];
  const commitBench = async (label: string, url: string) => {
    const repo = await openRepository(url);
    const { report } = await repo.create({
      chatId: `bench-${Date.now()}`,
      unit: "U",
      year: 2020,
      ownerId: "u",
      state: full,
    });
    let version = report.version;
    const samples: number[] = [];
    for (let i = 0; i < 600; i++) {
      const t0 = process.hrtime.bigint();
      const r = await repo.commit({
        reportId: report.id,
        expectedVersion: version,
        state: full,
        by: "u",
        answers: [{ field: "generalBudget.project", value: '"239"', previous: '"239"' }],
      });
      if (i >= 100) samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!r.ok) throw new Error(`commit failed: ${r.reason}`);
      version = r.version;
    }
    await repo.close();
    const c = summarize(samples);
    rows.push({
      name: `storage: commit one answer with the sample's state, ${label}`,
      unit: "ms",
      median: c.median,
      p99: c.p99,
      n: c.n,
    });
  };
  const dir = mkdtempSync(join(tmpdir(), "zipin-bench-"));
  try {
    await commitBench("SQLite (WAL, synchronous=FULL)", join(dir, "bench.db"));
    // PostgreSQL: BENCH_PG_URL, else a throw-away cluster when Debian's postgresql is installed (fsync on)
    const pg = process.env.BENCH_PG_URL ? null : await startPostgres({ durable: true });
    const url = process.env.BENCH_PG_URL ?? pg?.url;
    try {
      if (url) await commitBench("PostgreSQL (local, fsync on)", url);
    } finally {
      pg?.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
