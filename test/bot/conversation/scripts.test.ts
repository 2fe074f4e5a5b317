import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectedReport, runScript, SCRIPTS } from "../../../bench/chat.bench.js";

/**
 * A whole report typed as a clerk types it (examples/chat/*.txt): several figures a message where it
 * helps, tables pasted from Excel, the explanations and refusals on the way. The report built equals the
 * expected file exactly, in at most the messages the issue allows (the sample 150, a small unit 60).
 */
describe("the scripted runs of examples/chat", () => {
  for (const x of SCRIPTS) {
    it(`${x.what}: ${x.name}.txt rebuilds ${x.expected} exactly in ≤ ${x.limit} messages`, () => {
      const run = runScript(x.name);
      // read by people: the whole conversation, start to end
      mkdirSync("test-output", { recursive: true });
      writeFileSync(`test-output/chat-${x.name}-transcript.txt`, `${run.transcript.join("\n")}\n`);
      expect(run.finished).toBe(true);
      expect(run.report).toEqual(expectedReport(x.expected));
      expect(run.messages).toBeLessThanOrEqual(x.limit);
    });
  }

  it("counts: the sample in 80 messages, the small unit in 55", () => {
    // counted by hand from the files (lines that are not notes): a change to a script shows here
    expect(SCRIPTS.map((x) => runScript(x.name).messages)).toEqual([80, 55]);
  });
});
