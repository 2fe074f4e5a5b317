import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { currentQuestion } from "../bot/conversation/cursor.js";
import { materialize } from "../bot/conversation/draft.js";
import { type EngineState, initialState } from "../bot/conversation/state.js";
import { step } from "../bot/conversation/step.js";
import type { Report } from "../core/report.js";
import { parseReportFile } from "../core/reportFile.js";
import type { BenchRow } from "./core.bench.js";

/**
 * The scripted runs of examples/chat/: a whole report typed as a clerk types it (several figures a
 * message, tables pasted from Excel), one message a line. What counts is how many messages the user
 * sends, and that the report they build is the expected file exactly.
 */

/** The example files, found from dist/bench (the benchmark) or bench/ (tests importing it). */
function examplePath(name: string): string {
  const file = [
    new URL(`../../examples/${name}`, import.meta.url),
    new URL(`../examples/${name}`, import.meta.url),
  ]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p));
  if (!file) throw new Error(`examples/${name} not found`);
  return file;
}

/** The messages of a script: one a line; `\n` is a new line of the same message, `\t` a tab; `#` a note. */
export function scriptMessages(name: string): string[] {
  return readFileSync(examplePath(`chat/${name}.txt`), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.replace(/\\n/g, "\n").replace(/\\t/g, "\t"));
}

/** The report a script should rebuild. */
export function expectedReport(file: string): Report {
  const r = parseReportFile(readFileSync(examplePath(file), "utf8"));
  if (!r.ok) throw new Error(`${file} does not parse: ${JSON.stringify(r.issues)}`);
  return r.report;
}

export interface ScriptRun {
  messages: number;
  state: EngineState;
  /** what was typed ("> …") and every reply, in order */
  transcript: string[];
  /** no question left open once the script ends */
  finished: boolean;
  report: Report | null;
}

/** Types the script's messages one after another into the conversation. */
export function runScript(name: string): ScriptRun {
  let s = initialState();
  const transcript: string[] = [];
  const messages = scriptMessages(name);
  for (const m of messages) {
    const r = step(s, m);
    s = r.state;
    // as the terminal chat shows them: each reply, its choices numbered below it
    const shown = r.replies.map((x) =>
      [x.text, ...(x.options ?? []).map((o, i) => `  ${i + 1}. ${o}`)].join("\n"),
    );
    transcript.push(`> ${m}`, ...shown, "");
  }
  return {
    messages: messages.length,
    state: s,
    transcript,
    finished: currentQuestion(s) === null && s.pending === null,
    report: materialize(s.draft),
  };
}

export const SCRIPTS = [
  { name: "hengyang-2020", expected: "hengyang-2020.json", limit: 150, what: "the sample" },
  { name: "archive-2023", expected: "archive-2023.json", limit: 60, what: "a small unit (县档案馆)" },
] as const;

/** Messages a clerk sends for each scripted report; a run that does not rebuild its file is an error. */
export function chatBench(): BenchRow[] {
  return SCRIPTS.map((x) => {
    const run = runScript(x.name);
    const same = JSON.stringify(run.report) === JSON.stringify(expectedReport(x.expected));
    if (!run.finished || !same) throw new Error(`examples/chat/${x.name}.txt does not rebuild ${x.expected}`);
    return {
      name: `chat: ${x.what} typed by a clerk (examples/chat/${x.name}.txt)`,
      unit: "messages",
      median: run.messages,
      p99: run.messages,
      n: 1,
      target: `≤ ${x.limit}`,
      note: `rebuilds examples/${x.expected} exactly`,
    };
  });
}
