/**
 * The coverage ledger's backfills against real InfluxDB, PostgreSQL and a worker process, on the
 * demo fleet (`npm run demo`'s 200 simulated sensors, their quantities and intervals: ~220,000
 * readings a day) over 30 days: a backfill's judging rate against the live scan's on the same
 * readings; late write → hour covered again; live scans' start latency alone and while a 30-day
 * backfill of the fleet runs in the same worker. Prints one JSON line on stdout.
 *   [--quick] [--sensors 200] [--days 30] [--samples 30]
 */
import "../server/load-dotenv";
// Enqueues runs of the product's kinds: their lanes come from the catalog.
import "../server/catalog/job-kinds";
import { scanSensorAnomalies } from "../server/anomaly-scan/scan-sensor-anomalies";
import { requestBackfill } from "../server/coverage/request-backfill";
import { runCoverageBackfill } from "../server/coverage/run-coverage-backfill";
import { scanCoverageHook } from "../server/coverage/scan-coverage-hook";
import { db } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { ensureReadingsStore } from "../server/retention/ensure-readings-store";
import { ingestLineProtocol } from "../server/ingest/ingest-line-protocol";
import { enqueueRun } from "../server/queues/enqueue-run";
import { sharedRedis } from "../server/redis";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { buildSimulatedFleet } from "../server/simulator/build-simulated-fleet";
import { generateSensorReadings } from "../server/simulator/generate-sensor-readings";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo's fleet size (scripts/stack.ts runs the simulator with --sensors 200). */
const sensors = argValue("sensors", 200);
const samples = argValue("samples", quick ? 15 : 30);
const DAYS = argValue("days", 30);
const PREFIX = "bench-cov";
const REGION = PREFIX;
const end = Math.floor(Date.now() / HOUR) * HOUR;
const start = end - DAYS * DAY;
// The worker process reads the store it is configured with: the bench writes its fleet there under its own keys and drops them after.
const database = env().INFLUX_DB;
const influx = new InfluxClient({ url: env().INFLUX_URL, database, token: env().INFLUX_TOKEN, timeoutMs: 120_000 });
// The demo fleet under the bench's prefix and in the bench's region (its scan scopes), so it never mixes with a demo's sensors.
const fleet = buildSimulatedFleet({ count: sensors, seed: 42 }).map((s) => ({ ...s, key: `${PREFIX}-${s.key}`, region: REGION }));
const key = (i: number) => fleet[i].key;
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

const dropFleetReadings = () => influx.query(`DROP SERIES FROM "reading" WHERE "sensor" =~ /^${PREFIX}-/`).catch(() => undefined);

async function seed() {
  // The database and its default retention policy, as the worker makes them: written elsewhere, the worker would read nothing.
  await ensureReadingsStore(db, { client: influx });
  await dropFleetReadings();
  await db.sensor.createMany({
    data: fleet.map((s) => ({
      key: s.key,
      name: s.name,
      quantity: s.quantity,
      unit: s.unit,
      infraType: s.infraType,
      region: REGION,
      site: s.site,
      intervalSeconds: s.intervalSeconds,
      validMin: s.validMin,
      validMax: s.validMax,
    })),
  });
  for (const scanKey of Object.values(scopes)) await db.jobDefinition.create({ data: { name: scanKey, kind: "anomaly-scan", params: params(scanKey) } });
  // The simulator's everyday readings (no injected anomalies), a day of the fleet at a time.
  const normal = gaussian(seededRandom(43));
  const random = seededRandom(44);
  let written = 0;
  for (let day = start; day < end; day += DAY) {
    const lines: string[] = [];
    for (const s of fleet) {
      for (const r of generateSensorReadings(s, { from: day, to: Math.min(end, day + DAY), anomalies: [], normal, random }))
        lines.push(`reading,sensor=${s.key} value=${r.value.toFixed(3)} ${r.time}`);
    }
    for (let i = 0; i < lines.length; i += 50_000) await influx.write(lines.slice(i, i + 50_000), "ms");
    written += lines.length;
  }
  return written;
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
  const { backfill } = await requestBackfill(db, {
    kind: "scan",
    scope: scopes.throughput,
    from: end - days * DAY,
    to: end,
    onlyStale: false,
    trigger: "manual",
    requestedBy: "bench",
  });
  const t0 = performance.now();
  await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
  const ms = performance.now() - t0;
  const { readings } = await db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill!.id } });
  // A rate over nothing read would be no rate at all.
  if (readings === 0) throw new Error("the backfill read no readings");
  return { rate: sensorDaysPerMin(sensors * days, ms), readings };
}

