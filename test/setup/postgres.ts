import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Gives the storage tests a real PostgreSQL server: TEST_PG_URL if set, else a throw-away cluster from
 * Debian's binaries (/usr/lib/postgresql/N/bin) on 127.0.0.1, stopped after the run. Without either, the
 * PostgreSQL tests are skipped with a notice — except in CI (CI=true), where that is an error.
 */
declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function pgBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, "bin", "initdb"))) return join(base, v, "bin");
  return null;
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.TEST_PG_URL) {
    project.provide("pgUrl", process.env.TEST_PG_URL);
    return () => {};
  }
  const bin = pgBin();
  if (!bin) {
    if (process.env.CI === "true")
      throw new Error("CI: PostgreSQL is not installed (.ci/run installs Debian's postgresql)");
    console.warn(
      "\n[storage] PostgreSQL not found (/usr/lib/postgresql): its storage tests are skipped here.\n",
    );
    project.provide("pgUrl", null);
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), "zipin-pg-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  // initdb refuses to run as root: run the server as the postgres user the Debian package creates
  const asPostgres = (cmd: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync("su", ["postgres", "-c", [cmd, ...args].map((a) => `'${a}'`).join(" ")])
      : execFileSync(cmd, args);
  asPostgres(join(bin, "initdb"), ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
  asPostgres(join(bin, "pg_ctl"), [
    "-D",
    join(dir, "data"),
    "-l",
    join(dir, "log"),
    "-o",
    `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
    "-w",
    "start",
  ]);
  project.provide("pgUrl", `postgresql://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    const stop = [join(bin, "pg_ctl"), "-D", join(dir, "data"), "-m", "fast", "-w", "stop"];
    if (process.getuid?.() === 0) spawnSync("su", ["postgres", "-c", stop.map((a) => `'${a}'`).join(" ")]);
    else spawnSync(stop[0] as string, stop.slice(1));
    rmSync(dir, { recursive: true, force: true });
  };
}
