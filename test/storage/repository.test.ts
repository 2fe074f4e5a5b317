import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "../../generated/sqlite/client.js";
import { CachedRepository } from "../../storage/cached.js";
import { GroupOutcomeUnknown } from "../../storage/groupThread.js";
import { MemoryRepository } from "../../storage/memory.js";
import { openRepository } from "../../storage/prisma.js";
import type { ReportRepository } from "../../storage/repository.js";
import type { GroupWriter } from "../../storage/writes.js";

const dir = mkdtempSync(join(tmpdir(), "zipin-store-"));

/** The group writer's thread of a SQLite repository (storage/groupThread.ts), to end it or stand in for it. */
function threadOf(repo: unknown): {
  call(req: { id: number } | { id: number; stmts: unknown[] }, mark: string): Promise<unknown[]>;
  running: { worker: { terminate(): Promise<number> } };
} {
  return (repo as { writer: { sqlite: never } }).writer.sqlite;
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh PostgreSQL database on the test server, so every run starts empty. */
async function freshPgDatabase(base: string): Promise<string> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const name = `zipin_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

const pgUrl = inject("pgUrl");
const implementations: [string, (() => Promise<ReportRepository>) | null][] = [
  ["memory", async () => new MemoryRepository()],
  ["SQLite", () => openRepository(join(dir, `t-${Math.random()}.db`))],
  [
    "SQLite, with reads kept in memory",
    async () => new CachedRepository(await openRepository(join(dir, `c-${Math.random()}.db`))),
  ],
  ["PostgreSQL", pgUrl ? async () => openRepository(await freshPgDatabase(pgUrl)) : null],
];

describe.each(implementations)("repository on %s", (name, open) => {
  let repo: ReportRepository;
  beforeAll(async () => {
    if (open) repo = await open();
  });
  afterAll(async () => {
    await repo?.close();
  });
  const maybe = open ? it : it.skip;

  maybe("creates a report owned by its creator, once per chat, unit and year", async () => {
    const a = await repo.create({
      chatId: "c1",
      unit: "衡阳县库区移民事务中心",
      year: 2020,
      ownerId: "u1",
      ownerName: "王会计",
      state: { v: 1 },
    });
    expect([a.created, a.report.version, a.report.status, a.report.state]).toEqual([
      true,
      0,
      "draft",
      { v: 1 },
    ]);
    const again = await repo.create({
      chatId: "c1",
      unit: "衡阳县库区移民事务中心",
      year: 2020,
      ownerId: "u2",
      state: {},
    });
    expect([again.created, again.report.id, again.report.ownerId]).toEqual([false, a.report.id, "u1"]);
    expect(await repo.members(a.report.id)).toEqual([{ userId: "u1", role: "owner", name: "王会计" }]);
  });

  maybe(
    "many people starting at one moment: each report created once, with its owner, read back as returned",
    async () => {
      // 30 chats start together: on a database, one group transaction (they share its time)
      const inputs = Array.from({ length: 30 }, (_, i) => ({
        chatId: `burst${i}`,
        unit: `单位${i}`,
        year: 2023,
        ownerId: `p${i}`,
        ownerName: `填报人${i}`,
        state: { n: i },
      }));
      const firsts = await Promise.all(inputs.map((x) => repo.create(x)));
      expect(firsts.every((r) => r.created)).toBe(true);
      if (name !== "memory") expect(new Set(firsts.map((r) => r.report.updatedAt.getTime())).size).toBe(1);
      // the same chat, unit and year twice at one moment: one of the two creates it, the other gets that report
      const late = (i: number) => ({ ...inputs[i], year: 2024, ownerId: "late", ownerName: "晚到的人" });
      const twice = await Promise.all(
        [late(3), late(3), late(17), late(17)].map((x) => repo.create(x as never)),
      );
      for (const [a, b] of [twice.slice(0, 2), twice.slice(2)]) {
        expect([a?.created, b?.created].sort()).toEqual([false, true]);
        expect(a?.report.id).toBe(b?.report.id);
      }
      expect(new Set(firsts.map((r) => r.report.id)).size).toBe(30);
      for (const [i, r] of firsts.entries()) {
        const back = await repo.get(r.report.id);
        expect([back?.chatId, back?.unit, back?.year, back?.version, back?.status, back?.state]).toEqual([
          `burst${i}`,
          `单位${i}`,
          2023,
          0,
          "draft",
          { n: i },
        ]);
        expect(back?.createdAt.getTime()).toBe(r.report.createdAt.getTime());
        const owner = (await repo.members(r.report.id)).filter((m) => m.role === "owner");
        expect(owner).toHaveLength(1);
        expect(owner[0]?.userId).toBe(back?.ownerId);
      }
      // a report created in the group takes commits as any other
      const c = await repo.commit({
        reportId: firsts[0]?.report.id as string,
        expectedVersion: 0,
        state: { n: 100 },
        by: "p0",
        answers: [{ field: "x", value: "1", previous: null }],
      });
      expect(c).toEqual({ ok: true, version: 1 });
    },
  );

  maybe("a commit applies state, answers and audit atomically and bumps the version", async () => {
    const { report } = await repo.create({
      chatId: "c2",
      unit: "U",
      year: 2020,
      ownerId: "u1",
      state: { step: 0 },
    });
    const r = await repo.commit({
      reportId: report.id,
      expectedVersion: 0,
      state: { step: 1, answers: { "generalBudget.income": "352.29" } },
      by: "u1",
      answers: [{ field: "generalBudget.income", value: "352.29", previous: null }],
      audit: { action: "answer", detail: "generalBudget.income" },
    });
    expect(r).toEqual({ ok: true, version: 1 });
    const r2 = await repo.commit({
      reportId: report.id,
      expectedVersion: 1,
      state: { step: 1, answers: { "generalBudget.income": "352.30" } },
      by: "u2",
      answers: [{ field: "generalBudget.income", value: "352.30", previous: "352.29" }],
    });
    expect(r2).toEqual({ ok: true, version: 2 });
    const stored = await repo.get(report.id);
    expect([stored?.version, stored?.state]).toEqual([
      2,
      { step: 1, answers: { "generalBudget.income": "352.30" } },
    ]);
    const h = await repo.history(report.id, "generalBudget.income");
    expect(h.map((a) => [a.seq, a.value, a.previous, a.by])).toEqual([
      [1000, "352.29", null, "u1"],
      [2000, "352.30", "352.29", "u2"],
    ]);
    expect((await repo.auditLog(report.id)).map((a) => [a.actor, a.action, a.detail])).toEqual([
      ["u1", "answer", "generalBudget.income"],
    ]);
  });

  maybe(
    "an update applied to a report is known as applied (to that report only), one not applied is not",
    async () => {
      const { report } = await repo.create({
        chatId: "c2k",
        unit: "U",
        year: 2020,
        ownerId: "u1",
        state: {},
      });
      const { report: other } = await repo.create({
        chatId: "c2k2",
        unit: "U",
        year: 2020,
        ownerId: "u1",
        state: {},
      });
      const c = {
        reportId: report.id,
        expectedVersion: 0,
        state: { a: 1 },
        by: "u1",
        updateKey: "tg:77",
        answers: [],
      };
      expect(await repo.applied(report.id, "tg:77")).toBe(false);
      expect(await repo.commit(c)).toEqual({ ok: true, version: 1 });
      expect([
        await repo.applied(report.id, "tg:77"),
        await repo.applied(report.id, "tg:78"),
        await repo.applied(other.id, "tg:77"),
      ]).toEqual([true, false, false]);
    },
  );

  maybe("a commit reads back with the times it was written at, and a new status", async () => {
    const { report } = await repo.create({ chatId: "c2t", unit: "U", year: 2020, ownerId: "u1", state: {} });
    const before = Date.now();
    const r = await repo.commit({
      reportId: report.id,
      expectedVersion: 0,
      state: { done: true },
      by: "u1",
      status: "final",
      answers: [{ field: "unit.name", value: "某单位", previous: null }],
      audit: { action: "final" },
    });
    const after = Date.now();
    expect(r).toEqual({ ok: true, version: 1 });
    const stored = await repo.get(report.id);
    const [answer] = await repo.history(report.id);
    const [audit] = await repo.auditLog(report.id);
    const times = [stored?.updatedAt, answer?.at, audit?.at].map((d) => d instanceof Date && d.getTime());
    for (const t of times) expect(t !== false && t >= before - 1 && t <= after + 1).toBe(true);
    expect([stored?.status, stored?.version, answer?.value, audit?.detail]).toEqual([
      "final",
      1,
      "某单位",
      "",
    ]);
  });

  maybe("a commit computed from a stale version is refused and changes nothing", async () => {
    const { report } = await repo.create({
      chatId: "c3",
      unit: "U",
      year: 2020,
      ownerId: "u1",
      state: { n: 0 },
    });
    expect(await repo.commit({ reportId: report.id, expectedVersion: 0, state: { n: 1 }, by: "u1" })).toEqual(
      { ok: true, version: 1 },
    );
    const stale = await repo.commit({
      reportId: report.id,
      expectedVersion: 0,
      state: { n: 99 },
      by: "u2",
      answers: [{ field: "x", value: "1", previous: null }],
    });
    expect(stale).toEqual({ ok: false, reason: "conflict", version: 1 });
    expect([(await repo.get(report.id))?.state, await repo.history(report.id)]).toEqual([{ n: 1 }, []]);
  });

  maybe("the same update is never applied twice", async () => {
    const { report } = await repo.create({ chatId: "c4", unit: "U", year: 2020, ownerId: "u1", state: {} });
    const commit = {
      reportId: report.id,
      state: { a: 1 },
      by: "u1",
      updateKey: "tg:1001",
      answers: [{ field: "a", value: "1", previous: null }],
    };
    expect(await repo.commit({ ...commit, expectedVersion: 0 })).toEqual({ ok: true, version: 1 });
    expect(await repo.commit({ ...commit, expectedVersion: 1 })).toEqual({
      ok: false,
      reason: "duplicate",
      version: 1,
    });
    expect((await repo.history(report.id)).length).toBe(1);
  });

  maybe("of concurrent commits from one version exactly one wins", async () => {
    const { report } = await repo.create({ chatId: "c5", unit: "U", year: 2020, ownerId: "u1", state: {} });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        repo.commit({
          reportId: report.id,
          expectedVersion: 0,
          state: { by: i },
          by: `u${i}`,
          answers: [{ field: "f", value: String(i), previous: null }],
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: 1 }]);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.reason))).toEqual([
      "conflict",
      "conflict",
      "conflict",
      "conflict",
    ]);
    expect((await repo.history(report.id)).length).toBe(1);
  });

  maybe("a chat sees only its own reports; a commit to a missing report is refused", async () => {
    await repo.create({ chatId: "a", unit: "U1", year: 2020, ownerId: "u1", state: {} });
    await repo.create({ chatId: "b", unit: "U2", year: 2020, ownerId: "u2", state: {} });
    expect((await repo.findByChat("a")).map((r) => r.unit)).toEqual(["U1"]);
    expect(await repo.commit({ reportId: "nope", expectedVersion: 0, state: {}, by: "u1" })).toEqual({
      ok: false,
      reason: "missing",
      version: null,
    });
  });

  maybe("a report takes the unit and year answered, unless the chat already has that report", async () => {
    const a = await repo.create({ chatId: "c7", unit: "（未命名）", year: 0, ownerId: "u1", state: {} });
    const b = await repo.create({ chatId: "c7", unit: "甲单位", year: 2020, ownerId: "u1", state: {} });
    const other = await repo.create({ chatId: "c8", unit: "乙单位", year: 2021, ownerId: "u9", state: {} });
    const id = a.report.id;
    expect(
      await repo.commit({
        reportId: id,
        expectedVersion: 0,
        state: {},
        by: "u1",
        identity: { unit: "甲单位", year: 2020 },
      }),
    ).toEqual({ ok: false, reason: "taken", version: 0 });
    // the same unit-year in another chat is another report: no clash
    expect(
      await repo.commit({
        reportId: id,
        expectedVersion: 0,
        state: { n: 1 },
        by: "u1",
        identity: { unit: "乙单位", year: 2021 },
      }),
    ).toEqual({ ok: true, version: 1 });
    const now = await repo.get(id);
    expect([now?.unit, now?.year, now?.state]).toEqual(["乙单位", 2021, { n: 1 }]);
    expect([(await repo.get(b.report.id))?.unit, (await repo.get(other.report.id))?.chatId]).toEqual([
      "甲单位",
      "c8",
    ]);
    // at the same moment as other commits (one group): only the clashing one is refused
    const [clash, fine] = await Promise.all([
      repo.commit({
        reportId: b.report.id,
        expectedVersion: 0,
        state: { n: 2 },
        by: "u1",
        identity: { unit: "乙单位", year: 2021 },
      }),
      repo.commit({ reportId: other.report.id, expectedVersion: 0, state: { n: 3 }, by: "u9" }),
    ]);
    expect([clash, fine]).toEqual([
      { ok: false, reason: "taken", version: 0 },
      { ok: true, version: 1 },
    ]);
    expect([(await repo.get(b.report.id))?.unit, (await repo.get(other.report.id))?.state]).toEqual([
      "甲单位",
      { n: 3 },
    ]);
  });

  maybe(
    "commits of many reports at once: each applied exactly as alone, stale and repeated ones refused",
    async () => {
      const reports = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          repo.create({ chatId: `g${i}`, unit: "U", year: 2020, ownerId: "u", state: { n: 0 } }),
        ),
      );
      const ids = reports.map((r) => r.report.id);
      // round 1: all fresh, in one burst
      const first = await Promise.all(
        ids.map((id, i) =>
          repo.commit({
            reportId: id,
            expectedVersion: 0,
            state: { n: 1 },
            by: "u",
            updateKey: `k${i}`,
            answers: [{ field: "f", value: String(i), previous: null }],
            audit: { action: "answer" },
          }),
        ),
      );
      expect(first).toEqual(ids.map(() => ({ ok: true, version: 1 })));
      // round 2: in one burst, #3 is stale and #7 repeats an applied update; the others go through
      const second = await Promise.all(
        ids.map((id, i) =>
          repo.commit({
            reportId: id,
            expectedVersion: i === 3 ? 0 : 1,
            state: { n: 2 },
            by: "u",
            updateKey: i === 7 ? "k7" : `m${i}`,
            answers: [{ field: "f", value: `${i}b`, previous: String(i) }],
          }),
        ),
      );
      expect(second).toEqual(
        ids.map((_, i) =>
          i === 3
            ? { ok: false, reason: "conflict", version: 1 }
            : i === 7
              ? { ok: false, reason: "duplicate", version: 1 }
              : { ok: true, version: 2 },
        ),
      );
      for (const [i, id] of ids.entries()) {
        const applied = i === 3 || i === 7 ? 1 : 2;
        expect([(await repo.get(id))?.state, (await repo.history(id)).map((a) => [a.seq, a.value])]).toEqual([
          { n: applied },
          [[1000, String(i)], ...(applied === 2 ? [[2000, `${i}b`]] : [])],
        ]);
      }
    },
  );

  maybe("members and drafts", async () => {
    const { report } = await repo.create({ chatId: "c6", unit: "U", year: 2020, ownerId: "u1", state: {} });
    await repo.setMember(report.id, "u2", "editor", "u1", "李出纳");
    await repo.setMember(report.id, "u3", "editor", "u1");
    await repo.removeMember(report.id, "u3");
    await repo.setMember(report.id, "u2", "editor", "u1"); // no name given: the known one is kept
    expect(await repo.members(report.id)).toEqual([
      { userId: "u1", role: "owner", name: "" },
      { userId: "u2", role: "editor", name: "李出纳" },
    ]);
    await repo.saveDraft(report.id, {
      section: "problems",
      text: "1、…",
      source: "llm",
      model: "m",
      templateVersion: "narrative-v1",
      status: "accepted",
    });
    expect((await repo.drafts(report.id)).map((d) => [d.section, d.source, d.model, d.status])).toEqual([
      ["problems", "llm", "m", "accepted"],
    ]);
  });

  maybe("the inbox stores each delivery once and hands back what is not handled, oldest first", async () => {
    const d = (key: string, chatId: string) => ({
      source: "telegram",
      key,
      chatId,
      payload: `{"k":"${key}"}`,
    });
    const first = await repo.inbox.receive([d("1", "a"), d("2", "b"), d("3", "a")]);
    expect(first.map((x) => [x.key, x.chatId, x.payload])).toEqual([
      ["1", "a", '{"k":"1"}'],
      ["2", "b", '{"k":"2"}'],
      ["3", "a", '{"k":"3"}'],
    ]);
    expect(first[0]?.id).toBeLessThan(first[1]?.id as number);
    // delivered again (a redelivery after a crash): not stored twice; a new one is
    const again = await repo.inbox.receive([d("2", "b"), d("4", "b")]);
    expect(again.map((x) => x.key)).toEqual(["4"]);
    await repo.inbox.handled([first[0]?.id as number, first[1]?.id as number]);
    expect((await repo.inbox.unhandled(10)).map((x) => x.key)).toEqual(["3", "4"]);
    expect(await repo.inbox.prune(new Date(Date.now() - 3600_000))).toBe(0); // handled just now: kept
    expect(await repo.inbox.prune(new Date(Date.now() + 1000))).toBe(2);
    expect((await repo.inbox.receive([d("1", "a")])).map((x) => x.key)).toEqual(["1"]); // forgotten, new again
  });

  maybe("remembers which question a sent message asked, by chat and message", async () => {
    await repo.rememberQuestion("g1", "10", "unit.name");
    await repo.rememberQuestion("g1", "11", "unit.year");
    await repo.rememberQuestion("g2", "10", "done");
    await repo.rememberQuestion("g1", "10", "pending:x"); // sent again under the same id: the latest wins
    expect([
      await repo.questionOf("g1", "10"),
      await repo.questionOf("g1", "11"),
      await repo.questionOf("g2", "10"),
      await repo.questionOf("g2", "11"),
    ]).toEqual(["pending:x", "unit.year", "done", null]);
  });

  maybe("the question a private chat was asked last, written at once, replaces the one before", async () => {
    await repo.rememberQuestion("dingtalk:9", "last", "unit.name", true);
    await repo.rememberQuestion("dingtalk:9", "last", "unit.year", true);
    await repo.rememberQuestion("dingtalk:9", "last", "moneyUnit", true);
    expect(await repo.questionOf("dingtalk:9", "last")).toBe("moneyUnit");
  });

  maybe(
    "people seen in groups, the report each private chat works on, the reports a person is a member of",
    async () => {
      await repo.sawInGroup("wecom:li", "wecom:g:A", "li");
      await repo.sawInGroup("wecom:li", "wecom:g:B", "li");
      await repo.sawInGroup("wecom:wang", "wecom:g:A", "wang");
      await repo.sawInGroup("wecom:li", "wecom:g:A", "李四"); // seen again, under a new name
      const mine = await repo.contacts("wecom:li");
      expect(mine.map((c) => [c.chatId, c.name, c.chosen]).sort()).toEqual([
        ["wecom:g:A", "李四", false],
        ["wecom:g:B", "li", false],
      ]);
      expect((await repo.groupContacts("wecom:g:A")).map((c) => c.userId).sort()).toEqual([
        "wecom:li",
        "wecom:wang",
      ]);
      await repo.choose("wecom:li", "wecom:g:B");
      await repo.choose("wecom:li", "wecom:g:A");
      expect((await repo.contacts("wecom:li")).filter((c) => c.chosen).map((c) => c.chatId)).toEqual([
        "wecom:g:A",
      ]);
      await repo.choose("wecom:li", "wecom:li"); // the person's own report
      const chosen = (await repo.contacts("wecom:li")).filter((c) => c.chosen);
      expect(chosen.map((c) => c.chatId)).toEqual(["wecom:li"]);
      const { report } = await repo.create({
        chatId: "wecom:g:A",
        unit: "U",
        year: 2021,
        ownerId: "wecom:wang",
        state: {},
      });
      await repo.setMember(report.id, "wecom:li", "editor", "wecom:wang", "li");
      expect((await repo.memberReports("wecom:li")).map((r) => r.id)).toEqual([report.id]);
      expect((await repo.memberReports("wecom:zhao")).length).toBe(0);
    },
  );

  maybe(
    "the 部门整体 report and each project's table of one unit and year coexist; a true duplicate does not",
    async () => {
      const unit = "衡阳县库区移民事务中心";
      const dept = await repo.create({ chatId: "s1", unit, year: 2020, ownerId: "u1", state: { d: 1 } });
      const water = await repo.create({
        chatId: "s1",
        unit,
        year: 2020,
        subject: "农村饮水安全巩固提升工程",
        ownerId: "u1",
        state: { p: 1 },
      });
      const again = await repo.create({
        chatId: "s1",
        unit,
        year: 2020,
        subject: "农村饮水安全巩固提升工程",
        ownerId: "u2",
        state: {},
      });
      expect([dept.created, water.created, again.created, again.report.id === water.report.id]).toEqual([
        true,
        true,
        false,
        true,
      ]);
      expect([dept.report.subject, water.report.subject, again.report.state]).toEqual([
        "",
        "农村饮水安全巩固提升工程",
        { p: 1 },
      ]);
      // a project table answered as another project: free; answered as the 部门整体 report: taken
      const roads = await repo.create({
        chatId: "s1",
        unit,
        year: 2020,
        subject: "乡村道路",
        ownerId: "u1",
        state: {},
      });
      expect(
        await repo.commit({
          reportId: roads.report.id,
          expectedVersion: 0,
          state: {},
          by: "u1",
          identity: { unit, year: 2020, subject: "" },
        }),
      ).toEqual({ ok: false, reason: "taken", version: 0 });
      expect(
        await repo.commit({
          reportId: roads.report.id,
          expectedVersion: 0,
          state: { n: 1 },
          by: "u1",
          identity: { unit, year: 2020, subject: "乡村道路硬化" },
        }),
      ).toEqual({ ok: true, version: 1 });
      // the unit changed, the subject not named: it stays the project's
      expect(
        await repo.commit({
          reportId: roads.report.id,
          expectedVersion: 1,
          state: { n: 2 },
          by: "u1",
          identity: { unit: "衡阳县水利局", year: 2020 },
        }),
      ).toEqual({ ok: true, version: 2 });
      const now = await repo.get(roads.report.id);
      expect([now?.unit, now?.year, now?.subject]).toEqual(["衡阳县水利局", 2020, "乡村道路硬化"]);
      expect((await repo.findByChat("s1")).map((r) => r.subject).sort()).toEqual([
        "",
        "乡村道路硬化",
        "农村饮水安全巩固提升工程",
      ]);
    },
  );

  maybe("a chat's chosen report: none until chosen, then the one chosen last, per chat", async () => {
    const a = await repo.create({ chatId: "k1", unit: "甲", year: 2020, ownerId: "u1", state: {} });
    const b = await repo.create({ chatId: "k1", unit: "甲", year: 2021, ownerId: "u1", state: {} });
    const c = await repo.create({ chatId: "k2", unit: "乙", year: 2020, ownerId: "u2", state: {} });
    expect(await repo.currentOf("k1")).toBeNull();
    await repo.setCurrent("k1", a.report.id);
    await repo.setCurrent("k2", c.report.id);
    expect([await repo.currentOf("k1"), await repo.currentOf("k2")]).toEqual([a.report.id, c.report.id]);
    await repo.setCurrent("k1", b.report.id);
    expect([await repo.currentOf("k1"), await repo.currentOf("k2")]).toEqual([b.report.id, c.report.id]);
    // a commit to another report of the chat does not change the choice
    await repo.commit({ reportId: a.report.id, expectedVersion: 0, state: { n: 1 }, by: "u1" });
    expect(await repo.currentOf("k1")).toBe(b.report.id);
  });

  maybe("a member's new name changes nothing else about the membership", async () => {
    const { report } = await repo.create({ chatId: "c7", unit: "U", year: 2020, ownerId: "u1", state: {} });
    await repo.setMember(report.id, "u2", "editor", "u1", "李出纳");
    await repo.renameMember(report.id, "u2", "李 出纳（财务）");
    expect(await repo.members(report.id)).toEqual([
      { userId: "u1", role: "owner", name: "" },
      { userId: "u2", role: "editor", name: "李 出纳（财务）" },
    ]);
  });
});

describe("SQLite file", () => {
  it("keeps every committed answer across a close and a reopen, and migrates once", async () => {
    const file = join(dir, "persist.db");
    const a = await openRepository(`file:${file}`);
    const { report } = await a.create({ chatId: "c", unit: "U", year: 2020, ownerId: "u", state: { n: 0 } });
    await a.commit({
      reportId: report.id,
      expectedVersion: 0,
      state: { n: 1 },
      by: "u",
      answers: [{ field: "f", value: "1", previous: null }],
    });
    await a.close();
    const b = await openRepository(file);
    expect([(await b.get(report.id))?.state, (await b.history(report.id)).length]).toEqual([{ n: 1 }, 1]);
    await b.close();
    const db = new Database(file);
    const rows = db
      .prepare(
        "SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS done FROM _prisma_migrations",
      )
      .all();
    expect(rows).toEqual(
      [
        "20261126183744_init",
        "20261127005728_member_name",
        "20261129230542_inbox",
        "20261130004712_group_contact",
        "20261130043023_reports",
      ].map((migration_name) => ({
        migration_name,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        applied_steps_count: 1,
        done: 1,
      })),
    );
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("a member's new name keeps who added them; the questions sent survive a reopen", async () => {
    const file = join(dir, "members.db");
    const a = await openRepository(file);
    const { report } = await a.create({ chatId: "g", unit: "U", year: 2020, ownerId: "u1", state: {} });
    await a.setMember(report.id, "u2", "editor", "u1", "李出纳");
    await a.renameMember(report.id, "u2", "李 出纳");
    await a.rememberQuestion("g", "42", "unit.year");
    await a.close(); // the batch of questions is written on close
    const db = new Database(file);
    expect(db.prepare(`SELECT "addedBy", "name" FROM "Member" WHERE "userId" = 'u2'`).get()).toEqual({
      addedBy: "u1",
      name: "李 出纳",
    });
    db.close();
    const b = await openRepository(file);
    expect(await b.questionOf("g", "42")).toBe("unit.year");
    await b.close();
  });

  it("a lock held by another program: a write waits without freezing the process, and fails after about 5 s", async () => {
    const file = join(dir, "busy.db");
    const repo = await openRepository(file);
    const { report } = await repo.create({ chatId: "c", unit: "U", year: 2020, ownerId: "u", state: {} });
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const error = await repo
      .commit({ reportId: report.id, expectedVersion: 0, state: { n: 1 }, by: "u" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    clearInterval(timer);
    other.exec("ROLLBACK");
    other.close();
    expect(String(error)).toMatch(/timed out|locked|BUSY/i);
    // the event loop ran meanwhile (a synchronous 5 s wait would leave ticks at 0)
    expect(ticks).toBeGreaterThan(50);
    expect(
      (await repo.commit({ reportId: report.id, expectedVersion: 0, state: { n: 1 }, by: "u" })).ok,
    ).toBe(true);
    await repo.close();
  }, 20_000);
  // the group writer's connection lives in a thread of its own (storage/groupThread.ts): a thread that ended
  // (killed, or crashed) is replaced by the next group, and nothing is written twice or lost
  it("the group writer's thread, once ended, is started again by the next commit", async () => {
    const file = join(dir, "thread.db");
    const repo = await openRepository(file);
    const { report } = await repo.create({ chatId: "c", unit: "U", year: 2020, ownerId: "u", state: {} });
    await threadOf(repo).running.worker.terminate();
    const answer = { field: "f", value: "1", previous: null };
    expect(
      await repo.commit({
        reportId: report.id,
        expectedVersion: 0,
        state: { n: 1 },
        by: "u",
        answers: [answer],
      }),
    ).toEqual({ ok: true, version: 1 });
    expect((await repo.history(report.id)).map((a) => a.value)).toEqual(["1"]);
    await repo.close();
  });

  // the thread may end after its COMMIT and before it answers: the writer cannot know whether the group was
  // written, reads its mark back, and neither writes it twice nor tells its callers anything false; or
  // before its COMMIT: then everything is written as if the group had failed. Either way the callers hear
  // what one transaction would have told them: an update stored before is not new, a key twice in one
  // group is new once, a report created, a commit applied once
  it.each([
    ["after", true],
    ["before", false],
  ])(
    "a group whose thread ended %s committing: each item written once, each caller told so",
    async (_, commitsFirst) => {
      const file = join(dir, `unknown-${commitsFirst}.db`);
      const repo = await openRepository(file);
      const { report } = await repo.create({ chatId: "c", unit: "U", year: 2020, ownerId: "u", state: {} });
      const d = (key: string) => ({ source: "telegram", key, chatId: "c", payload: "{}" });
      await repo.inbox.receive([d("0")]);
      const thread = threadOf(repo);
      const real = thread.call.bind(thread);
      let ended = 0;
      thread.call = async (req, mark) => {
        if (!("stmts" in req) || ended++ > 0) return real(req, mark);
        if (commitsFirst) await real(req, mark);
        throw new GroupOutcomeUnknown("the database thread has ended (test)", mark);
      };
      const writer = (repo as unknown as { writer: GroupWriter }).writer;
      const answer = { field: "f", value: "1", previous: null };
      const [first, second, committed, created] = await Promise.all([
        repo.inbox.receive([d("0"), d("1")]),
        repo.inbox.receive([d("1"), d("2")]),
        repo.commit({
          reportId: report.id,
          expectedVersion: 0,
          state: { n: 1 },
          by: "u",
          updateKey: "k1",
          answers: [answer],
        }),
        writer.create({ chatId: "c", unit: "U", year: 2021, ownerId: "u", state: {} }, "r2021", new Date()),
      ]);
      expect([
        ended,
        first.map((x) => x.key),
        second.map((x) => x.key),
        committed,
        [created.created, created.report.year],
      ]).toEqual([commitsFirst ? 1 : 2, ["1"], ["2"], { ok: true, version: 1 }, [true, 2021]]);
      expect((await repo.history(report.id)).map((a) => a.value)).toEqual(["1"]);
      await repo.close();
      const check = new Database(file);
      expect([
        check.prepare(`SELECT "key" FROM "InboxUpdate" WHERE "source" = 'telegram' ORDER BY "id"`).all(),
        check.prepare(`SELECT "year" FROM "Report" ORDER BY "year"`).all(),
        check.prepare(`SELECT count(*) AS n FROM "AppliedUpdate"`).get(),
      ]).toEqual([[{ key: "0" }, { key: "1" }, { key: "2" }], [{ year: 2020 }, { year: 2021 }], { n: 1 }]);
      check.close();
    },
  );

  // a write made while one of Prisma's transactions is open on its connection (it awaits its statements one
  // by one) must not become part of that transaction: neither a single Prisma write (Prisma runs it outside
  // any transaction, straight on the connection) nor a commit of the group writer (storage/serialized.ts)
  it("writes made while one of Prisma's transactions is open are not undone when that one rolls back", async () => {
    const file = join(dir, "nested.db");
    const repo = await openRepository(file);
    const { report } = await repo.create({ chatId: "c", unit: "U", year: 2020, ownerId: "u", state: {} });
    const db = (repo as unknown as { db: PrismaClient }).db;
    let meanwhile: Promise<unknown>[] = [];
    const undone = await db
      .$transaction(async (tx) => {
        await tx.auditLog.create({
          data: { id: "a1", reportId: report.id, actor: "u", action: "test", detail: "" },
        });
        meanwhile = [
          repo.commit({ reportId: report.id, expectedVersion: 0, state: { n: 1 }, by: "u" }),
          repo.setMember(report.id, "u2", "editor", "u", "李出纳"),
        ];
        await new Promise((r) => setTimeout(r, 100));
        throw new Error("undo");
      })
      .then(
        () => false,
        (e: unknown) => String(e) === "Error: undo",
      );
    expect([undone, (await Promise.all(meanwhile))[0]]).toEqual([true, { ok: true, version: 1 }]);
    await repo.close();
    const check = new Database(file);
    expect([
      check.prepare(`SELECT "version", "state" FROM "Report"`).get(),
      check.prepare(`SELECT "role", "name" FROM "Member" WHERE "userId" = 'u2'`).get(),
      check.prepare(`SELECT count(*) AS n FROM "AuditLog" WHERE "id" = 'a1'`).get(),
    ]).toEqual([{ version: 1, state: '{"n":1}' }, { role: "editor", name: "李出纳" }, { n: 0 }]);
    check.close();
  });
});

describe("reads kept in memory (CachedRepository)", () => {
  /** The in-memory repository, with the chosen reads held until released: a slow database. */
  function slowReads() {
    const inner = new MemoryRepository();
    const held: (() => void)[] = [];
    let hold = false;
    const slow = new Proxy(inner, {
      get(t, k) {
        const v = Reflect.get(t, k, t);
        if (typeof v !== "function") return v;
        if (k !== "findByChat" && k !== "currentOf") return v.bind(t);
        return async (...a: unknown[]) => {
          const result = await v.apply(t, a); // read now, answered later: what a slow read does
          if (hold) await new Promise<void>((r) => held.push(r));
          return result;
        };
      },
    }) as ReportRepository;
    return {
      repo: new CachedRepository(slow),
      holdReads: () => {
        hold = true;
      },
      release: () => {
        hold = false;
        for (const r of held.splice(0)) r();
      },
    };
  }

  it("a list read before a report was created is not kept: the new report is found", async () => {
    const s = slowReads();
    await s.repo.create({ chatId: "g", unit: "甲", year: 2020, ownerId: "u", state: {} });
    s.holdReads();
    const reading = s.repo.findByChat("g"); // on its way: one report
    const made = await s.repo.create({ chatId: "g", unit: "甲", year: 2021, ownerId: "u", state: {} });
    s.release();
    expect((await reading).map((r) => r.year)).toEqual([2020]);
    expect((await s.repo.findByChat("g")).map((r) => r.year).sort()).toEqual([2020, 2021]);
    expect(made.created).toBe(true);
  });

  it("a choice read before another was made is not kept: the new choice holds", async () => {
    const s = slowReads();
    await s.repo.create({ chatId: "h", unit: "乙", year: 2020, ownerId: "u", state: {} });
    const second = await s.repo.create({ chatId: "h", unit: "乙", year: 2021, ownerId: "u", state: {} });
    s.holdReads();
    const reading = s.repo.currentOf("h"); // on its way: nothing chosen yet
    await s.repo.setCurrent("h", second.report.id); // /use 2 meanwhile
    s.release();
    expect(await reading).toBe(null);
    expect(await s.repo.currentOf("h")).toBe(second.report.id);
  });
});
