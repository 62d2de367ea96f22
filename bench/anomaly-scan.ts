/**
 * End-to-end scan throughput: N real Sensor rows (a region of their own) and their 1 Hz readings in an
 * InfluxDB database of its own, then, in a separate process that does only what a worker does, a
 * first scan over 60 s of history (the detectors' state, as a running worker has it) and three timed
 * `anomaly-scan`s (scanSensorAnomalies), each over the next 30 s, InfluxDB read and alert writes
 * included; the median is the figure, that process's peak RSS the worker's memory. Baseline in the
 * same run: InfluxDB alone answering the same queries. Everything is removed afterwards.
 *   node --import tsx bench/anomaly-scan.ts [--quick] [--sensors 10000] [--profile FILE]
 * --profile writes a V8 CPU profile of the timed scans (open it in Chrome DevTools).
 */
import "../server/load-dotenv";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { scanSensorAnomalies } from "../server/anomaly-scan/scan-sensor-anomalies";
import { scanStateCache } from "../server/anomaly-scan/scan-state-cache";
import { writeStateSnapshot } from "../server/anomaly-scan/state-snapshots";
import { db } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { applyReadingsRetention } from "../server/readings/apply-readings-retention";
import { quoteIdentifier } from "../server/readings/influxql";
import { streamReadingsSince } from "../server/readings/read-readings-since";
import { writeReadings, type ReadingPoint } from "../server/readings/write-readings";
import { WORKER_NODE_FLAGS } from "../worker/node-flags";

const cli = parseArgs({
  options: { quick: { type: "boolean" }, sensors: { type: "string" }, scanner: { type: "string" }, profile: { type: "string" } },
}).values;
const SENSORS = z.coerce
  .number()
  .int()
  .positive()
  .parse(cli.sensors ?? (cli.quick ? 2_000 : 10_000));
const WINDOW_MS = 30_000;
const HISTORY_MS = 60_000;
const SPIKE_EVERY = 500;
const SCANS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** What the set-up process hands the scanning process. */
const scannerPlan = z.object({ run: z.string(), firstWindow: z.number().int() });
type ScannerPlan = z.infer<typeof scannerPlan>;
const plan: ScannerPlan = cli.scanner
  ? scannerPlan.parse(JSON.parse(cli.scanner))
  : { run: `bs${Date.now().toString(36)}`, firstWindow: Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000 };
const region = `bench-scan-${plan.run}`;
const keyPrefix = `${plan.run}/`;
const scanKey = `bench-scan:${plan.run}`;
const keys = Array.from({ length: SENSORS }, (_, i) => `${keyPrefix}sensor-${String(i).padStart(6, "0")}`);
const windowEnds = Array.from({ length: SCANS }, (_, n) => plan.firstWindow + (n + 1) * WINDOW_MS);
const influxClient = () => new InfluxClient({ url: env().INFLUX_URL, token: env().INFLUX_TOKEN, database: `${env().INFLUX_DB}_bench_scan` });

const benchStart = performance.now();
const progress = (message: string) => process.stderr.write(`[anomaly-scan +${((performance.now() - benchStart) / 1000).toFixed(1)}s] ${message}\n`);

/** One 1 Hz series per sensor: a level, noise, and 10 s into each window a spike on every SPIKE_EVERY-th sensor. */
function readingsFor(slice: string[], firstIndex: number, from: number, to: number, withSpikes: boolean): ReadingPoint[] {
  const normal = gaussian(seededRandom(from + firstIndex));
  const points: ReadingPoint[] = [];
  slice.forEach((sensorKey, i) => {
    const s = firstIndex + i;
    for (let t = from; t < to; t += 1000) {
      // Window n: a spike on the sensors with s % SPIKE_EVERY === n (others in its 15-min alert bucket would be one alert).
      const spike = withSpikes && s % SPIKE_EVERY === Math.floor((t - from) / WINDOW_MS) && (t - from) % WINDOW_MS === 10_000 ? 60 : 0;
      points.push({ sensorKey, time: t, value: 20 + (s % 17) + normal() * 0.5 + spike, quantity: "temperature", region });
    }
  });
  return points;
}

async function setUp(client: InfluxClient) {
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
  await client.query(`CREATE DATABASE ${quoteIdentifier(client.database)}`);
  await applyReadingsRetention(client, { days: 7 });
  for (let i = 0; i < keys.length; i += 1_000) {
    await db.sensor.createMany({
      data: keys
        .slice(i, i + 1_000)
        .map((key) => ({ key, name: key, quantity: "temperature", unit: "°C", infraType: "building", region, site: "bench", intervalSeconds: 1 })),
    });
  }
  progress(`${SENSORS} sensors registered in region ${region}`);
  let written = 0;
  for (let i = 0; i < keys.length; i += 1_000) {
    const slice = keys.slice(i, i + 1_000);
    const history = readingsFor(slice, i, plan.firstWindow - HISTORY_MS + 1000, plan.firstWindow + 1000, false);
    const windows = readingsFor(slice, i, plan.firstWindow + 1000, windowEnds[SCANS - 1] + 1000, true);
    await writeReadings(client, { points: [...history, ...windows], batchSize: 10_000 });
    written += history.length + windows.length;
  }
  progress(`${written} readings written (${HISTORY_MS / 1000} s of history, then ${SCANS} windows of ${WINDOW_MS / 1000} s)`);
}

