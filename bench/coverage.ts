/**
 * The coverage ledger's backfills against real InfluxDB, PostgreSQL and a worker process, on one
 * fleet (one reading a minute, 30 days): a backfill's judging rate against the live scan's on the
 * same readings; late write → hour covered again; live scans' start latency alone and while a
 * 30-day backfill of the fleet runs in the same worker. Prints one JSON line on stdout.
 *   [--quick] [--sensors 100] [--samples 30]
 */
import "../server/load-dotenv";
import { scanSensorAnomalies } from "../server/anomaly-scan/scan-sensor-anomalies";
import { requestBackfill } from "../server/coverage/request-backfill";
import { runCoverageBackfill } from "../server/coverage/run-coverage-backfill";
import { scanCoverageHook } from "../server/coverage/scan-coverage-hook";
import { db } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { ingestLineProtocol } from "../server/ingest/ingest-line-protocol";
import { enqueueRun } from "../server/runs/enqueue-run";
import { sharedRedis } from "../server/redis";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sensors = argValue("sensors", quick ? 30 : 100);
const samples = argValue("samples", quick ? 15 : 30);
const DAYS = 30;
const PREFIX = "bench-cov";
const REGION = PREFIX;
const end = Math.floor(Date.now() / HOUR) * HOUR;
const start = end - DAYS * DAY;
const database = `${env().INFLUX_DB}_bench`;
const influx = new InfluxClient({ url: env().INFLUX_URL, database, token: env().INFLUX_TOKEN, timeoutMs: 120_000 });
const key = (i: number) => `${PREFIX}-${String(i).padStart(4, "0")}`;
const scopes = { throughput: `${PREFIX}-throughput`, live: `${PREFIX}-live` };
const params = (scanKey: string) => ({ region: REGION, scanKey, allowedLatenessMs: 0 });

async function cleanup() {
  await db.coverageBackfill.deleteMany({ where: { scope: { startsWith: PREFIX } } });
  await db.coverageBucket.deleteMany({ where: { scope: { startsWith: PREFIX } } });
  await db.anomalyScanWatermark.deleteMany({ where: { scanKey: { startsWith: PREFIX } } });
  await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: { startsWith: PREFIX } } });
  await db.jobDefinition.deleteMany({ where: { name: { startsWith: PREFIX } } });
  await db.ingestSource.deleteMany({ where: { name: { startsWith: PREFIX } } });
  await db.alertIncident.deleteMany({ where: { sensorKey: { startsWith: PREFIX } } });
  await db.sensor.deleteMany({ where: { key: { startsWith: PREFIX } } });
}

async function seed() {
  await influx.query(`DROP DATABASE "${database}"`, { database: "" });
  await influx.query(`CREATE DATABASE "${database}"`, { database: "" });
  await db.sensor.createMany({ data: Array.from({ length: sensors }, (_, i) => ({ key: key(i), name: key(i), quantity: "temperature", unit: "°C", infraType: "bench", region: REGION, site: "bench", intervalSeconds: 60 })) });
  for (const scanKey of Object.values(scopes)) await db.jobDefinition.create({ data: { name: scanKey, kind: "anomaly-scan", params: params(scanKey) } });
  let lines: string[] = [];
  for (let t = start; t < end; t += 60_000) {
    for (let i = 0; i < sensors; i++) lines.push(`reading,sensor=${key(i)} value=${(20 + (i % 13) + Math.sin(t / HOUR) + ((t / 60_000 + i) % 7) * 0.01).toFixed(3)} ${t}`);
    if (lines.length >= 50_000) {
      await influx.write(lines, "ms");
      lines = [];
    }
  }
  await influx.write(lines, "ms");
}

const sensorDaysPerMin = (sensorDays: number, ms: number) => Math.round((sensorDays / ms) * 60_000);

/** The live scan's path: 30-second windows over `hours` of the fleet, state carried between scans. */
async function liveScanRate(hours: number) {
  const from = end - hours * HOUR;
  await scanSensorAnomalies(db, { ...params(scopes.throughput), initialLookbackMs: 60_000, now: from, client: influx, onCommit: scanCoverageHook });
  const t0 = performance.now();
  for (let now = from + 30_000; now <= end; now += 30_000) {
    await scanSensorAnomalies(db, { ...params(scopes.throughput), now, client: influx, onCommit: scanCoverageHook });
  }
  return sensorDaysPerMin((sensors * hours) / 24, performance.now() - t0);
}

async function backfillRate(days: number) {
  const { backfill } = await requestBackfill(db, { kind: "scan", scope: scopes.throughput, from: end - days * DAY, to: end, onlyStale: false, trigger: "manual", requestedBy: "bench" });
  const t0 = performance.now();
  await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
  return sensorDaysPerMin(sensors * days, performance.now() - t0);
}

