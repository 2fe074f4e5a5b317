/** The SQLite file when DATABASE_URL is not set: embedded, nothing to install or start. */
export const DEFAULT_SQLITE_FILE = "data/zipin.db";

/** Whether a DATABASE_URL names a PostgreSQL server. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}