/** A late reading through the write API, until the automatic path (the filler's request, then the backfill) has covered its hour again. */
async function lateWriteToCovered(runs: number) {
  const source = await db.ingestSource.create({ data: { name: `${PREFIX}-src`, tokenHash: `${PREFIX}-hash`, tokenPrefix: "b" } });
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const hour = end - (2 + ((r * 7) % 40)) * HOUR;
    const t0 = performance.now();
    await ingestLineProtocol(db, { source, body: `reading,sensor=${key(r % sensors)} value=21.5 ${hour + 30 * 60_000 + r}`, unitNs: 1_000_000n, influx });
    const { backfill } = await requestBackfill(db, {
      kind: "scan",
      scope: scopes.throughput,
      from: hour,
      to: hour + HOUR,
      onlyStale: true,
      trigger: "auto",
      requestedBy: "bench",
    });
    await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
    const bucket = await db.coverageBucket.findUniqueOrThrow({
      where: { kind_scope_bucketStart: { kind: "scan", scope: scopes.throughput, bucketStart: new Date(hour) } },
    });
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
    const run = await enqueueRun(db, {
      kind: "anomaly-scan",
      params: params(scopes.live),
      priority: "P2",
      complexity: "moderate",
      timeoutMs: 120_000,
      trigger: "manual",
      triggeredBy: "bench",
    });
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
  progress(`coverage: seeding the demo fleet, ${sensors} sensors × ${DAYS} days`);
  const seedStarted = performance.now();
  const seeded = await seed();
  progress(`coverage: ${seeded.toLocaleString("en")} readings in ${Math.round((performance.now() - seedStarted) / 1000)} s`);

  // The live path pays a transaction and a query per 30 s window: a few hours of it give its rate.
  const liveHours = Math.min(DAYS * 24, quick ? 2 : 4);
  progress(`coverage: live scans over ${liveHours} h in 30 s windows`);
  const live = await liveScanRate(liveHours);
  const backfillDays = Math.min(DAYS, quick ? 2 : 5);
  progress(`coverage: backfill of ${backfillDays} days`);
  const backfill = await backfillRate(backfillDays);
  progress(`coverage: late write → covered`);
  const late = await lateWriteToCovered(quick ? 5 : 10);

  progress(`coverage: worker process; live scan starts alone, then during a ${DAYS}-day backfill of the fleet`);
  const worker = startProcess("worker/main.ts", { LOG_LEVEL: "info", COVERAGE_FILL_INTERVAL_MS: "3600000" }, "worker ready");
  await worker.ready;
  await liveScanStarts(2); // warm-up: the first scans restore or create the scope's state
  const alone = await liveScanStarts(samples);
  const { backfill: big } = await requestBackfill(db, {
    kind: "scan",
    scope: scopes.live,
    from: start,
    to: end,
    onlyStale: false,
    trigger: "manual",
    requestedBy: "bench",
  });
  const status = () => db.coverageBackfill.findUniqueOrThrow({ where: { id: big!.id } });
  for (let i = 0; i < 60 && (await status()).status !== "running"; i++) await new Promise((r) => setTimeout(r, 500));
  // A full run samples until the backfill has finished (ten minutes at most); --quick takes `samples` and cancels it.
  const during = await liveScanStarts(quick ? samples : 600, async () => (await status()).status !== "running");
  const bigRow = await status();
  if (bigRow.readings === 0 && bigRow.chunksDone > 0) throw new Error("the worker's backfill read no readings");
  // Cancelled first, so the worker's run stops after its chunk instead of being abandoned at shutdown.
  await db.coverageBackfill.updateMany({ where: { id: big!.id, status: { in: ["queued", "running"] } }, data: { status: "cancelled" } });
  await worker.stop();
  const result = {
    coverage: {
      sensors,
      days: DAYS,
      readings: seeded,
      backfill_sensor_days_per_min: backfill.rate,
      live_scan_sensor_days_per_min: live,
      // The write, the filler's request and the backfill run back to back; a worker adds up to one filler sweep (COVERAGE_FILL_INTERVAL_MS, 30 s) before the request.
      late_write_to_covered_ms: { p50: Math.round(late.p50), p95: Math.round(late.p95), n: late.n },
      live_scan_start_p99_ms: alone.p99,
      live_scan_start_p99_ms_during_backfill: during.p99,
      live_scan_start_samples: { alone: alone.n, during_backfill: during.n },
      backfill_whole_range: {
        days: DAYS,
        status: bigRow.status,
        chunks_done: bigRow.chunksDone,
        readings: bigRow.readings,
        ms: bigRow.startedAt && bigRow.finishedAt ? bigRow.finishedAt.getTime() - bigRow.startedAt.getTime() : null,
      },
    },
  };
  await cleanup();
  await dropFleetReadings();
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
