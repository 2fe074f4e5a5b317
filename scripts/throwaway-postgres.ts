import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away PostgreSQL cluster from Debian's binaries (/usr/lib/postgresql/N/bin) on 127.0.0.1 and a
 * free port, for tests and benchmarks. As root it runs as the postgres user the package creates.
 */
export interface ThrowawayPostgres {
  url: string;
  stop(): void;
  /** stops the server, keeping its data (a database outage) */
  pause(): void;
  /** starts it again on the same port and data */
  resume(): void;
}

/** The bin folder of the newest PostgreSQL installed from Debian's packages, or null. */
export function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, "bin", "initdb"))) return join(base, v, "bin");
  return null;
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

const quoted = (args: string[]) => args.map((a) => `'${a}'`).join(" ");

/** Starts a cluster (fsync off unless `durable`), or returns null when PostgreSQL is not installed. */
export async function startPostgres(opts: { durable?: boolean } = {}): Promise<ThrowawayPostgres | null> {
  const bin = postgresBin();
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), "zipin-pg-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asPostgres = (args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync("su", ["postgres", "-c", quoted(args)])
      : execFileSync(args[0] as string, args.slice(1));
  asPostgres([join(bin, "initdb"), "-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-h 127.0.0.1 -p ${port} -k ${dir}${opts.durable ? "" : " -c fsync=off"}`;
  const start = () =>
    asPostgres([
      join(bin, "pg_ctl"),
      "-D",
      join(dir, "data"),
      "-l",
      join(dir, "log"),
      "-o",
      options,
      "-w",
      "start",
    ]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    pause() {
      asPostgres([join(bin, "pg_ctl"), "-D", join(dir, "data"), "-m", "fast", "-w", "stop"]);
    },
    resume: start,
    stop() {
      const stop = [join(bin, "pg_ctl"), "-D", join(dir, "data"), "-m", "fast", "-w", "stop"];
      if (process.getuid?.() === 0) spawnSync("su", ["postgres", "-c", quoted(stop)]);
      else spawnSync(stop[0] as string, stop.slice(1));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
