import { resolve } from "node:path";
import { DEFAULT_SQLITE_FILE, isPostgresUrl } from "./url.js";

/** What can go wrong with the database that is not about the data, told apart and said plainly. */

/** How long a write waits, in all, while another connection holds the SQLite file. */
export const BUSY_DEADLINE_MS = 5000;
/** The driver's own (synchronous) wait for a lock, per attempt: short, so no chat freezes. */
export const BUSY_TIMEOUT_MS = 10;

/** Whether an error is SQLite's "database is locked" (another connection holds the write lock). */
export function isBusy(e: unknown): boolean {
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } })?.meta
    ?.driverAdapterError?.cause;
  return cause?.originalCode === "SQLITE_BUSY" || /SQLITE_BUSY|database is locked/.test(String(e));
}

/** An error of the storage that is not about the data (the database file is gone): said as such. */
export class StorageUnavailable extends Error {
  override name = "StorageUnavailable";
}

/**
 * Why the database could not be opened, in words an administrator acts on, naming the database
 * without its password; for the start-up message instead of a stack trace.
 */
export function describeOpenError(e: unknown, databaseUrl: string | undefined): string {
  const where = isPostgresUrl(databaseUrl)
    ? databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")
    : resolve((databaseUrl ?? DEFAULT_SQLITE_FILE).replace(/^file:/, ""));
  const err = e as { code?: string; message?: string };
  const text = `${err?.code ?? ""} ${err?.message ?? String(e)}`;
  const reasons: [RegExp, string][] = [
    [/EACCES|EPERM|EROFS|readonly|read-only/i, "没有写入权限（文件或所在文件夹只读）"],
    [/NOTADB|not a database|file is encrypted/i, "这个文件不是数据库（也许是别的文件，或已损坏）"],
    [/EISDIR|ENOTDIR|CANTOPEN|unable to open/i, "无法打开这个路径（是文件夹，或上级不是文件夹）"],
    [/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timeout/i, "连接不上数据库服务器（没有启动，或地址不对）"],
    [/28P01|password authentication|authentication failed/i, "用户名或密码不对"],
    [/3D000|does not exist/i, "数据库不存在"],
    [/SQLITE_BUSY|database is locked/i, "数据库文件被另一个程序锁住"],
  ];
  const reason =
    reasons.find(([re]) => re.test(text))?.[1] ?? `出错：${(err?.message ?? String(e)).split("\n")[0]}`;
  return `无法打开数据库 ${where}：${reason}。请检查环境变量 DATABASE_URL。`;
}
