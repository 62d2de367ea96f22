/**
 * End-to-end scan throughput in one process: N real Sensor rows (a region of their own), readings in an
 * InfluxDB database of its own, then ONE timed `anomaly-scan` (scanSensorAnomalies) over exactly 30 s of
 * new 1 Hz readings, InfluxDB read and alert writes included. A first untimed scan over the 60 s before
 * gives the detectors their state, as a running worker has it. Everything is removed afterwards.
 *   node --import tsx bench/anomaly-scan.ts [--quick] [--sensors 10000]
 */
import "../server/load-dotenv";
import { parseArgs } from "node:util";
import { z } from "zod";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { scanSensorAnomalies } from "../server/anomaly-scan/scan-sensor-anomalies";
import { db } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { applyReadingsRetention } from "../server/readings/apply-readings-retention";
import { quoteIdentifier } from "../server/readings/influxql";
import { writeReadings, type ReadingPoint } from "../server/readings/write-readings";

const cli = parseArgs({ options: { quick: { type: "boolean" }, sensors: { type: "string" } } }).values;
const SENSORS = z.coerce.number().int().positive().parse(cli.sensors ?? (cli.quick ? 2_000 : 10_000));
const WINDOW_MS = 30_000;
const HISTORY_MS = 60_000;
const SPIKE_EVERY = 500;

const run = `bs${Date.now().toString(36)}`;
const region = `bench-scan-${run}`;
const keyPrefix = `${run}/`;
const scanKey = `bench-scan:${run}`;
const benchStart = performance.now();
const progress = (message: string) => process.stderr.write(`[anomaly-scan +${((performance.now() - benchStart) / 1000).toFixed(1)}s] ${message}\n`);

/** One 1 Hz series per sensor: a level, noise, and a spike in the scanned window for every SPIKE_EVERY-th sensor. */
function readingsFor(keys: string[], firstIndex: number, from: number, to: number, withSpikes: boolean): ReadingPoint[] {
  const normal = gaussian(seededRandom(from + firstIndex));
  const points: ReadingPoint[] = [];
  keys.forEach((sensorKey, i) => {
    const s = firstIndex + i;
    for (let t = from; t < to; t += 1000) {
      const spike = withSpikes && s % SPIKE_EVERY === 0 && t === from + 10_000 ? 60 : 0;
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

    const windowStart = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
    const windowEnd = windowStart + WINDOW_MS;
    // Written a thousand sensors at a time, so the bench does not hold a million points while the scan runs.
    let written = 0;
    for (let i = 0; i < keys.length; i += 1_000) {
      const slice = keys.slice(i, i + 1_000);
      const points = [...readingsFor(slice, i, windowStart - HISTORY_MS + 1000, windowStart + 1000, false), ...readingsFor(slice, i, windowStart + 1000, windowEnd + 1000, true)];
      await writeReadings(client, { points, batchSize: 10_000 });
      written += points.length;
    }
    progress(`${written} readings written (${HISTORY_MS / 1000} s of history and the ${WINDOW_MS / 1000} s window)`);

    const scope = { region, scanKey, allowedLatenessMs: 0, initialLookbackMs: HISTORY_MS, warmupMs: 0, snapshotEvery: 20, client };
    await scanSensorAnomalies(db, { ...scope, now: windowStart });
    progress("warm-up scan done (detector state for every sensor)");

    // Same reader the scan uses; only the time spent in its InfluxDB reads is counted.
    let readMs = 0;
    const query = client.query.bind(client);
    client.query = async (...args: Parameters<typeof query>) => {
      const started = performance.now();
      try {
        return await query(...args);
      } finally {
        readMs += performance.now() - started;
      }
    };
    const started = performance.now();
    const result = await scanSensorAnomalies(db, { ...scope, now: windowEnd });
    const scanMs = performance.now() - started;
    progress(`timed scan: ${JSON.stringify(result)}`);

    const alertsWritten = await db.alert.count({ where: { sensorKey: { startsWith: keyPrefix }, at: { gt: new Date(windowStart) } } });
    process.stdout.write(
      `${JSON.stringify({
        anomaly: {
          scan_sensor_checks_per_sec: Math.round((result.sensors / scanMs) * 1000),
          scan_sensors: result.sensors,
          scan_readings: result.records,
          scan_ms: Math.round(scanMs),
          scan_read_ms: Math.round(readMs),
          scan_evaluate_and_write_ms: Math.round(scanMs - readMs),
          alerts_written: alertsWritten,
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
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
