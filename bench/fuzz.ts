import fc from "fast-check";
import { type ChatService, type Incoming, newReportState } from "../bot/chat/service.js";
import { currentQuestion } from "../bot/conversation/cursor.js";
import { prefill } from "../bot/conversation/prefill.js";
import { type EngineState, initialState } from "../bot/conversation/state.js";
import { step } from "../bot/conversation/step.js";
import { BOT_COMMANDS } from "../bot/telegram/bot.js";
import { MemoryRepository } from "../storage/memory.js";
import { sampleReport } from "./sample.js";

/**
 * Fuzzing the conversation with what people (and broken clients) send: every kind of question with
 * random text, and every command with random arguments from every role. Shared by the tests (a few
 * thousand cases) and `npm run bench` (≥ 100k).
 */
/** One state per kind of question: the sample filled in, with one answer (or list) reopened. */
export function statesByKind(): Map<string, EngineState> {
  const full = prefill(initialState(), sampleReport() as unknown as Record<string, unknown>);
  const byKind = new Map<string, EngineState>();
  for (const key of full.answered) {
    const s = { ...full, answered: full.answered.filter((k) => k !== key) };
    const q = currentQuestion(s);
    if (q && q.key === key && !byKind.has(q.answer.kind)) byKind.set(q.answer.kind, s);
  }
  for (const list of full.closed) {
    const s = { ...full, closed: full.closed.filter((l) => l !== list) };
    const q = currentQuestion(s);
    if (q?.list && !byKind.has("list")) byKind.set("list", s);
  }
  return byKind;
}

const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "0",
    "-1",
    "1e9",
    "３５２．２９",
    "352.29万元",
    "100%",
    "是",
    "否",
    "/skip",
    "2020年3月底前",
    "不涉及",
  ),
);

/** Random answers at every kind of question: never a throw; a refusal says what is expected. */
export function fuzzAnswers(runsPerKind: number): { cases: number; kinds: string[]; failures: string[] } {
  const failures: string[] = [];
  let cases = 0;
  const kinds = statesByKind();
  for (const [kind, state] of kinds) {
    fc.assert(
      fc.property(anyText, (input) => {
        cases++;
        let r: ReturnType<typeof step>;
        try {
          r = step(state, input);
        } catch (e) {
          failures.push(`${kind} “${input}”: threw ${(e as Error).message}`);
          return;
        }
        if (r.replies.length === 0 || r.replies.some((x) => x.text.trim() === "")) {
          failures.push(`${kind} “${input}”: no reply`);
        }
        const refused = r.changes.length === 0 && r.state === state;
        if (refused && !input.trim().startsWith("/") && input.trim() !== "") {
          const text = r.replies.map((x) => x.text).join("");
          // a remark (“ok”, “好的”) is not stored: the question is asked again, with what it expects
          if (!/例如|是”或“否|请从以下选项|请写|请用 \/edit|不知道就回答“跳过”/.test(text))
            failures.push(`${kind} “${input}”: refused without saying what is expected: ${text}`);
        }
        if (!refused && (kind === "money" || kind === "count" || kind === "percent")) {
          const v = JSON.parse(r.changes[0]?.value ?? "null");
          if (v !== null && !/^-?(0|[1-9]\d*)(\.\d+)?$/.test(String(v)))
            failures.push(`${kind} “${input}”: stored a non-canonical value ${v}`);
        }
      }),
      { numRuns: runsPerKind },
    );
  }
  return { cases, kinds: [...kinds.keys()].sort(), failures };
}

/** The commands the bot registers, the engine's others, and one nobody knows. */
const COMMANDS = [...BOT_COMMANDS.map((c) => c.command), "figures", "accept", "replace", "import", "unknown"];
const ROLES = ["owner", "editor", "admin", "reader"] as const;

/**
 * Every command with random arguments from every role, against a group whose report is the sample:
 * never a throw, always an answer, and whoever may not write leaves the report as it was.
 */
export async function fuzzCommands(
  runs: number,
  make: (repo: MemoryRepository) => ChatService,
): Promise<{ cases: number; failures: string[] }> {
  const failures: string[] = [];
  const repo = new MemoryRepository();
  const service = make(repo);
  const chatId = "-42";
  const start = prefill(
    newReportState("衡阳县库区移民事务中心", 2020),
    sampleReport() as unknown as Record<string, unknown>,
  );
  const { report } = await repo.create({
    chatId,
    unit: "衡阳县库区移民事务中心",
    year: 2020,
    ownerId: "owner",
    state: start,
  });
  await repo.setMember(report.id, "editor", "editor", "owner", "编辑");
  let n = 0;
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...COMMANDS),
      anyText,
      fc.constantFrom(...ROLES),
      fc.boolean(),
      async (command, arg, role, bare) => {
        cases++;
        const text = bare ? `/${command}` : `/${command} ${arg}`;
        const before = (await repo.get(report.id))?.state;
        const m: Incoming = {
          chatId,
          group: true,
          from: { id: role, name: role },
          key: `fuzz:${n++}`,
          text,
          isAdmin: async () => role === "admin",
        };
        let out: Awaited<ReturnType<ChatService["handle"]>>;
        try {
          out = await service.handle(m);
        } catch (e) {
          failures.push(`${role} ${text}: threw ${(e as Error).message}`);
          return;
        }
        if (out.length === 0 || out.some((o) => o.text.trim() === "" && !o.document))
          failures.push(`${role} ${text}: no answer`);
        const after = (await repo.get(report.id))?.state;
        if ((role === "admin" || role === "reader") && JSON.stringify(after) !== JSON.stringify(before))
          failures.push(`${role} ${text}: changed the report`);
        // /new may switch the chat to another report: go back to the sample's
        const now = await repo.findByChat(chatId);
        if (now[0]?.id !== report.id) {
          const r = await repo.get(report.id);
          await repo.commit({
            reportId: report.id,
            expectedVersion: r?.version ?? 0,
            state: r?.state,
            by: "fuzz",
          });
        }
      },
    ),
    { numRuns: runs },
  );
  return { cases, failures };
}
