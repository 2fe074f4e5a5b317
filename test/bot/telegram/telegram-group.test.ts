import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentQuestion } from "../../../bot/conversation/cursor.js";
import { getAt, materialize } from "../../../bot/conversation/draft.js";
import type { EngineState } from "../../../bot/conversation/state.js";
import { step } from "../../../bot/conversation/step.js";
import { MemoryRepository } from "../../../storage/memory.js";
import type { FakeChat, FakeMessage, FakeUser } from "../../fakes/telegram.js";
import { sample } from "../../helpers.js";
import { RETYPED, SLIPS, typistAnswer } from "../../typist.js";
import { buttons, Harness, texts } from "../harness.js";

/**
 * The sample filled in by two staff of the unit in their group chat, taking turns, as replies to the
 * bot's questions (privacy mode on: the bot sees only commands and replies to itself). A third member
 * may look and ask what-ifs but not answer; somebody else's chat sees nothing.
 */
const wang: FakeUser = { id: 201, first_name: "王", last_name: "会计" };
const li: FakeUser = { id: 202, first_name: "李", last_name: "出纳" };
const zhao: FakeUser = { id: 203, first_name: "赵", last_name: "科长" };
const group: FakeChat = { id: -1002001, type: "supergroup", title: "移民中心财务群" };
const otherGroup: FakeChat = { id: -1002002, type: "supergroup", title: "别的单位" };

const repo = new MemoryRepository();
const h = new Harness(repo);
beforeAll(() => h.start());
afterAll(async () => {
  mkdirSync("test-output", { recursive: true });
  writeFileSync("test-output/telegram-group-transcript.txt", `${h.fake.transcript(group)}\n`);
  await h.stop();
});

async function stored(chat: FakeChat): Promise<EngineState> {
  const r = (await repo.findByChat(String(chat.id)))[0];
  if (!r) throw new Error("no report");
  return r.state as EngineState;
}

describe("the sample filled in a group by two members taking turns", () => {
  it("rebuilds the sample exactly; every answer recorded once with who gave it", async () => {
    const expected = sample();
    const started = await h.say(group, wang, `/new ${expected.unit.name} ${expected.unit.year}`);
    expect(texts(started)).toContain(
      `已新建“${expected.unit.name}${expected.unit.year}年度”，负责人：王 会计。`,
    );
    // the question goes to the one who started, as a reply they are asked to answer
    expect(started.at(-1)?.reply_to_message?.from.id).toBe(wang.id);

    // 李 is not a member yet: an answer is refused and nothing is stored
    const before = await stored(group);
    const refused = await h.answer(group, li, "万元");
    expect(texts(refused)).toContain("你还不是这份报告的填报人");
    expect(await stored(group)).toEqual(before);
    // 王 (the owner) adds 李 by replying to one of 李's messages
    const liSaid = h.fake.log.filter((m) => m.from.id === li.id).at(-1) as FakeMessage;
    const added = await h.say(group, wang, "/members add", liSaid.message_id);
    expect(texts(added)).toBe("已添加填报人：李 出纳\n负责人：王 会计\n填报人：李 出纳");

    let s = await stored(group);
    const people = [wang, li];
    let turn = 0;
    let fixedTotal = false;
    let pressed = 0;
    const slipped = new Set<string>();
    const send = async (input: string) => {
      const who = people[turn++ % 2] as FakeUser;
      const question = h.lastQuestion(group) as FakeMessage;
      const b = buttons(question).find((x) => x.callback_data.endsWith(`:${input}`));
      if (b) pressed++;
      const replies = b
        ? await h.pressData(group, who, question.message_id, b.callback_data)
        : await h.answer(group, who, input);
      s = step(s, input).state;
      if (process.env.DEBUG_SHADOW) {
        const now = await stored(group);
        if (JSON.stringify(now) !== JSON.stringify(s))
          throw new Error(`diverged at ${turn} after ${input} (${b ? "button" : "text"}): ${texts(replies)}`);
      }
      return replies;
    };
    for (let guard = 0; guard < 2000; guard++) {
      if (s.pending?.kind === "batch") {
        await send("确认");
        continue;
      }
      if (s.pending && "options" in s.pending) {
        const total = s.pending.options.findIndex(
          (o) => o.key === "basicExpenditure.goodsAndServices.amount",
        );
        const fix =
          !fixedTotal && total >= 0 && getAt(s.draft, "basicExpenditure.goodsAndServices.amount") === "10.27";
        if (fix) fixedTotal = true;
        await send(String(fix ? total + 1 : s.pending.options.length + 1));
        continue;
      }
      const q = currentQuestion(s);
      if (!q) break;
      if (SLIPS[q.key] && !slipped.has(q.key)) {
        slipped.add(q.key);
        for (const slip of SLIPS[q.key] as string[]) await send(slip);
        if (q.key === "basicExpenditure.goodsAndServices.amount") continue;
      }
      const input = RETYPED[q.key] ?? typistAnswer(s, expected);
      // a choice is pressed as its button (its number)
      const choice = q.answer.kind === "choice" ? q.answer.options.indexOf(input) : -1;
      await send(choice >= 0 ? String(choice + 1) : input);
      if (turn === 300) {
        // mid-way: the third member cannot answer or edit
        const no = await h.answer(group, zhao, "1");
        expect(texts(no)).toContain("只能查看");
        const edit = await h.say(group, zhao, "/edit 二 1");
        expect(texts(edit)).toContain("只能查看");
        expect(await stored(group)).toEqual(s);
      }
    }
    const finalState = await stored(group);
    expect(finalState).toEqual(s);
    expect(materialize(finalState.draft)).toEqual(expected);
    expect(pressed).toBeGreaterThan(20);

    // every answer once, by the two who gave them in turn
    const report = (await repo.findByChat(String(group.id)))[0];
    const history = await repo.history(report?.id as string);
    const by = new Set(history.map((a) => a.by));
    expect(by).toEqual(new Set([String(wang.id), String(li.id)]));
    const status = await h.say(group, zhao, "/status");
    expect(texts(status)).toMatch(
      /填写人：王 会计 \d+ 项，李 出纳 \d+ 项|填写人：李 出纳 \d+ 项，王 会计 \d+ 项/,
    );
    // the third member asks a what-if: answered, nothing stored changes
    const w = await h.say(group, zhao, "/whatif 资金直补受益移民（人）=23330");
    expect(texts(w)).toContain("99.23");
    expect(await stored(group)).toEqual(finalState);
    const other = await h.say(otherGroup, zhao, "/status");
    expect(texts(other)).toContain("本群还没有报告");
  }, 300_000);
});
