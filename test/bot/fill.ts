import { currentQuestion } from "../../bot/conversation/cursor.js";
import type { EngineState } from "../../bot/conversation/state.js";
import { step } from "../../bot/conversation/step.js";
import type { Report } from "../../core/report.js";
import { typistAnswer } from "../typist.js";

/**
 * The sample typed in by members of a group, each in their private chat with the bot, taking turns by
 * blocks of answers, as the people of 钉钉 / 企业微信 groups do. The same pure engine runs here on the
 * same answers (the shadow state): what the bot stores must equal it. A member whose chat was asked a
 * question another member answered meanwhile is told so, and answers the current one.
 */
export interface Filled {
  state: EngineState;
  changes: { field: string; value: string | null; by: number }[];
  answers: number;
  /** answers sent again after "这个问题已经有人回答了" */
  redirected: number;
}

export const ANSWERED_ALREADY = "这个问题已经其他填报人（群里的报告大家一起填）回答了，请回答下面这个。";

export async function fillPrivately(o: {
  start: EngineState;
  expected: Report;
  members: number;
  /**
   * Sends a member's answer in their private chat; the bot's reply to it: the first message after it that
   * `answers` accepts (after a restart the bot may first repeat an earlier reply: a private chat has no
   * "reply to" to tell them apart, their content does).
   */
  send: (member: number, text: string, answers: (reply: string) => boolean) => Promise<string>;
  block: number;
  /** called before answer n (faults, restarts) */
  before?: (n: number) => Promise<void>;
  limit?: number;
}): Promise<Filled> {
  let s = o.start;
  const changes: Filled["changes"] = [];
  let redirected = 0;
  let n = 0;
  for (; n < (o.limit ?? 5000); n++) {
    const q = currentQuestion(s);
    if (!q) break;
    let input =
      s.pending?.kind === "batch"
        ? "确认"
        : s.pending && "options" in s.pending
          ? String(s.pending.options.length + 1)
          : typistAnswer(s, o.expected);
    // a choice is answered by its number
    if (!s.pending && q.answer.kind === "choice" && q.answer.options.includes(input))
      input = String(q.answer.options.indexOf(input) + 1);
    await o.before?.(n);
    const member = Math.floor(n / o.block) % o.members;
    const r = step(s, input);
    // its last line: a long reply comes in several messages, the last one ends with it
    const next = (r.replies.at(-1)?.text ?? "").split("\n").at(-1) as string;
    const answers = (reply: string) => reply.startsWith(ANSWERED_ALREADY) || reply.includes(next);
    let reply = await o.send(member, input, answers);
    if (reply.startsWith(ANSWERED_ALREADY)) {
      redirected++;
      reply = await o.send(member, input, answers);
    }
    if (reply.startsWith(ANSWERED_ALREADY)) throw new Error(`answer ${n} refused twice: ${reply}`);
    s = r.state;
    changes.push(...r.changes.map((c) => ({ field: c.field, value: c.value, by: member })));
  }
  return { state: s, changes, answers: n, redirected };
}
