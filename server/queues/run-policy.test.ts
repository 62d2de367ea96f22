import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { getQueue } from "./queues";
import { enqueueRun } from "./enqueue-run";

/** What BullMQ holds for a run: the policy the worker will apply. */
async function jobPolicy(run: { id: string; queue: string }) {
  const job = await getQueue(run.queue).getJob(run.id);
  return { timeoutMs: job?.data.timeoutMs, complexity: job?.data.complexity, maxAttempts: job?.data.maxAttempts };
}

describe("a rerun or replay keeps the run's own policy", () => {
  let engineer: SessionUser;
  const asEngineer = () => createCaller({ db, user: engineer, resHeaders: new Headers() });
  const created: Array<{ id: string; queue: string }> = [];

  beforeAll(async () => {
    engineer = (await createTestUser("ENGINEER")).user;
  });
  afterAll(async () => {
    for (const run of created) await (await getQueue(run.queue).getJob(run.id))?.remove();
    await db.$disconnect();
  });

  it("copies complexity, timeout and attempts of a run without a definition (as exports are queued)", async () => {
    const original = await enqueueRun(db, {
      kind: "sleep",
      params: { ms: 1 },
      priority: "P3",
      complexity: "complex",
      timeoutMs: 1_234_000,
      maxAttempts: 5,
      trigger: "manual",
      triggeredBy: `policy-${randomUUID().slice(0, 6)}`,
    });
    created.push(original);
    expect(original).toMatchObject({ complexity: "complex", timeoutMs: 1_234_000, maxAttempts: 5 });

    const [rerun] = await asEngineer().runs.rerun({ ids: [original.id] });
    created.push(rerun);
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: rerun.id } })).toMatchObject({
      complexity: "complex",
      timeoutMs: 1_234_000,
      maxAttempts: 5,
      rerunOfId: original.id,
    });
    expect(await jobPolicy(rerun)).toEqual({ complexity: "complex", timeoutMs: 1_234_000, maxAttempts: 5 });

    await db.deadLetter.create({
      data: { runId: original.id, kind: original.kind, params: original.params as object, lastError: "boom", errorGroup: "boom", attempts: 5 },
    });
    const letter = await db.deadLetter.findUniqueOrThrow({ where: { runId: original.id } });
    const { replayed } = await asEngineer().deadLetters.replay({ ids: [letter.id] });
    const replay = await db.jobRun.findUniqueOrThrow({ where: { id: replayed[0].runId } });
    created.push(replay);
    expect(replay).toMatchObject({ complexity: "complex", timeoutMs: 1_234_000, maxAttempts: 5, trigger: "replay" });
    expect(await jobPolicy(replay)).toEqual({ complexity: "complex", timeoutMs: 1_234_000, maxAttempts: 5 });
  });
});
