import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `npm start` as users run it: `node dist/main.js`, with only the environment a test gives it. */
export const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface MainProcess {
  child: ChildProcess;
  /** everything it printed so far (stdout and stderr) */
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
}

export function startMain(env: Record<string, string>): MainProcess {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(OPENAI|TELEGRAM|DINGTALK|WECOM)_/.test(k) && k !== "DATABASE_URL" && k !== "PORT",
    ),
  );
  const child = spawn(process.execPath, [MAIN], { env: { ...base, ...env } });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits until `test` holds, checking every 20 ms. */
export async function eventually<T>(test: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = test();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
