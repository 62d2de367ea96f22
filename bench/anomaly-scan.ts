/**
 * End-to-end scan throughput in one process: N real Sensor rows (a region of their own), readings in an
 * InfluxDB database of its own, a first scan over 60 s of history (the detectors' state, as a running
 * worker has it), then three timed `anomaly-scan`s (scanSensorAnomalies), each over the next 30 s of
 * 1 Hz readings, InfluxDB read and alert writes included; the median is the figure. Baseline in the same
 * run: InfluxDB alone answering the same queries. Everything is removed afterwards.
 *   node --import tsx bench/anomaly-scan.ts [--quick] [--sensors 10000]
 */
import "../server/load-dotenv";
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

const cli = parseArgs({ options: { quick: { type: "boolean" }, sensors: { type: "string" } } }).values;
const SENSORS = z.coerce.number().int().positive().parse(cli.sensors ?? (cli.quick ? 2_000 : 10_000));
const WINDOW_MS = 30_000;
const HISTORY_MS = 60_000;
const SPIKE_EVERY = 500;
const SCANS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const run = `bs${Date.now().toString(36)}`;
const region = `bench-scan-${run}`;
const keyPrefix = `${run}/`;
const scanKey = `bench-scan:${run}`;
const benchStart = performance.now();
const progress = (message: string) => process.stderr.write(`[anomaly-scan +${((performance.now() - benchStart) / 1000).toFixed(1)}s] ${message}\n`);

/** One 1 Hz series per sensor: a level, noise, and 10 s into each window a spike on every SPIKE_EVERY-th sensor. */
function readingsFor(keys: string[], firstIndex: number, from: number, to: number, withSpikes: boolean): ReadingPoint[] {
  const normal = gaussian(seededRandom(from + firstIndex));
  const points: ReadingPoint[] = [];
  keys.forEach((sensorKey, i) => {
    const s = firstIndex + i;
    for (let t = from; t < to; t += 1000) {
      // Window n: a spike on the sensors with s % SPIKE_EVERY === n (others in its 15-min alert bucket would be one alert).
      const spike = withSpikes && s % SPIKE_EVERY === Math.floor((t - from) / WINDOW_MS) && (t - from) % WINDOW_MS === 10_000 ? 60 : 0;
      points.push({ sensorKey, time: t, value: 20 + (s % 17) + normal() * 0.5 + spike, quantity: "temperature", region });
    }
  });
  return points;
}

async function cleanUp(client: InfluxClient) {
  await db.alertIncident.deleteMany({ where: { sensorKey: { startsWith: keyPrefix } } });
  await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey } });
  await db.anomalyScanWatermark.deleteMany({ where: { scanKey } });
  await db.sensor.deleteMany({ where: { key: { startsWith: keyPrefix } } });
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
}

async function main() {
  const client = new InfluxClient({ url: env().INFLUX_URL, token: env().INFLUX_TOKEN, database: `${env().INFLUX_DB}_bench_scan` });
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
  await client.query(`CREATE DATABASE ${quoteIdentifier(client.database)}`);
  await applyReadingsRetention(client, { days: 7 });
  try {
    const keys = Array.from({ length: SENSORS }, (_, i) => `${keyPrefix}sensor-${String(i).padStart(6, "0")}`);
    for (let i = 0; i < keys.length; i += 1_000) {
      await db.sensor.createMany({
        data: keys.slice(i, i + 1_000).map((key) => ({ key, name: key, quantity: "temperature", unit: "°C", infraType: "building", region, site: "bench", intervalSeconds: 1 })),
      });
    }
    progress(`${SENSORS} sensors registered in region ${region}`);

    const firstWindow = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
    const windowEnds = Array.from({ length: SCANS }, (_, n) => firstWindow + (n + 1) * WINDOW_MS);
    // Written a thousand sensors at a time, so the bench does not hold millions of points while the scan runs.
    let written = 0;
    for (let i = 0; i < keys.length; i += 1_000) {
      const slice = keys.slice(i, i + 1_000);
      const points = [...readingsFor(slice, i, firstWindow - HISTORY_MS + 1000, firstWindow + 1000, false), ...readingsFor(slice, i, firstWindow + 1000, windowEnds[SCANS - 1] + 1000, true)];
      await writeReadings(client, { points, batchSize: 10_000 });
      written += points.length;
    }
    progress(`${written} readings written (${HISTORY_MS / 1000} s of history, then ${SCANS} windows of ${WINDOW_MS / 1000} s)`);

    const scope = { region, scanKey, allowedLatenessMs: 0, initialLookbackMs: HISTORY_MS, warmupMs: 0, snapshotEvery: 20, client };
    let started = performance.now();
    await scanSensorAnomalies(db, { ...scope, now: firstWindow });
    const firstScanMs = performance.now() - started;
    progress(`first scan done in ${Math.round(firstScanMs)} ms (${HISTORY_MS / 1000} s of history, and a snapshot of every sensor's state)`);

    const scanMs: number[] = [];
    let records = 0;
    for (const end of windowEnds) {
      started = performance.now();
      const result = await scanSensorAnomalies(db, { ...scope, now: end });
      scanMs.push(performance.now() - started);
      records += result.records;
      progress(`scan of (${new Date(end - WINDOW_MS).toISOString()}, ${new Date(end).toISOString()}]: ${Math.round(scanMs.at(-1)!)} ms, ${result.records} readings, ${result.alerts} alerts`);
    }

    // Baseline in the same run: InfluxDB alone answering the same queries, nothing evaluated or written.
    const rawMs: number[] = [];
    for (const end of windowEnds) {
      started = performance.now();
      for await (const chunk of streamReadingsSince(client, { sensorKeys: keys, since: end - WINDOW_MS, until: end })) void chunk;
      rawMs.push(performance.now() - started);
    }

    // A snapshot is written every `snapshotEvery` scans (20: every 10 minutes at 30 s), outside the timed scans.
    const states = scanStateCache.get(scanKey)!.states;
    started = performance.now();
    await writeStateSnapshot(db, { scanKey: `${scanKey}:timing`, takenAt: windowEnds[0], states });
    const snapshotMs = performance.now() - started;
    await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: `${scanKey}:timing` } });

    const alertsWritten = await db.alert.count({ where: { sensorKey: { startsWith: keyPrefix }, at: { gt: new Date(firstWindow) } } });
    const medianScanMs = median(scanMs);
    process.stdout.write(
      `${JSON.stringify({
        anomaly: {
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
          alerts_written: alertsWritten,
          alerts_expected: Math.ceil(SENSORS / SPIKE_EVERY) * SCANS,
          worker_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        },
      })}\n`,
    );
  } finally {
    await cleanUp(client);
    progress("bench sensors, alerts, scan state and InfluxDB database removed");
    await db.$disconnect();
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
