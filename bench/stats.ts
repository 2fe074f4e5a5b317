import { execSync } from "node:child_process";
import os from "node:os";

/** Median and percentiles of a list of durations in milliseconds. */
export function summarize(samples: number[]): { n: number; median: number; p99: number; min: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return { n: s.length, median: at(0.5), p99: at(0.99), min: s[0] as number };
}

/** Times `fn` `runs` times after `warmup` runs; each sample is one call, in milliseconds. */
export function timeRuns(fn: () => unknown, runs: number, warmup = Math.min(200, runs)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/** What the numbers were measured on. */
export function machine(): { node: string; cpu: string; cores: number; memGiB: number; commit: string } {
  let commit = "unknown";
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {}
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    commit,
  };
}
