import { describe, expect, it } from "vitest";
import { SCRIPT } from "../../bench/bot.bench.js";
import { durabilityRun, GROUP_SCRIPT } from "../../bench/durability.js";
import { initialState, step } from "../../bot/conversation/index.js";
import { postgresBin, startPostgres, type ThrowawayPostgres } from "../../scripts/throwaway-postgres.js";

// The benchmarks type these scripts into the bot: every line must be an answer the conversation takes
// (when the questionnaire changes, a line it no longer expects would stop `npm run bench` midway).
describe("the benchmarks' scripts follow the conversation", () => {
  it("every line of the throughput script is taken as an answer", () => {
    let s = initialState();
    const refused: string[] = [];
    for (const text of SCRIPT.slice(1)) {
      const r = step(s, text);
      // an answer is stored (changes) or a yes/no opens or skips a part (the state moves on)
      if (r.changes.length === 0 && r.state === s) refused.push(text);
      s = r.state;
    }
    expect(refused).toEqual([]);
  });
});

// Scaled down for the test suite; `npm run bench` runs it with 50 kills on each database.
describe("durability under kill -9 (the bot process, restarted after each kill)", () => {
  it("SQLite (WAL): nothing acknowledged is lost, nothing applied twice", async () => {
    const r = await durabilityRun({ chats: 4, kills: 5 });
    expect([r.kills, r.lost, r.duplicated, r.inconsistent, r.crashes]).toEqual([5, 0, 0, 0, 0]);
    expect(r.acknowledged).toBe(4 * GROUP_SCRIPT.length);
  }, 180_000);
  it.skipIf(!postgresBin())(
    "PostgreSQL: the same",
    async () => {
      const pg = (await startPostgres()) as ThrowawayPostgres;
      try {
        const r = await durabilityRun({ databaseUrl: pg.url, chats: 4, kills: 5 });
        expect([r.kills, r.lost, r.duplicated, r.inconsistent, r.crashes]).toEqual([5, 0, 0, 0, 0]);
        expect(r.acknowledged).toBe(4 * GROUP_SCRIPT.length);
      } finally {
        pg.stop();
      }
    },
    180_000,
  );
});

describe("kill -9 in webhook mode, and while a slow LLM call is in hand", () => {
  it("webhook (each update POSTed until answered 200): nothing answered 200 is lost, nothing applied twice", async () => {
    const r = await durabilityRun({ chats: 3, kills: 4, webhook: true });
    expect([r.kills, r.lost, r.duplicated, r.inconsistent, r.crashes]).toEqual([4, 0, 0, 0, 0]);
    expect(r.acknowledged).toBe(3 * GROUP_SCRIPT.length);
  }, 240_000);
  it("a what-if waiting 1.5 s on the LLM in every chat: kills land during those calls, nothing is lost", async () => {
    const r = await durabilityRun({ chats: 3, kills: 4, slowLlmMs: 1500 });
    expect([r.kills, r.lost, r.duplicated, r.inconsistent, r.crashes]).toEqual([4, 0, 0, 0, 0]);
    expect(r.acknowledged).toBe(3 * (GROUP_SCRIPT.length + 1)); // the what-if is answered too, after the restart if need be
  }, 240_000);
});

describe("faults on the Telegram side", () => {
  it("20% of calls failing (429, 5xx, dropped) or slow: every conversation completes, nothing twice, no crash", async () => {
    const r = await durabilityRun({ chats: 3, kills: 0, faultRate: 0.2 });
    expect([r.lost, r.duplicated, r.inconsistent, r.crashes]).toEqual([0, 0, 0, 0]);
    expect(r.acknowledged).toBe(3 * GROUP_SCRIPT.length);
    expect(r.faults).toBeGreaterThan(5);
  }, 300_000);
});
