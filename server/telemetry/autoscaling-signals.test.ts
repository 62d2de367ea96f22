import { Queue } from "bullmq";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkerProcess } from "@/tests/support/worker-process";
import { db } from "../db";
import { listWorkers } from "../fleet/list-workers";
import { liveWorkerSlots } from "../fleet/live-worker-slots";
import { OLDEST_WAITING_SCAN_LIMIT } from "../queues/oldest-waiting-age";
import { bullPrefix, HEAVY_QUEUE } from "../queues/queues";
import { createRedis, closeSharedRedis } from "../redis";
import { backlogPerWorkerSlot } from "./autoscaling-signals";
import { renderPrometheusMetrics } from "./render-prometheus-metrics";

async function gauge(name: string, queue: string): Promise<number | undefined> {
  const family = parsePrometheusTextFormat((await renderPrometheusMetrics()).body).find((f) => f.name === name);
  const sample = family?.metrics.find((m) => m.labels?.queue === queue);
  return sample === undefined ? undefined : Number(sample.value);
}

describe("backlog per worker slot (pure)", () => {
  it("divides waiting jobs by live slots, and by 1 when none is live", () => {
    expect(backlogPerWorkerSlot(12, 4)).toBe(3);
    expect(backlogPerWorkerSlot(7, 0)).toBe(7);
    expect(backlogPerWorkerSlot(0, 0)).toBe(0);
  });

  it("counts the slots of running workers only, per queue", () => {
    const base = { host: "h", pid: 1, queues: [], concurrency: 0, inFlight: 0, cpuPercent: 0, rssMb: 0, uptimeSeconds: 0, version: "x", at: "" };
    const slots = liveWorkerSlots([
      { ...base, id: "a", status: "running", slots: { jobs: 4, heavy: 1 } },
      { ...base, id: "b", status: "running", slots: { jobs: 4, heavy: 2 } },
      { ...base, id: "c", status: "stopping", slots: { jobs: 4, heavy: 8 } },
      { ...base, id: "d", status: "lost", slots: { jobs: 4, heavy: 8 } },
      { ...base, id: "e", status: "running" },
    ]);
    expect(slots).toEqual({ jobs: 8, heavy: 3 });
  });
});

describe("autoscaling gauges on /api/metrics (real Redis and BullMQ)", () => {
  const heavy = new Queue(HEAVY_QUEUE, { connection: createRedis("bullmq"), prefix: bullPrefix() });
  beforeAll(async () => {
    await heavy.obliterate({ force: true });
  });
  afterAll(async () => {
    await heavy.obliterate({ force: true });
    await heavy.close();
    closeSharedRedis();
    await db.$disconnect();
  });

  it("reports waiting jobs with no worker as the backlog itself and the oldest one's age", async () => {
    expect(await gauge("gristmill_queue_backlog_per_worker_slot", HEAVY_QUEUE)).toBe(0);
    expect(await gauge("gristmill_queue_oldest_waiting_seconds", HEAVY_QUEUE)).toBe(0);

    const firstAt = Date.now();
    await heavy.add("sleep-heavy", { params: { ms: 1 } }, { priority: 40 });
    await new Promise((r) => setTimeout(r, 1_500));
    // Newer and next to run, and one without priority (the wait list), and one delayed (not backlog).
    await heavy.addBulk([
      ...Array.from({ length: 5 }, () => ({ name: "sleep-heavy", data: { params: { ms: 1 } }, opts: { priority: 10 } })),
      { name: "sleep-heavy", data: { params: { ms: 1 } } },
      { name: "sleep-heavy", data: { params: { ms: 1 } }, opts: { delay: 60_000 } },
    ]);

    expect(await gauge("gristmill_queue_worker_slots", HEAVY_QUEUE)).toBe(0);
    expect(await gauge("gristmill_queue_backlog_per_worker_slot", HEAVY_QUEUE)).toBe(7);
    const oldest = (await gauge("gristmill_queue_oldest_waiting_seconds", HEAVY_QUEUE))!;
    // The P4 job at the end of the prioritized set is the oldest, though five run before it.
    expect(oldest).toBeGreaterThanOrEqual(1.5);
    expect(oldest).toBeLessThanOrEqual((Date.now() - firstAt) / 1000);
  });

  it("finds an old low-priority job behind more than a scan window of newer, higher ones", async () => {
    await heavy.obliterate({ force: true });
    await heavy.add("sleep-heavy", { params: { ms: 1 } }, { priority: 40 });
    await new Promise((r) => setTimeout(r, 1_200));
    await heavy.addBulk(
      Array.from({ length: OLDEST_WAITING_SCAN_LIMIT + 100 }, () => ({ name: "sleep-heavy", data: { params: { ms: 1 } }, opts: { priority: 10 } })),
    );
    expect(await gauge("gristmill_queue_oldest_waiting_seconds", HEAVY_QUEUE)).toBeGreaterThanOrEqual(1.2);
    expect(await gauge("gristmill_queue_backlog_per_worker_slot", HEAVY_QUEUE)).toBe(OLDEST_WAITING_SCAN_LIMIT + 101);
    await heavy.obliterate({ force: true });
    await heavy.addBulk(Array.from({ length: 7 }, () => ({ name: "sleep-heavy", data: { params: { ms: 1 } } })));
  });

  it("divides by the live slots a running worker's heartbeat announces for the lane", async () => {
    // Paused for the whole fleet: the worker is live but takes none of the jobs, so the backlog stays put.
    await heavy.pause();
    const worker = startWorkerProcess({ WORKER_HEAVY_CONCURRENCY: "4", HEARTBEAT_INTERVAL_MS: "1000" });
    try {
      await expect.poll(async () => (await listWorkers()).find((w) => w.pid === worker.child.pid)?.status, { timeout: 20_000 }).toBe("running");
      expect(await gauge("gristmill_queue_worker_slots", HEAVY_QUEUE)).toBe(4);
      expect(await gauge("gristmill_queue_backlog_per_worker_slot", HEAVY_QUEUE)).toBe(7 / 4);
      expect(await gauge("gristmill_queue_oldest_waiting_seconds", HEAVY_QUEUE)).toBeGreaterThan(0);

      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
      expect(await gauge("gristmill_queue_worker_slots", HEAVY_QUEUE)).toBe(0);
      expect(await gauge("gristmill_queue_backlog_per_worker_slot", HEAVY_QUEUE)).toBe(7);
    } finally {
      worker.child.kill("SIGKILL");
      await heavy.resume();
    }
  }, 60_000);
});
