import { randomUUID } from "node:crypto";
import { Worker, type Job } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { bullConnection, bullPrefix, getQueue } from "../queues/queues";
import { reconcileRuns } from "./reconcile-runs";

const queueName = `reconcile-${randomUUID().slice(0, 8)}`;
const runRow = (id: string, status: "queued" | "running", queuedAt = new Date()) => ({
  id,
  kind: "noop",
  params: { n: 1 },
  priority: "P2" as const,
  queue: queueName,
  trigger: "manual" as const,
  status,
  queuedAt,
});

/** Processes the queue's jobs with a bare BullMQ worker: finished in Redis, while the rows still say open. */
async function finishJobs(expected: number, processor: (job: Job) => Promise<unknown>) {
  let finished = 0;
  const worker = new Worker(queueName, processor, { connection: bullConnection(), prefix: bullPrefix() });
  await new Promise<void>((resolve) => {
    const settle = () => ++finished === expected && resolve();
    worker.on("completed", settle);
    worker.on("failed", settle);
  });
  await worker.close();
}

describe("reconcileRuns", () => {
  afterAll(async () => {
    await getQueue(queueName).obliterate({ force: true });
    await getQueue(queueName).close();
    await db.$disconnect();
  });

  it("closes rows a dead worker left open from their jobs' state, and leaves live ones alone", async () => {
    const ids = {
      done: `run_${randomUUID()}`,
      failed: `run_${randomUUID()}`,
      waiting: `run_${randomUUID()}`,
      lost: `run_${randomUUID()}`,
      fresh: `run_${randomUUID()}`,
    };
    await db.jobRun.createMany({
      data: [
        runRow(ids.done, "running"),
        runRow(ids.failed, "running"),
        runRow(ids.waiting, "queued"),
        runRow(ids.lost, "queued", new Date(Date.now() - 10 * 60_000)),
        runRow(ids.fresh, "queued"), // no job yet: may be between commit and enqueue
      ],
    });
    const queue = getQueue(queueName);
    await queue.add("noop", {}, { jobId: ids.done });
    await queue.add("noop", {}, { jobId: ids.failed, attempts: 1 });
    await finishJobs(2, async (job) => {
      if (job.id === ids.failed) throw new Error("boom 42");
      return { ok: true };
    });
    await queue.add("noop", {}, { jobId: ids.waiting });

    const first = await reconcileRuns(db, { limit: 10_000 });
    expect(first.fixed).toBeGreaterThanOrEqual(3);
    const rows = new Map((await db.jobRun.findMany({ where: { id: { in: Object.values(ids) } } })).map((r) => [r.id, r]));
    expect(rows.get(ids.done)).toMatchObject({ status: "succeeded", attempts: 1, result: { ok: true } });
    expect(rows.get(ids.done)!.finishedAt).toBeInstanceOf(Date);
    expect(rows.get(ids.failed)).toMatchObject({ status: "dead", attempts: 1 });
    expect(await db.deadLetter.findUnique({ where: { runId: ids.failed } })).toMatchObject({ lastError: "boom 42", kind: "noop", params: { n: 1 } });
    expect(rows.get(ids.waiting)!.status).toBe("queued");
    expect(rows.get(ids.lost)).toMatchObject({ status: "failed" });
    expect(rows.get(ids.fresh)!.status).toBe("queued");

    // Running it again finds nothing more to do for these rows.
    await reconcileRuns(db, { limit: 10_000 });
    expect((await db.jobRun.findUnique({ where: { id: ids.done } }))!.status).toBe("succeeded");
    expect(await db.deadLetter.count({ where: { runId: ids.failed } })).toBe(1);
  });
});
