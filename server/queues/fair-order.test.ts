import { randomUUID } from "node:crypto";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@/tests/support/until";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { db } from "../db";
import { getSlaBreaches } from "../telemetry/get-sla-breaches";
import { renderPrometheusMetrics } from "../telemetry/render-prometheus-metrics";
import { enqueueRun } from "./enqueue-run";
import { getQueue, JOBS_QUEUE } from "./queues";
import { clearQueues } from "@/tests/support/clear-queues";

/** A real worker with one slot on the shared queue: the order runs start in is the order the lane hands them out. */
describe("fair order and deadline boosts with a real worker", () => {
  let worker: WorkerProcess;
  const tag = randomUUID().slice(0, 6);
  const run = (kind: "noop" | "sleep", priority: "P2" | "P3", extra: { ms?: number; deadlineMs?: number; complexity?: "simple" | "moderate" } = {}) =>
    enqueueRun(db, {
      kind,
      params: kind === "sleep" ? { ms: extra.ms ?? 0 } : {},
      priority,
      complexity: extra.complexity ?? "simple",
      timeoutMs: 60_000,
      trigger: "manual",
      triggeredBy: `fair-${tag}`,
      deadlineMs: extra.deadlineMs,
    });
  const startedAt = async (id: string) => (await db.jobRun.findUniqueOrThrow({ where: { id } })).startedAt?.getTime() ?? Infinity;
  const allDone = (ids: string[]) => async () => db.jobRun.count({ where: { id: { in: ids }, status: "succeeded" } });

  beforeAll(async () => {
    await clearQueues(db);
    worker = startWorkerProcess({ WORKER_CONCURRENCY: "1", JOBS_PROMOTE_MS: "300", TELEMETRY_FLUSH_MS: "500", WORKER_SHUTDOWN_TIMEOUT_MS: "1000" });
    await until("the worker to start", () => worker.output().includes('"event":"worker.started"'), 45_000);
  }, 60_000);
  afterAll(async () => {
    worker.child.kill("SIGTERM");
    await worker.exited;
    await clearQueues(db);
    await db.$disconnect();
  });

  it("starts a P3 due in 2 minutes before fresh P2 runs, and a P3 without a deadline after them", async () => {
    const blocker = await run("sleep", "P2", { ms: 2_500 });
    await expect.poll(() => startedAt(blocker.id), { timeout: 10_000, interval: 100 }).toBeLessThan(Infinity);
    const due = await run("noop", "P3", { deadlineMs: 2 * 60_000 });
    const undated = await run("noop", "P3");
    const fresh = [];
    for (let i = 0; i < 5; i++) fresh.push(await run("noop", "P2"));
    const ids = [blocker, due, undated, ...fresh].map((r) => r.id);
    await expect.poll(allDone(ids), { timeout: 20_000, interval: 200 }).toBe(ids.length);

    const freshStarts = await Promise.all(fresh.map((r) => startedAt(r.id)));
    expect(await startedAt(due.id)).toBeLessThan(Math.min(...freshStarts));
    expect(await startedAt(undated.id)).toBeGreaterThan(Math.max(...freshStarts));
    const boosted = await db.jobRun.findUniqueOrThrow({ where: { id: due.id } });
    expect(boosted).toMatchObject({ boostedTo: "P2", priority: "P3", scope: "kind:noop" });
    expect(boosted.deadlineAt!.getTime() - boosted.queuedAt.getTime()).toBe(2 * 60_000);
    expect((await db.jobRun.findUniqueOrThrow({ where: { id: undated.id } })).boostedTo).toBeNull();
  }, 40_000);

  it("runs a scope that arrives behind a flood from another alongside it, not after it", async () => {
    // Paused for the fleet while both are queued: the flood is a backlog when the late scope arrives.
    await getQueue(JOBS_QUEUE).pause();
    const flood = [];
    const late = [];
    try {
      for (let i = 0; i < 150; i++) flood.push(await run("noop", "P2"));
      for (let i = 0; i < 5; i++) late.push(await run("sleep", "P2", { ms: 0 }));
    } finally {
      await getQueue(JOBS_QUEUE).resume();
    }
    const ids = [...flood, ...late].map((r) => r.id);
    await expect.poll(allDone(ids), { timeout: 30_000, interval: 250 }).toBe(ids.length);
    const floodStarts = (await Promise.all(flood.map((r) => startedAt(r.id)))).sort((a, b) => a - b);
    const lastLate = Math.max(...(await Promise.all(late.map((r) => startedAt(r.id)))));
    // Round by round, the late scope's five are done within the flood's first dozen; FIFO would put them after all 150.
    expect(lastLate).toBeLessThan(floodStarts[12]);
  }, 60_000);

  it("records a completion SLA breach per run, charts it by class and exports it", async () => {
    const slow = await run("sleep", "P2", { ms: 1_300 });
    const quick = await run("noop", "P2");
    const moderate = await run("sleep", "P2", { ms: 1_300, complexity: "moderate" });
    const ids = [slow.id, quick.id, moderate.id];
    await expect.poll(allDone(ids), { timeout: 20_000, interval: 200 }).toBe(3);
    const rows = await db.jobRun.findMany({ where: { id: { in: ids } } });
    const breached = Object.fromEntries(rows.map((r) => [r.id, r.completionSlaBreached]));
    expect(breached).toEqual({ [slow.id]: true, [quick.id]: false, [moderate.id]: false });

    const chart = await getSlaBreaches(db, { minutes: 5 });
    expect(chart.points.reduce((n, p) => n + p.simple, 0)).toBeGreaterThanOrEqual(1);
    expect(chart.classes.find((c) => c.complexity === "simple")).toMatchObject({ targetMs: 1_000 });
    expect(chart.classes.find((c) => c.complexity === "simple")!.breached).toBeGreaterThanOrEqual(1);

    const exported = async () => {
      const family = parsePrometheusTextFormat((await renderPrometheusMetrics()).body).find((f) => f.name === "gristmill_job_completion_sla_breaches_total");
      return family?.metrics.filter((m) => m.labels?.complexity === "simple" && m.labels?.kind === "sleep").reduce((n, m) => n + Number(m.value), 0) ?? 0;
    };
    await expect.poll(exported, { timeout: 10_000, interval: 250 }).toBeGreaterThanOrEqual(1);
  }, 40_000);
});
