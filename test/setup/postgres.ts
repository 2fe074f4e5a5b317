import type { TestProject } from "vitest/node";
import { startPostgres } from "../../scripts/throwaway-postgres.js";

/**
 * Gives the storage tests a real PostgreSQL server: TEST_PG_URL if set, else a throw-away cluster from
 * Debian's binaries on 127.0.0.1, stopped after the run. Without either, the PostgreSQL tests are
 * skipped with a notice — except in CI (CI=true), where that is an error.
 */
declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.TEST_PG_URL) {
    project.provide("pgUrl", process.env.TEST_PG_URL);
    return () => {};
  }
  const pg = await startPostgres();
  if (!pg) {
    if (process.env.CI === "true")
      throw new Error("CI: PostgreSQL is not installed (.ci/run installs Debian's postgresql)");
    console.warn(
      "\n[storage] PostgreSQL not found (/usr/lib/postgresql): its storage tests are skipped here.\n",
    );
    project.provide("pgUrl", null);
    return () => {};
  }
  project.provide("pgUrl", pg.url);
  return () => pg.stop();
}
