/**
 * Simulated sensor fleet: registers it in PostgreSQL, then writes readings into InfluxDB as a
 * backfill of N days and/or live (every sensor on its own interval), with labelled anomalies.
 *   npm run simulate -- [--sensors 1000] [--backfill-days N] [--live] [--anomalies FILE] [--anomaly-rate 0.05] [--seed 42]
 */
import "../server/load-dotenv";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { db } from "../server/db";
import { influx } from "../server/influx/influx-client";
import { logger } from "../server/logger";
import { markReadingsStale } from "../server/coverage/mark-readings-stale";
import { ensureReadingsStore } from "../server/retention/ensure-readings-store";
import { writeReadings, type ReadingPoint } from "../server/readings/write-readings";
import { recordLastReadings } from "../server/sensors/record-last-readings";
import { buildSimulatedFleet, type SimulatedSensor } from "../server/simulator/build-simulated-fleet";
import { registerSimulatedFleet } from "../server/simulator/register-simulated-fleet";
import { generateSensorReadings } from "../server/simulator/generate-sensor-readings";
import { planAnomalies, type InjectedAnomaly } from "../server/simulator/plan-anomalies";

const HOUR = 3_600_000;
const LIVE_TICK_MS = 2_000;
const LIVE_PLAN_MS = 10 * 60_000;

const optionsSchema = z.object({
  sensors: z.coerce.number().int().min(1).max(100_000),
  backfillDays: z.coerce.number().min(0).max(3650),
  live: z.boolean(),
  anomalies: z.string().min(1).optional(),
  anomalyRate: z.coerce.number().min(0).max(10),
  seed: z.coerce.number().int(),
});

function readOptions() {
  const { values } = parseArgs({
    options: {
      sensors: { type: "string", default: "1000" },
      "backfill-days": { type: "string", default: "0" },
      live: { type: "boolean", default: false },
      anomalies: { type: "string" },
      "anomaly-rate": { type: "string", default: "0.05" },
      seed: { type: "string", default: "42" },
    },
  });
  const parsed = optionsSchema.safeParse({ ...values, backfillDays: values["backfill-days"], anomalyRate: values["anomaly-rate"] });
  if (!parsed.success) {
    console.error(`simulate: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; ")}`);
    process.exit(2);
  }
  return parsed.data;
}

/** The ground truth, rewritten whole (via a temporary file) whenever anomalies are added. */
function truthWriter(file: string | undefined, seed: number) {
  const anomalies: InjectedAnomaly[] = [];
  return {
    anomalies,
    add(more: InjectedAnomaly[]) {
      anomalies.push(...more);
      if (!file) return;
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const body = {
        seed,
        writtenAt: new Date().toISOString(),
        anomalies: anomalies.map((a) => ({ ...a, from: new Date(a.from).toISOString(), to: new Date(a.to).toISOString() })),
      };
      writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
    },
  };
}

/** Every sensor's readings in [from, to), as points with their labels. */
function fleetPoints(
  fleet: readonly SimulatedSensor[],
  byKey: Map<string, InjectedAnomaly[]>,
  from: number,
  to: number,
  normal: () => number,
  random: () => number,
): ReadingPoint[] {
  const points: ReadingPoint[] = [];
  for (const s of fleet) {
    for (const r of generateSensorReadings(s, { from, to, anomalies: byKey.get(s.key) ?? [], normal, random })) {
      points.push({ sensorKey: s.key, time: r.time, value: r.value, quantity: s.quantity, infraType: s.infraType, region: s.region, site: s.site });
    }
  }
  return points;
}

async function flush(points: ReadingPoint[]): Promise<void> {
  await writeReadings(influx(), { points });
  await recordLastReadings(db, { readings: points });
}

function indexByKey(anomalies: readonly InjectedAnomaly[]): Map<string, InjectedAnomaly[]> {
  const byKey = new Map<string, InjectedAnomaly[]>();
  for (const a of anomalies) byKey.set(a.sensorKey, [...(byKey.get(a.sensorKey) ?? []), a]);
  return byKey;
}

