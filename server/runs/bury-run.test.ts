import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { buryRun, type WriteRunRow } from "./bury-run";

async function openRun() {
  return db.jobRun.create({
    data: { id: `bury-${randomUUID()}`, kind: "noop", params: { a: 1 }, priority: "P2", queue: "jobs", trigger: "manual", status: "running" },
  });
}

describe("buryRun", () => {
  afterAll(() => db.$disconnect());

  it("writes the row's error, then the dead letter, then the status: whoever sees the run dead finds its letter", async () => {
    const run = await openRun();
    const seen: string[] = [];
    const writeRow: WriteRunRow = async (change) => {
      const letter = await db.deadLetter.findUnique({ where: { runId: run.id } });
      seen.push(`${"status" in change ? "status" : "error"} (letter ${letter ? "there" : "absent"})`);
      if ("status" in change) await db.jobRun.update({ where: { id: run.id }, data: { status: change.status, finishedAt: change.finishedAt } });
      return true;
    };
    expect(await buryRun(db, { run, lastError: "upstream refused 3 times", attempts: 3, writeRow })).toBe(true);
    expect(seen).toEqual(["error (letter absent)", "status (letter there)"]);
    expect(await db.deadLetter.findUniqueOrThrow({ where: { runId: run.id } })).toMatchObject({
      kind: "noop",
      params: { a: 1 },
      lastError: "upstream refused 3 times",
      attempts: 3,
    });
    expect((await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("dead");
  });

  it("writes no dead letter when the row is no longer this path's to write", async () => {
    const run = await openRun();
    expect(await buryRun(db, { run, lastError: "gone", attempts: 1, writeRow: async () => false })).toBe(false);
    expect(await db.deadLetter.findUnique({ where: { runId: run.id } })).toBeNull();
  });
});
