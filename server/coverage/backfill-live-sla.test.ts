import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux } from "@/tests/support/influx-readings";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { scanSensorAnomalies } from "../anomaly-scan/scan-sensor-anomalies";
import { db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { priorityClasses } from "../queues/priority-classes";
import { HEAVY_QUEUE } from "../queues/queues";
import { ensureReadingsStore } from "../retention/ensure-readings-store";
import { enqueueRun } from "../queues/enqueue-run";
import { buildSimulatedFleet } from "../simulator/build-simulated-fleet";
import { generateSensorReadings } from "../simulator/generate-sensor-readings";
import { requestBackfill } from "./request-backfill";
import { clearQueues } from "@/tests/support/clear-queues";

/**
 * Live scans keep their start SLA while a backfill of the demo fleet (`npm run demo`'s 200
 * simulated sensors, ~220,000 readings a day) runs in the same real worker process. The worker has
 * one slot for the shared queue: were the backfill not on its own lane at P4, or did it hold the
 * worker's event loop, the live P2 scans queued meanwhile would wait for it. Asserted on what the
 * worker recorded for each live run (start delay, SLA-breach flag) and the chunk commits the worker
 * logged, not on a stopwatch here.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 3;
const tag = `sla-${randomUUID().slice(0, 8)}`;
const scanKey = `cov-test-${tag}`;
/** Midnight UTC today: the backfill's chunks (a UTC day each) are then whole days, each long enough to overlap live scans. */
const T0 = Math.floor(Date.now() / DAY) * DAY;
const fleet = buildSimulatedFleet({ count: 200, seed: 42 }).map((s) => ({ ...s, key: `${tag}-${s.key}`, region: tag }));
const params = { region: tag, scanKey, allowedLatenessMs: 0 };

let influx: InfluxClient;
let worker: WorkerProcess | undefined;
let written = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const liveScan = () =>
  enqueueRun(db, { kind: "anomaly-scan", params, priority: "P2", complexity: "moderate", timeoutMs: 120_000, trigger: "manual", triggeredBy: "test" });

describe("live scans during a demo-fleet backfill", () => {
  beforeAll(async () => {
    influx = await testInflux();
    // Its default retention policy, which the worker would otherwise create after the readings were written elsewhere.
    await ensureReadingsStore(db, { client: influx });
    await clearQueues(db);
    await db.sensor.createMany({
      data: fleet.map((s) => ({
        key: s.key,
        name: s.name,
        quantity: s.quantity,
        unit: s.unit,
        infraType: s.infraType,
        region: tag,
        site: s.site,
        intervalSeconds: s.intervalSeconds,
        validMin: s.validMin,
        validMax: s.validMax,
      })),
    });
    await db.jobDefinition.create({ data: { name: scanKey, kind: "anomaly-scan", params } });
    const normal = gaussian(seededRandom(1));
    const random = seededRandom(2);
    for (let day = T0 - DAYS * DAY; day < T0; day += DAY) {
      const lines = fleet.flatMap((s) =>
        generateSensorReadings(s, { from: day, to: day + DAY, anomalies: [], normal, random }).map(
          (r) => `reading,sensor=${s.key} value=${r.value.toFixed(3)} ${r.time}`,
        ),
      );
      for (let i = 0; i < lines.length; i += 50_000) await influx.write(lines.slice(i, i + 50_000), "ms");
      written += lines.length;
    }
    // The scope's live scan has run once (a backfill covers what is before its watermark).
    await scanSensorAnomalies(db, { ...params, initialLookbackMs: 60_000, client: influx });
  }, 60_000);

  afterAll(async () => {
    await db.coverageBackfill.updateMany({ where: { scope: scanKey, status: { in: ["queued", "running"] } }, data: { status: "cancelled" } });
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await influx.query(`DROP SERIES FROM "reading" WHERE "sensor" =~ /^${tag}-/`).catch(() => undefined);
    await db.jobDefinition.deleteMany({ where: { name: scanKey } });
    await db.$disconnect();
  });

  it("every live scan queued while the backfill runs starts within the P2 SLA, without waiting for the backfill", async () => {
    // One slot on the shared queue, one on the heavy lane: nothing but the lanes keeps the scans from queueing behind the backfill.
    worker = startWorkerProcess({ WORKER_CONCURRENCY: "1", WORKER_HEAVY_CONCURRENCY: "1", WORKER_SHUTDOWN_TIMEOUT_MS: "2000" });
    await expect.poll(() => worker!.output(), { timeout: 45_000 }).toContain('"event":"worker.started"');
    const warm = await liveScan();
    await expect
      .poll(async () => (await db.jobRun.findUniqueOrThrow({ where: { id: warm.id } })).finishedAt, { timeout: 20_000, interval: 200 })
      .not.toBeNull();

    const { backfill, plan } = await requestBackfill(db, {
      kind: "scan",
      scope: scanKey,
      from: T0 - DAYS * DAY,
      to: T0,
      onlyStale: false,
      trigger: "manual",
      requestedBy: "test",
    });
    expect(plan).toMatchObject({ sensors: 200, buckets: DAYS * 24 });
    const row = () => db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill!.id } });
    // Live scans back to back for as long as the backfill is queued or running, each queued once the one before has finished
    // (the scope's own cadence is 30 s: a queue of scans waiting for each other would measure nothing about the backfill).
    const live: string[] = [];
    for (let i = 0; i < 200; i++) {
      const now = await row();
      if (now.status !== "queued" && now.status !== "running") break;
      const run = await liveScan();
      live.push(run.id);
      await expect
        .poll(async () => (await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).finishedAt, { timeout: 60_000, interval: 100 })
        .not.toBeNull();
      await sleep(100);
    }
    const done = await row();
    expect(done).toMatchObject({ status: "succeeded", chunksDone: plan.chunks.length, readings: written });
    expect(plan.chunks).toHaveLength(DAYS);
    // It ran as queued: at P4, on the heavy lane.
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: done.runId! } })).toMatchObject({ kind: "anomaly-backfill", priority: "P4", queue: HEAVY_QUEUE });

    const runs = await db.jobRun.findMany({ where: { id: { in: live } }, select: { queuedAt: true, startedAt: true, slaBreached: true, status: true } });
    const during = runs.filter((r) => r.queuedAt >= done.startedAt! && r.queuedAt < done.finishedAt!);
    for (const r of during) {
      expect(r.status).toBe("succeeded");
      expect(r.slaBreached).toBe(false);
      expect(r.startedAt!.getTime() - r.queuedAt.getTime()).toBeLessThanOrEqual(priorityClasses.P2.slaMs!);
    }
    // When the worker committed each chunk, from its log.
    const commits = worker
      .output()
      .split("\n")
      .filter((l) => l.includes('"coverage.backfill_chunk"') && l.includes(backfill!.id))
      .map((l) => Date.parse((JSON.parse(l) as { time: string }).time));
    expect(commits).toHaveLength(DAYS);
    // A scan queued while a chunk ran started before the chunk after it was committed: it never waited out a whole chunk,
    // as it would have behind the backfill (it would then start after the last one).
    const bounded = during.map((r) => ({ r, bound: commits.filter((t) => t > r.queuedAt.getTime())[1] })).filter((x) => x.bound !== undefined);
    for (const { r, bound } of bounded) expect(r.startedAt!.getTime(), "a live scan waited out a whole backfill chunk").toBeLessThan(bound);
    // The backfill overlapped a good number of live scans: the assertions above were about something.
    expect(during.length).toBeGreaterThanOrEqual(4);
    expect(bounded.length).toBeGreaterThanOrEqual(2);
    const delays = during.map((r) => r.startedAt!.getTime() - r.queuedAt.getTime()).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        event: "test.live_scan_starts_during_backfill",
        scans: during.length,
        readings: done.readings,
        backfillMs: done.finishedAt!.getTime() - done.startedAt!.getTime(),
        p50: delays[Math.floor(delays.length / 2)],
        max: delays[delays.length - 1],
      }),
    );
  }, 120_000);
});
