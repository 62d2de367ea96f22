import { Queue } from "bullmq";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, describe, expect, it } from "vitest";
import { startWorkerProcess } from "@/tests/support/worker-process";
import { db } from "../db";
import { JOBS_QUEUE, bullPrefix } from "../queues/queues";
import { createRedis, closeSharedRedis } from "../redis";
import { renderPrometheusMetrics } from "../telemetry/render-prometheus-metrics";
import { listWorkers } from "./list-workers";

const HEARTBEAT_MS = 1_000;

async function completedJobsMetric(kind: string): Promise<number> {
  const families = parsePrometheusTextFormat((await renderPrometheusMetrics()).body);
  const family = families.find((f) => f.name === "gristmill_jobs_total");
  // Summed over every queue and priority the kind ran on.
  const samples = family?.metrics.filter((m) => m.labels?.kind === kind && m.labels?.outcome === "completed") ?? [];
  return samples.reduce((n, m) => n + Number(m.value), 0);
}

describe("worker fleet and metrics", () => {
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix: bullPrefix() });
  afterAll(async () => {
    await queue.close();
    closeSharedRedis();
    await db.$disconnect();
  });

  it("shows a worker that is killed as lost within two heartbeat intervals", async () => {
    const worker = startWorkerProcess({ HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) });
    const pid = worker.child.pid!;
    await expect.poll(async () => (await listWorkers()).find((w) => w.pid === pid)?.status, { timeout: 15_000 }).toBe("running");

    worker.child.kill("SIGKILL");
    const killedAt = Date.now();
    await expect.poll(async () => (await listWorkers()).find((w) => w.pid === pid)?.status, { timeout: 5_000, interval: 50 }).toBe("lost");
    // Detection waits for the alive key to expire (1.5 intervals) after the last beat.
    expect(Date.now() - killedAt).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 200);
  }, 30_000);

  it("a worker that exits cleanly leaves the fleet instead of showing as lost", async () => {
    const worker = startWorkerProcess({ HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) });
    const pid = worker.child.pid!;
    await expect.poll(async () => (await listWorkers()).find((w) => w.pid === pid)?.status, { timeout: 15_000 }).toBe("running");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect((await listWorkers()).find((w) => w.pid === pid)).toBeUndefined();
  }, 30_000);

  it("serves Prometheus text whose job counters move when jobs run", async () => {
    const worker = startWorkerProcess({ TELEMETRY_FLUSH_MS: "200", HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) });
    try {
      // Start-up (tsx compiling the worker) can take seconds on a loaded machine: count from a ready worker.
      await expect.poll(async () => (await listWorkers()).find((w) => w.pid === worker.child.pid)?.status, { timeout: 20_000 }).toBe("running");
      const before = await completedJobsMetric("noop");
      await queue.addBulk(Array.from({ length: 7 }, () => ({ name: "noop", data: { params: {} } })));
      await expect.poll(() => completedJobsMetric("noop"), { timeout: 15_000, interval: 200 }).toBe(before + 7);

      const families = parsePrometheusTextFormat((await renderPrometheusMetrics()).body);
      const names = families.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(["gristmill_queue_jobs", "gristmill_workers", "gristmill_job_run_seconds", "gristmill_job_wait_seconds"]));
      const histogram = families.find((f) => f.name === "gristmill_job_run_seconds")!;
      expect(histogram.type).toBe("HISTOGRAM");
      const running = families.find((f) => f.name === "gristmill_workers")!.metrics.find((m) => m.labels?.status === "running");
      expect(Number(running?.value)).toBeGreaterThanOrEqual(1);
    } finally {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
  }, 60_000);
});
