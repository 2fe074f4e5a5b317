import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./core.bench.js";
import { summarize } from "./stats.js";

/**
 * The PDF of the sample: warm render (fonts parsed, same process), a cold process (node start → PDF
 * written), file size, peak RSS; beside it, in the same run, headless Chromium (Debian `chromium`)
 * printing the same content as HTML. Each measurement runs in its own process (pdfWorker.ts), so that
 * peak RSS is the renderer's alone; Chromium's RSS is the sum over its process tree, sampled every 20 ms.
 */
const WORKER = fileURLToPath(new URL("./pdfWorker.js", import.meta.url));

/** Sum of RSS (KiB) of a process and all its descendants, from /proc. */
function treeRssKiB(root: number): number {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(d), ppid);
    } catch {}
  }
  let total = 0;
  for (const pid of parent.keys()) {
    let p: number | undefined = pid;
    while (p !== undefined && p !== root && p > 1) p = parent.get(p);
    if (p !== root) continue;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(m?.[1] ?? 0);
    } catch {}
  }
  return total;
}

/** Runs a command, returning its wall time and the peak RSS of its process tree. */
function timed(cmd: string, args: string[]): Promise<{ ms: number; peakKiB: number; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: "ignore" });
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssKiB(child.pid));
    }, 20);
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, peakKiB: peak, code });
    });
  });
}

/** Debian's chromium: found, or installed with apt-get (as root), or null with the reason. */
function chromium(): { path: string } | { missing: string } {
  const which = () => spawnSync("sh", ["-c", "command -v chromium || command -v chromium-browser"]);
  let w = which();
  if (w.status === 0) return { path: w.stdout.toString().trim() };
  if (process.getuid?.() !== 0)
    return { missing: "chromium not installed and not root (apt-get needs root)" };
  process.stderr.write("pdf bench: installing Debian chromium with apt-get (once)…\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
    env,
    timeout: 480_000,
  });
  if (r.status !== 0) {
    spawnSync("apt-get", ["update"], { env, timeout: 180_000 });
    r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], {
      env,
      timeout: 480_000,
    });
  }
  w = which();
  if (w.status === 0) return { path: w.stdout.toString().trim() };
  return {
    missing: `apt-get install chromium failed: ${r.stderr?.toString().trim().split("\n").pop() ?? r.error}`,
  };
}

export async function pdfBench(warmRuns = 30, coldRuns = 5, chromiumRuns = 10): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "zipin-pdf-bench-"));
  try {
    const rows: BenchRow[] = [];
    const warm = spawnSync(process.execPath, [WORKER, "warm", String(warmRuns)], { maxBuffer: 1 << 24 });
    if (warm.status !== 0) throw new Error(`pdf worker failed: ${warm.stderr}`);
    const w = JSON.parse(warm.stdout.toString()) as {
      samples: number[];
      layoutOnly: number[];
      bytes: number;
      pages: number;
      maxRssKiB: number;
    };
    const ws = summarize(w.samples);
    const ls = summarize(w.layoutOnly);
    rows.push({
      name: "pdf: warm render of the sample (fonts loaded; report → PDF bytes)",
      unit: "ms",
      median: ws.median,
      p99: ws.p99,
      n: ws.n,
      target: "≤ 60 ms median",
      note: `${w.pages} pages; of which content + layout (no pdfkit) ${ls.median.toFixed(2)} ms median; fastest ${ws.min.toFixed(1)} ms`,
    });
    const cold: number[] = [];
    let coldPeak = 0;
    for (let i = 0; i < coldRuns; i++) {
      const r = await timed(process.execPath, [WORKER, "cold", join(dir, `cold${i}.pdf`)]);
      if (r.code !== 0) throw new Error("cold pdf worker failed");
      cold.push(r.ms);
      coldPeak = Math.max(coldPeak, r.peakKiB);
    }
    const cs = summarize(cold);
    rows.push({
      name: "pdf: cold process (node start, fonts parsed, one PDF written)",
      unit: "ms",
      median: cs.median,
      p99: cs.p99,
      n: cs.n,
      note: "wall time of a new node process per run",
    });
    rows.push({
      name: "pdf: size of the sample's PDF (2 subset fonts)",
      unit: "KB",
      median: Math.round(w.bytes / 1024),
      p99: Math.round(w.bytes / 1024),
      n: 1,
      target: "≤ 200 KB",
      note: `${w.bytes} bytes`,
    });
    const rss = Math.round(w.maxRssKiB / 1024);
    rows.push({
      name: "pdf: peak RSS, long-lived process (fonts loaded, 36 renders)",
      unit: "MB",
      median: rss,
      p99: rss,
      n: 1,
      target: "≤ 200 MB",
      note: "getrusage maxRSS of the warm process; varies with GC timing; 25 MB of it are the two TTF files",
    });
    rows.push({
      name: "pdf: peak RSS, one-render process (as zipin pdf)",
      unit: "MB",
      median: Math.round(coldPeak / 1024),
      p99: Math.round(coldPeak / 1024),
      n: coldRuns,
      target: "≤ 200 MB",
      note: "largest of the cold processes, VmRSS sampled every 20 ms",
    });
    const c = chromium();
    if ("missing" in c) {
      rows.push({
        name: "pdf: headless Chromium printing the same content as HTML",
        unit: "ms",
        median: 0,
        p99: 0,
        n: 0,
        note: `skipped: ${c.missing}`,
      });
      return rows;
    }
    const html = join(dir, "report.html");
    spawnSync(process.execPath, [WORKER, "html", html]);
    const times: number[] = [];
    let peak = 0;
    let size = 0;
    const common = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-pdf-header-footer",
      "--no-first-run",
    ];
    for (let i = 0; i < chromiumRuns; i++) {
      const out = join(dir, `chromium${i}.pdf`);
      const r = await timed(c.path, [
        ...common,
        `--user-data-dir=${join(dir, "profile")}`,
        `--print-to-pdf=${out}`,
        `file://${html}`,
      ]);
      times.push(r.ms);
      peak = Math.max(peak, r.peakKiB);
      try {
        size = statSync(out).size;
      } catch {
        throw new Error(`chromium wrote no PDF (exit ${r.code})`);
      }
    }
    const chs = summarize(times);
    const ratio = chs.median / ws.median;
    rows.push({
      name: "pdf: headless Chromium printing the same content as HTML",
      unit: "ms",
      median: chs.median,
      p99: chs.p99,
      n: chs.n,
      target: "Zipin ≥ 20× faster",
      note: `${ratio.toFixed(0)}× the warm render's median; a new chromium process per run (${c.path})`,
    });
    rows.push({
      name: "pdf: Chromium's PDF size",
      unit: "KB",
      median: Math.round(size / 1024),
      p99: Math.round(size / 1024),
      n: 1,
    });
    rows.push({
      name: "pdf: Chromium's peak RSS (all its processes)",
      unit: "MB",
      median: Math.round(peak / 1024),
      p99: Math.round(peak / 1024),
      n: chs.n,
      note: "sum of VmRSS over its process tree, sampled every 20 ms",
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
