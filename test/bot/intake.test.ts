import { describe, expect, it } from "vitest";
import { Intake } from "../../bot/intake.js";
import { MemoryInbox, type StoredDelivery } from "../../storage/inbox.js";

/** The intake: stored first, then handled per chat in order, chats in parallel, a bounded number at once. */
const d = (key: string, chatId: string) => ({ source: "t", key, chatId, payload: key });

/** A handler whose calls wait until the test releases them, recording the order they start and end. */
function gate() {
  const started: string[] = [];
  const ended: string[] = [];
  const waiting = new Map<string, () => void>();
  const handle = (x: StoredDelivery) =>
    new Promise<void>((resolve) => {
      started.push(x.key);
      waiting.set(x.key, () => {
        ended.push(x.key);
        resolve();
      });
    });
  const release = (key: string) => waiting.get(key)?.();
  return { started, ended, handle, release };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("intake", () => {
  it("one chat in order, other chats meanwhile: a slow update holds up only its own chat", async () => {
    const g = gate();
    const intake = new Intake({ inbox: new MemoryInbox(), handle: g.handle });
    await intake.receive([d("a1", "A"), d("a2", "A"), d("b1", "B"), d("c1", "C")]);
    await tick();
    expect(g.started).toEqual(["a1", "b1", "c1"]); // a2 waits for a1; B and C do not
    g.release("b1");
    g.release("c1");
    await tick();
    expect(g.started).toEqual(["a1", "b1", "c1"]);
    g.release("a1");
    await tick();
    expect(g.started).toEqual(["a1", "b1", "c1", "a2"]);
    g.release("a2");
    expect(await intake.drain(1000)).toBe(true);
    expect(g.ended).toEqual(["b1", "c1", "a1", "a2"]);
  });

  it("at most maxChats chats at a time; the next chat starts when one finishes", async () => {
    const g = gate();
    const intake = new Intake({ inbox: new MemoryInbox(), handle: g.handle, maxChats: 2 });
    await intake.receive([d("a", "A"), d("b", "B"), d("c", "C")]);
    await tick();
    expect(g.started).toEqual(["a", "b"]);
    g.release("b");
    await tick();
    expect(g.started).toEqual(["a", "b", "c"]);
    g.release("a");
    g.release("c");
    expect(await intake.drain(1000)).toBe(true);
  });

  it("an update delivered twice is handled once; one that throws is logged and the chat goes on", async () => {
    const handled: string[] = [];
    const logs: string[] = [];
    const intake = new Intake({
      inbox: new MemoryInbox(),
      handle: async (x) => {
        handled.push(x.key);
        if (x.key === "1") throw new Error("boom");
      },
      log: (l) => logs.push(l),
    });
    await intake.receive([d("1", "A"), d("2", "A")]);
    await intake.receive([d("2", "A"), d("3", "A")]); // 2 again: a redelivery
    expect(await intake.drain(1000)).toBe(true);
    expect(handled).toEqual(["1", "2", "3"]);
    expect(logs).toEqual(["处理消息 t:1 时出错：Error: boom"]);
  });

  it("what was stored and not handled when the process stopped is handled after the restart, in order", async () => {
    const inbox = new MemoryInbox();
    const g = gate();
    const first = new Intake({ inbox, handle: g.handle });
    await first.receive([d("1", "A"), d("2", "A"), d("3", "B")]);
    await tick();
    g.release("3");
    expect(await first.drain(50)).toBe(false); // 1 in hand, 2 waiting: the process stops here
    expect((await inbox.unhandled(10)).map((x) => x.key)).toEqual(["1", "2"]);
    const handled: string[] = [];
    const second = new Intake({ inbox, handle: async (x) => void handled.push(x.key) });
    expect(await second.resume()).toBe(2);
    expect(await second.drain(1000)).toBe(true);
    expect(handled).toEqual(["1", "2"]);
    expect(await inbox.unhandled(10)).toEqual([]);
  });
});
