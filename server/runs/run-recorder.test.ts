import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { RunRecorder } from "./run-recorder";
import type { RunChange } from "./run-change";

const run = randomUUID().slice(0, 8);

describe("RunRecorder", () => {
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { id: { startsWith: `rec-${run}` } } });
    await db.$disconnect();
  });

  it("creates rows for runs fired by a schedule and applies their updates in one flush, once", async () => {
    const published: RunChange[][] = [];
    const recorder = new RunRecorder(db, 60_000, async (changes) => void published.push(changes));
    const queuedAt = new Date("2026-03-04T05:06:07.891Z");
    const base = { kind: "noop", priority: "P1" as const, queue: "jobs", trigger: "schedule" as const, queuedAt };
    recorder.ensureRow({
      ...base,
      id: `rec-${run}-a`,
      params: { ms: 5, note: 'it\'s "quoted"' },
      jobName: "Nightly",
      definitionId: `missing-${run}`,
      definitionVersion: 3,
    });
    recorder.ensureRow({ ...base, id: `rec-${run}-b`, params: {} });
    recorder.update(`rec-${run}-a`, { status: "running", startedAt: new Date(queuedAt.getTime() + 10), attempts: 1, workerId: "w1" });
    recorder.update(`rec-${run}-a`, {
      status: "succeeded",
      finishedAt: new Date(queuedAt.getTime() + 20),
      result: { ok: true },
      log: { at: new Date(queuedAt.getTime() + 20).toISOString(), level: "info", message: "done" },
    });
    await recorder.flush();

    const a = await db.jobRun.findUniqueOrThrow({ where: { id: `rec-${run}-a` } });
    expect(a).toMatchObject({
      kind: "noop",
      priority: "P1",
      queue: "jobs",
      trigger: "schedule",
      jobName: "Nightly",
      params: { ms: 5, note: 'it\'s "quoted"' },
      status: "succeeded",
      attempts: 1,
      workerId: "w1",
      result: { ok: true },
    });
    // A definition deleted meanwhile does not fail the batch: the run keeps none.
    expect(a.definitionId).toBeNull();
    expect(a.definitionVersion).toBeNull();
    expect(a.queuedAt.toISOString()).toBe(queuedAt.toISOString());
    expect(a.startedAt?.getTime()).toBe(queuedAt.getTime() + 10);
    expect(a.logs).toEqual([{ at: new Date(queuedAt.getTime() + 20).toISOString(), level: "info", message: "done" }]);
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: `rec-${run}-b` } })).toMatchObject({
      status: "queued",
      attempts: 0,
      params: {},
      errors: [],
      logs: [],
    });
    expect(published.flat().map((c) => [c.id, c.status])).toEqual([[`rec-${run}-a`, "succeeded"]]);

    // The same row again (a schedule's job retried) changes nothing.
    recorder.ensureRow({ ...base, id: `rec-${run}-a`, params: { other: true } });
    await recorder.flush();
    expect((await db.jobRun.findUniqueOrThrow({ where: { id: `rec-${run}-a` } })).params).toEqual({ ms: 5, note: 'it\'s "quoted"' });
  });

  it("applies a firing's changes once to a row that already exists, and writes nothing twice when a flush is retried", async () => {
    const published: RunChange[][] = [];
    const recorder = new RunRecorder(db, 60_000, async (changes) => void published.push(changes));
    const id = `rec-${run}-c`;
    const queuedAt = new Date("2026-03-04T06:00:00.000Z");
    await db.jobRun.create({
      data: { id, kind: "noop", params: { first: true }, priority: "P2", queue: "jobs", trigger: "schedule", queuedAt, status: "running", attempts: 1 },
    });
    const line = { at: queuedAt.toISOString(), level: "info" as const, message: "second attempt" };
    recorder.ensureRow({ id, kind: "noop", params: { second: true }, priority: "P2", queue: "jobs", trigger: "schedule", queuedAt });
    recorder.update(id, { status: "succeeded", attempts: 2, finishedAt: new Date(queuedAt.getTime() + 50), log: line, error: { attempt: 1, message: "boom" } });
    await recorder.flush();
    await recorder.flush();
    const row = await db.jobRun.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ params: { first: true }, status: "succeeded", attempts: 2, logs: [line], errors: [{ attempt: 1, message: "boom" }] });
    expect(published.flat().map((c) => [c.id, c.status])).toEqual([[id, "succeeded"]]);
  });
});
