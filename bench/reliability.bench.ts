import { ChatService } from "../bot/chat/service.js";
import { startPostgres } from "../scripts/throwaway-postgres.js";
import { type DurabilityResult, durabilityRun } from "./durability.js";
import { fuzzAnswers, fuzzCommands } from "./fuzz.js";
import { messengerDurabilityRun } from "./messengerDurability.js";

/**
 * The reliability evidence of `npm run bench`: kill -9 durability on SQLite and PostgreSQL (≥ 50 kills
 * each), a run with 20% of Telegram calls failing, and the fuzzers with more than 100,000 cases.
 */
export interface ReliabilityResult {
  durability: DurabilityResult[];
  fuzz: { what: string; cases: number; failures: number; seconds: number }[];
}

export async function reliabilityBench(): Promise<ReliabilityResult> {
  const durability: DurabilityResult[] = [];
  durability.push(await durabilityRun({ chats: 40, kills: 50, seed: 1 }));
  const pg = await startPostgres();
  if (pg) {
    try {
      durability.push(await durabilityRun({ databaseUrl: pg.url, chats: 40, kills: 50, seed: 2 }));
    } finally {
      pg.stop();
    }
  }
  durability.push(await durabilityRun({ chats: 30, kills: 0, faultRate: 0.2, seed: 3 }));
  durability.push(await durabilityRun({ chats: 20, kills: 20, webhook: true, seed: 4 }));
  durability.push(await durabilityRun({ chats: 20, kills: 20, slowLlmMs: 1500, seed: 5 }));
  for (const platform of ["dingtalk", "wecom"] as const) {
    const { resent, ...run } = await messengerDurabilityRun({ platform, chats: 30, kills: 20, seed: 6 });
    durability.push({ ...run, mode: `${run.mode}; ${resent} messages sent again by their senders` });
  }

  const fuzz: ReliabilityResult["fuzz"] = [];
  let t = performance.now();
  const answers = fuzzAnswers(5000);
  fuzz.push({
    what: `random text at each of ${answers.kinds.length} kinds of question`,
    cases: answers.cases,
    failures: answers.failures.length,
    seconds: (performance.now() - t) / 1000,
  });
  t = performance.now();
  const commands = await fuzzCommands(30_000, (repo) => new ChatService({ repo, llm: null }));
  fuzz.push({
    what: "every command with random arguments, from every role",
    cases: commands.cases,
    failures: commands.failures.length,
    seconds: (performance.now() - t) / 1000,
  });
  for (const f of [...answers.failures, ...commands.failures].slice(0, 20))
    process.stderr.write(`fuzz: ${f}\n`);
  return { durability, fuzz };
}

export function reliabilityMarkdown(r: ReliabilityResult): string[] {
  return [
    "## Durability under kill -9 and Telegram faults",
    "",
    "The bot process (`npm start` with a token) against the fake Bot API server; each chat answers the",
    "questionnaire and waits for each acknowledgement. At the end every stored report is compared with its",
    "answers (bench/durability.ts). The 钉钉 and 企业微信 rows: the same against their fakes, private chats",
    "(bench/messengerDurability.ts).",
    "",
    "| database | updates arrive by | chats | answers acknowledged | kill -9 | Telegram faults injected | lost | applied twice | inconsistent reports | replies repeated | crashes | bot RSS at ¼, ½, ¾ of the run and at its end | seconds |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    // results recorded before the column was added have no mode
    ...r.durability.map(
      (d) =>
        `| ${d.database} | ${d.mode ?? "—"} | ${d.chats} | ${d.acknowledged} | ${d.kills} | ${d.faults} | ${d.lost} | ${d.duplicated} | ${d.inconsistent} | ${d.repeatedReplies} | ${d.crashes} | ${d.rssMB ? `${d.rssMB.map((x) => x.toFixed(0)).join(" → ")} MB` : "—"} | ${d.seconds.toFixed(1)} |`,
    ),
    "",
    "## Fuzzing",
    "",
    "| what | cases | failures | seconds |",
    "|---|---:|---:|---:|",
    ...r.fuzz.map((f) => `| ${f.what} | ${f.cases} | ${f.failures} | ${f.seconds.toFixed(1)} |`),
    "",
  ];
}
