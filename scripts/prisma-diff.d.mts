/** Types of prisma-diff.mjs: schema diffs through Prisma's wasm schema engine (no native engine). */
export const EMPTY: string;
export type Target = "empty" | "schema" | "migrations" | "db" | string;
export function diff(
  provider: "sqlite" | "postgres",
  opts?: { from?: Target; to?: Target; url?: string; root?: string; exitCode?: boolean },
): Promise<{ exitCode: number; stdout: string; empty: boolean }>;
export function migrationsDir(provider: "sqlite" | "postgres", root?: string): string;