async function cleanUp(client: InfluxClient) {
  await db.alertIncident.deleteMany({ where: { sensorKey: { startsWith: keyPrefix } } });
  await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: { startsWith: scanKey } } });
  await db.anomalyScanWatermark.deleteMany({ where: { scanKey } });
  await db.sensor.deleteMany({ where: { key: { startsWith: keyPrefix } } });
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
}

/** Heap still in use after a full collection (the scanning process runs with --expose-gc): what the detector state holds. */
function liveHeapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
}

/** A CPU profile of this process from now until stop(). */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return { stop: async () => (await session.post("Profiler.stop")).profile };
}

/** The scanning process: only what a worker does, so its peak RSS is a worker's. */
async function scan(client: InfluxClient) {
  const scope = { region, scanKey, allowedLatenessMs: 0, initialLookbackMs: HISTORY_MS, warmupMs: 0, snapshotEvery: 20, client };
  let started = performance.now();
  await scanSensorAnomalies(db, { ...scope, now: plan.firstWindow });
  const firstScanMs = performance.now() - started;
  progress(`first scan in ${Math.round(firstScanMs)} ms (${HISTORY_MS / 1000} s of history, and a snapshot of every sensor's state)`);

  const scanMs: number[] = [];
  let records = 0;
  const profiler = cli.profile ? await startProfiler() : null;
  for (const end of windowEnds) {
    started = performance.now();
    const result = await scanSensorAnomalies(db, { ...scope, now: end });
    scanMs.push(performance.now() - started);
    records += result.records;
    progress(
      `scan of (${new Date(end - WINDOW_MS).toISOString()}, ${new Date(end).toISOString()}]: ${Math.round(scanMs.at(-1)!)} ms, ${result.records} readings, ${result.alerts} alerts`,
    );
  }

  if (profiler) writeFileSync(cli.profile!, JSON.stringify(await profiler.stop()));
  // Baseline in the same run: InfluxDB alone answering the same queries, nothing evaluated or written.
  const rawMs: number[] = [];
  for (const end of windowEnds) {
    started = performance.now();
    for await (const chunk of streamReadingsSince(client, { sensorKeys: keys, since: end - WINDOW_MS, until: end })) void chunk;
    rawMs.push(performance.now() - started);
  }

  // A snapshot is written every `snapshotEvery` scans (20: every 10 minutes at 30 s), after that scan's commit.
  started = performance.now();
  await writeStateSnapshot(db, { scanKey: `${scanKey}:timing`, takenAt: windowEnds[0], states: scanStateCache.get(scanKey)!.states });
  const snapshotMs = performance.now() - started;

  const medianScanMs = median(scanMs);
  return {
    sensor_checks_per_sec: Math.round((SENSORS / medianScanMs) * 1000),
    scan_sensors: SENSORS,
    scan_readings_per_sensor: WINDOW_MS / 1000,
    scan_ms_p50: Math.round(medianScanMs),
    scans_timed: SCANS,
    raw_influx_read_ms_p50: Math.round(median(rawMs)),
    scan_vs_raw_read: Math.round((median(rawMs) / medianScanMs) * 100) / 100,
    first_scan_ms: Math.round(firstScanMs),
    state_snapshot_ms: Math.round(snapshotMs),
    readings_evaluated: records,
    worker_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    worker_live_heap_mb: liveHeapMb(),
  };
}

async function main() {
  const client = influxClient();
  if (cli.scanner) {
    process.stdout.write(`${JSON.stringify(await scan(client))}\n`);
    return;
  }
  try {
    await setUp(client);
    const child = spawnSync(
      process.execPath,
      [
        ...WORKER_NODE_FLAGS,
        "--expose-gc",
        "--import",
        "tsx",
        __filename,
        "--sensors",
        String(SENSORS),
        "--scanner",
        JSON.stringify(plan),
        ...(cli.profile ? ["--profile", cli.profile] : []),
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: process.env },
    );
    if (child.status !== 0) throw new Error(`scanning process failed (exit ${child.status})`);
    const scanned = JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    const alertsWritten = await db.alert.count({ where: { sensorKey: { startsWith: keyPrefix }, at: { gt: new Date(plan.firstWindow) } } });
    process.stdout.write(
      `${JSON.stringify({ anomaly: { ...scanned, alerts_written: alertsWritten, alerts_expected: Math.ceil(SENSORS / SPIKE_EVERY) * SCANS } })}\n`,
    );
  } finally {
    await cleanUp(client);
    progress("bench sensors, alerts, scan state and InfluxDB database removed");
  }
}

// Something the server modules open (timers, sockets) keeps the loop alive; the bench is done when main is.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
