import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { HEAVY_QUEUE } from "./queues";
import { queueForRun } from "./queue-for-run";
import { clearQueues } from "@/tests/support/clear-queues";

describe("job lanes", () => {
  let operator: SessionUser;
  const workers: WorkerProcess[] = [];
  const asOperator = () => createCaller({ db, user: operator, resHeaders: new Headers() });

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    await clearQueues(db);
  });
  afterEach(async () => {
    await Promise.all(
      workers.splice(0).map(async (w) => {
        w.child.kill("SIGTERM");
        await w.exited;
      }),
    );
  });
  afterAll(async () => {
    await clearQueues(db);
    await db.$disconnect();
  });

  it("puts a kind with a lane on the lane's queue whatever its priority, and the others on their class's", () => {
    expect(queueForRun({ kind: "readings-export", priority: "P2" })).toBe(HEAVY_QUEUE);
    expect(queueForRun({ kind: "readings-export", priority: "P0" })).toBe(HEAVY_QUEUE);
    expect(queueForRun({ kind: "anomaly-scan", priority: "P2" })).toBe("jobs");
    expect(queueForRun({ kind: "report", priority: "P0" })).toBe("critical");
  });

  it("with the heavy lane full and more heavy jobs waiting, a scan still starts at once", async () => {
    const tag = randomUUID().slice(0, 6);
    const heavy = await asOperator().jobs.create({ name: `test heavy ${tag}`, kind: "sleep-heavy", params: { ms: 20_000 }, priority: "P1", timeoutMs: 60_000 });
    // A scope with no sensors: a real scan that finishes quickly once it starts.
    const scan = await asOperator().jobs.create({ name: `test lane scan ${tag}`, kind: "anomaly-scan", params: { region: `nowhere-${tag}` }, priority: "P2" });
    const heavyRuns = [];
    // More heavy jobs than the shared queue's slots: without a lane they would take all of them.
    for (let i = 0; i < 6; i++) heavyRuns.push(await asOperator().jobs.runNow({ id: heavy.id }));
    const worker = startWorkerProcess({ WORKER_CONCURRENCY: "2", WORKER_HEAVY_CONCURRENCY: "1", WORKER_SHUTDOWN_TIMEOUT_MS: "1000" });
    workers.push(worker);
    await expect.poll(() => worker.output(), { timeout: 45_000 }).toContain('"event":"worker.started"');
    const running = () => db.jobRun.count({ where: { definitionId: heavy.id, status: "running" } });
    await expect.poll(running, { timeout: 20_000, interval: 100 }).toBe(1);

    const run = await asOperator().jobs.runNow({ id: scan.id });
    await expect.poll(async () => (await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).status, { timeout: 10_000, interval: 100 }).toBe("succeeded");
    const done = await db.jobRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(done.queue).toBe("jobs");
    expect(done.startedAt!.getTime() - done.queuedAt.getTime()).toBeLessThan(3_000);
    // The lane stayed bounded: one heavy job running, the rest waiting for its slot.
    expect(await running()).toBe(1);
    expect(await db.jobRun.count({ where: { id: { in: heavyRuns.map((r) => r.id) }, status: "queued", queue: HEAVY_QUEUE } })).toBe(5);
  }, 90_000);
});