async function main() {
  const options = readOptions();
  const random = seededRandom(options.seed);
  const normal = gaussian(seededRandom(options.seed + 1));
  await ensureReadingsStore(db, { client: influx() });
  const fleet = buildSimulatedFleet({ count: options.sensors, seed: options.seed });
  const { created, createdStations } = await registerSimulatedFleet(db, fleet);
  console.log(
    `simulate: ${fleet.length} sensors (${created} newly registered) as points of ${new Set(fleet.map((s) => s.site)).size} stations (${createdStations} new) across ${new Set(fleet.map((s) => s.region)).size} regions`,
  );
  const truth = truthWriter(options.anomalies, options.seed);
  let now = Date.now();

  if (options.backfillDays > 0) {
    const from = now - options.backfillDays * 24 * HOUR;
    truth.add(planAnomalies({ fleet, from, to: now, ratePerSensorDay: options.anomalyRate, random }));
    const byKey = indexByKey(truth.anomalies);
    // About 100,000 points per chunk, whatever the fleet's size.
    const pointsPerHour = fleet.reduce((n, s) => n + 3600 / s.intervalSeconds, 0);
    const chunkMs = Math.max(60_000, Math.min(24 * HOUR, Math.floor((100_000 / pointsPerHour) * HOUR)));
    const started = Date.now();
    let written = 0;
    let lastReport = 0;
    for (let t = from; t < now; t += chunkMs) {
      const points = fleetPoints(fleet, byKey, t, Math.min(now, t + chunkMs), normal, random);
      await flush(points);
      written += points.length;
      const done = Math.min(1, (t + chunkMs - from) / (now - from));
      if (done === 1 || Date.now() - lastReport > 2_000) {
        lastReport = Date.now();
        const rate = Math.round(written / Math.max(0.001, (Date.now() - started) / 1000));
        console.log(`simulate: backfill ${(done * 100).toFixed(0)}%  ${written.toLocaleString("en")} points  ${rate.toLocaleString("en")} points/s`);
      }
    }
    // Written behind the live scans' and reports' backs: the coverage ledger queues their backfill.
    await markReadingsStale(db, { sensorKeys: fleet.map((s) => s.key), from, to: now, reason: "simulator backfill" });
    console.log(
      `simulate: backfilled ${options.backfillDays} day(s), ${truth.anomalies.length} labelled anomalies${options.anomalies ? ` in ${options.anomalies}` : ""}`,
    );
  }
  if (!options.live) return;

  let stopping = false;
  const stop = () => (stopping = true);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  console.log(`simulate: live, ${fleet.length} sensors, Ctrl-C to stop`);
  let plannedUntil = now;
  let byKey = indexByKey(truth.anomalies);
  while (!stopping) {
    const tickStart = Date.now();
    if (plannedUntil <= tickStart) {
      const planned = planAnomalies({
        fleet,
        from: plannedUntil,
        to: plannedUntil + LIVE_PLAN_MS,
        ratePerSensorDay: options.anomalyRate,
        random,
        existing: truth.anomalies,
      });
      if (planned.length > 0) {
        truth.add(planned);
        byKey = indexByKey(truth.anomalies);
        logger.info({ event: "simulate.anomalies_planned", count: planned.length, kinds: planned.map((a) => a.kind) }, "anomalies planned");
      }
      plannedUntil += LIVE_PLAN_MS;
    }
    try {
      await flush(fleetPoints(fleet, byKey, now, tickStart, normal, random));
      now = tickStart;
    } catch (err) {
      // The next tick writes the same window again: nothing is lost while InfluxDB is briefly away.
      logger.warn({ event: "simulate.flush_failed", error: (err as Error).message }, "simulator write failed, will retry");
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, LIVE_TICK_MS - (Date.now() - tickStart))));
  }
}

main()
  .then(() => db.$disconnect())
  .catch(async (err) => {
    console.error(`simulate failed: ${(err as Error).stack ?? err}`);
    await db.$disconnect();
    process.exit(1);
  });
