/**
 * The readings path against the real InfluxDB, in a database of its own (dropped afterwards):
 * batched writes of a simulated fleet, and the grouped reads the scan, charts and reports use.
 * Baselines in the same run: the same points as pre-built line protocol; one query per sensor.
 *   node --import tsx bench/readings-path.ts [--quick]
 */
import "../server/load-dotenv";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { aggregateReadings } from "../server/readings/aggregate-readings";
import { applyReadingsRetention } from "../server/readings/apply-readings-retention";
import { quoteIdentifier, quoteString, timeLiteral } from "../server/readings/influxql";
import { lastReadings } from "../server/readings/last-readings";
import { readReadingsSince } from "../server/readings/read-readings-since";
import { writeReadings, type ReadingPoint } from "../server/readings/write-readings";
import { buildSimulatedFleet } from "../server/simulator/build-simulated-fleet";
import { generateSensorReadings } from "../server/simulator/generate-sensor-readings";

const quick = process.argv.includes("--quick");
const SENSORS = 1000;
const HOURS = quick ? 3 : 12;
const HOUR = 3_600_000;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - started), value };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function freshDatabase(suffix: string): Promise<InfluxClient> {
  const client = new InfluxClient({ url: env().INFLUX_URL, token: env().INFLUX_TOKEN, database: `${env().INFLUX_DB}_${suffix}` });
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
  await client.query(`CREATE DATABASE ${quoteIdentifier(client.database)}`);
  await applyReadingsRetention(client, { days: 7 });
  return client;
}

async function main() {
  const client = await freshDatabase("bench_readings");
  const baseline = await freshDatabase("bench_readings_raw");
  try {
    const fleet = buildSimulatedFleet({ count: SENSORS });
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const normal = gaussian(seededRandom(1));
    const random = seededRandom(2);
    const points: ReadingPoint[] = fleet.flatMap((s) =>
      generateSensorReadings(s, { from: now - HOURS * HOUR, to: now, anomalies: [], normal, random }).map((r) => ({
        sensorKey: s.key,
        time: r.time,
        value: r.value,
        quantity: s.quantity,
        infraType: s.infraType,
        region: s.region,
        site: s.site,
      })),
    );
    // Baseline: the same points as plain line protocol, in the same batches, into a database of its own.
    const lines = points.map(
      (p) =>
        `reading,infra_type=${p.infraType},quantity=${p.quantity},region=${p.region},sensor=${p.sensorKey},site=${p.site!.replace(/ /g, "\\ ")} value=${p.value} ${p.time}`,
    );
    const raw = await timed(async () => {
      for (let i = 0; i < lines.length; i += 5_000) await baseline.write(lines.slice(i, i + 5_000), "ms");
    });
    const write = await timed(() => writeReadings(client, { points }));

    const keys = fleet.map((s) => s.key);
    const scanWindow = () => readReadingsSince(client, { sensorKeys: keys, since: now - 10 * 60_000, until: now });
    const scanRows = [...(await scanWindow()).values()].reduce((n, r) => n + r.length, 0);
    // Baseline: the same read with the sensors as a long OR of equalities, as it was first written (InfluxDB plans it quadratically).
    const orWindow = () =>
      client.query(
        `SELECT "value" FROM "reading" WHERE (${keys.map((k) => `"sensor" = ${quoteString(k)}`).join(" OR ")}) AND time > ${timeLiteral(now - 10 * 60_000)} AND time <= ${timeLiteral(now)} GROUP BY "sensor"`,
      );
    const hundred = keys.slice(0, 100);
    const grouped100 = await median(3, () => readReadingsSince(client, { sensorKeys: hundred, since: now - HOUR, until: now }));
    const perSensor100 = await median(3, async () => {
      for (const key of hundred) await readReadingsSince(client, { sensorKeys: [key], since: now - HOUR, until: now });
    });
    const result = {
      readings: {
        sensors: SENSORS,
        hours: HOURS,
        points: points.length,
        write_points_per_s: Math.round(points.length / (write.ms / 1000)),
        write_points_per_s_raw_line_protocol: Math.round(points.length / (raw.ms / 1000)),
        read_1000_sensors_10_min_ms: await median(3, scanWindow),
        read_1000_sensors_10_min_rows: scanRows,
        read_1000_sensors_10_min_or_filter_ms: await median(3, orWindow),
        read_100_sensors_1_h_grouped_ms: grouped100,
        read_100_sensors_1_h_one_query_each_ms: perSensor100,
        aggregate_1000_sensors_whole_window_ms: await median(3, () => aggregateReadings(client, { sensorKeys: keys, from: now - HOURS * HOUR, to: now })),
        aggregate_1000_sensors_hourly_ms: await median(3, () =>
          aggregateReadings(client, { sensorKeys: keys, from: now - HOURS * HOUR, to: now, bucketMs: HOUR }),
        ),
        last_1000_sensors_ms: await median(3, () => lastReadings(client, { sensorKeys: keys })),
      },
    };
    console.log(JSON.stringify(result));
  } finally {
    for (const c of [client, baseline]) await c.query(`DROP DATABASE ${quoteIdentifier(c.database)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