/** A late reading through the write API, until the automatic path (the filler's request, then the backfill) has covered its hour again. */
async function lateWriteToCovered(runs: number) {
  const source = await db.ingestSource.create({ data: { name: `${PREFIX}-src`, tokenHash: `${PREFIX}-hash`, tokenPrefix: "b" } });
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const hour = end - (2 + ((r * 7) % 40)) * HOUR;
    const t0 = performance.now();
    await ingestLineProtocol(db, { source, body: `reading,sensor=${key(r % sensors)} value=21.5 ${hour + 30 * 60_000 + r}`, unitNs: 1_000_000n, influx });
    const { backfill } = await requestBackfill(db, { kind: "scan", scope: scopes.throughput, from: hour, to: hour + HOUR, onlyStale: true, trigger: "auto", requestedBy: "bench" });
    await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
    const bucket = await db.coverageBucket.findUniqueOrThrow({ where: { kind_scope_bucketStart: { kind: "scan", scope: scopes.throughput, bucketStart: new Date(hour) } } });
    if (bucket.state !== "covered") throw new Error(`hour ${new Date(hour).toISOString()} is ${bucket.state}`);
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

/** Enqueues a live scan of the live scope every second and returns how long each waited to start. */
async function liveScanStarts(count: number, until?: () => Promise<boolean>) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    if (until && (await until())) break;
    const run = await enqueueRun(db, { kind: "anomaly-scan", params: params(scopes.live), priority: "P2", complexity: "moderate", timeoutMs: 120_000, trigger: "manual", triggeredBy: "bench" });
    ids.push(run.id);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  for (let i = 0; i < 120; i++) {
    const open = await db.jobRun.count({ where: { id: { in: ids }, finishedAt: null } });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const runs = await db.jobRun.findMany({ where: { id: { in: ids }, startedAt: { not: null } }, select: { queuedAt: true, startedAt: true } });
  return summarize(runs.map((r) => r.startedAt!.getTime() - r.queuedAt.getTime()));
}

async function main() {
  await cleanup();
  progress(`coverage: seeding ${sensors} sensors × ${DAYS} days at 1/min`);
  await seed();

  const liveHours = quick ? 3 : 12;
  progress(`coverage: live scans over ${liveHours} h in 30 s windows`);
  const live = await liveScanRate(liveHours);
  const backfillDays = quick ? 2 : 5;
  progress(`coverage: backfill of ${backfillDays} days`);
  const backfill = await backfillRate(backfillDays);
  progress(`coverage: late write → covered`);
  const late = await lateWriteToCovered(quick ? 5 : 10);

  progress("coverage: worker process; live scan starts alone, then during a 30-day backfill");
  const worker = startProcess("worker/main.ts", { INFLUX_DB: database, LOG_LEVEL: "info", COVERAGE_FILL_INTERVAL_MS: "3600000" }, "worker ready");
  await worker.ready;
  const alone = await liveScanStarts(samples);
  const { backfill: big } = await requestBackfill(db, { kind: "scan", scope: scopes.live, from: start, to: end, onlyStale: false, trigger: "manual", requestedBy: "bench" });
  const status = () => db.coverageBackfill.findUniqueOrThrow({ where: { id: big!.id } });
  for (let i = 0; i < 60 && (await status()).status !== "running"; i++) await new Promise((r) => setTimeout(r, 500));
  const during = await liveScanStarts(samples, async () => (await status()).status !== "running");
  const bigRow = await status();
  await worker.stop();
  const result = {
    coverage: {
      sensors,
      backfill_sensor_days_per_min: backfill,
      live_scan_sensor_days_per_min: live,
      late_write_to_covered_ms: { p50: Math.round(late.p50), p95: Math.round(late.p95), n: late.n, plus_filler_interval_ms: env().COVERAGE_FILL_INTERVAL_MS },
      live_scan_start_p99_ms: alone.p99,
      live_scan_start_p99_ms_during_backfill: during.p99,
      live_scan_start_samples: { alone: alone.n, during_backfill: during.n },
      backfill_30_days: { status: bigRow.status, chunks_done: bigRow.chunksDone, readings: bigRow.readings, ms: bigRow.startedAt && bigRow.finishedAt ? bigRow.finishedAt.getTime() - bigRow.startedAt.getTime() : null },
    },
  };
  await cleanup();
  await influx.query(`DROP DATABASE "${database}"`, { database: "" });
  console.log(JSON.stringify(result));
  sharedRedis().disconnect();
  await db.$disconnect();
  process.exit(0);
}

main().catch(async (err) => {
  console.error(err);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
