/**
 * Station export: a one-year (quick: 30-day), 30-column station at 10-minute readings, some points
 * calibrated mid-period and some flagged, exported as a Windographer text file by the job's own code
 * (runStationExport), sampling the process's memory throughout. Baseline, same data, same run: the
 * readings export (runReadingsExport, one long CSV per quantity in a zip) of the same 30 sensors.
 * Each path runs in its own process, first with V8's old space capped at 48 MB (the figures under the
 * issue's keys: finishing proves the bound), then uncapped for throughput; rows per second are the rows each writes (wide lines for the
 * station export, one line per reading for the baseline) and readings per second count the same
 * readings for both. Prints one JSON line on stdout.   [--quick]
 */
import "../server/load-dotenv";
import { spawnSync } from "node:child_process";
import { db } from "../server/db";
import { runReadingsExport } from "../server/exports/run-readings-export";
import { runStationExport } from "../server/exports/run-station-export";
import { testInflux, writeReadings } from "../tests/support/influx-readings";
import { argValue, progress, quick } from "./support/processes";

const MIB = 1024 * 1024;
const STEP_MS = 600_000;
const POINTS = 30;
const SLUG = "bench-station-export";
const BENCH_USER = "bench-station-export@gristmill.local";
const from = Date.UTC(2025, 0, 1);
const days = quick ? 30 : 365;
const to = from + days * 24 * 3_600_000;
const chunkHours = argValue("chunk-hours", 0);
const pointName = (i: number) => `${["Spd", "Dir", "Tmp"][i % 3]}${10 + 10 * Math.floor(i / 3)}m${["N", "S", ""][i % 3]}`;

/** Peak heap of the whole process (everything it holds counts), sampled every 10 ms. */
function memorySampler() {
  let heap = 0;
  let rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 10);
  return { stop: () => (sample(), clearInterval(timer), { heap_mb: Math.round((heap / MIB) * 10) / 10, rss_mb: Math.round(rss / MIB) }) };
}

/** The station, its points and a year of readings, once: a later run finds them and writes nothing. */
async function seed() {
  const station = await db.station.upsert({
    where: { slug: SLUG },
    update: {},
    create: { name: SLUG, slug: SLUG, type: "mast", latitude: 53.3, longitude: -6.3, elevationM: 80 },
  });
  const influx = await testInflux();
  const keys: string[] = [];
  for (let i = 0; i < POINTS; i++) {
    const name = pointName(i);
    const key = `${SLUG}.${name}`;
    keys.push(key);
    const sensor = await db.sensor.upsert({
      where: { key },
      update: {},
      create: {
        key,
        name,
        quantity: ["wind_speed", "wind_direction", "temperature"][i % 3],
        unit: ["m/s", "°", "°C"][i % 3],
        infraType: "bench_station",
        region: "bench",
        site: SLUG,
        intervalSeconds: 600,
      },
    });
    await db.measurementPoint.upsert({
      where: { sensorId: sensor.id },
      update: {},
      create: { stationId: station.id, sensorId: sensor.id, name, quantity: sensor.quantity, unit: sensor.unit, statistic: "avg" },
    });
    if (i % 3 === 0)
      await db.sensorCalibration.upsert({
        where: { sensorId_effectiveFrom: { sensorId: sensor.id, effectiveFrom: new Date(from + 100 * 86_400_000) } },
        update: {},
        create: { sensorId: sensor.id, slope: 1.02, offset: 0.1, effectiveFrom: new Date(from + 100 * 86_400_000) },
      });
    if (i % 6 === 0 && !(await db.sensorFlag.count({ where: { sensorId: sensor.id } })))
      await db.sensorFlag.create({
        data: { sensorId: sensor.id, from: new Date(from + 20 * 86_400_000), to: new Date(from + 27 * 86_400_000), reason: "bench icing" },
      });
  }
  const have = await influx.query(`SELECT count("value") FROM "reading" WHERE "sensor" = '${keys.at(-1)}' AND time >= ${from}ms AND time < ${to}ms`);
  const count = Number(have.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
  const steps = (to - from) / STEP_MS;
  if (count < steps) {
    progress(`writing ${steps * POINTS} readings`);
    for (let start = 0; start < steps; start += 2_000) {
      const batch = [];
      for (let s = start; s < Math.min(steps, start + 2_000); s++)
        for (let i = 0; i < POINTS; i++)
          batch.push({ sensor: keys[i], time: from + s * STEP_MS, value: Math.round((5 + 4 * Math.sin(s / 50 + i) + (s % 7) / 10) * 1000) / 1000 });
      await writeReadings(influx, batch, 20_000);
    }
  }
  return { stationId: station.id, keys };
}

async function runPart(part: string) {
  const { stationId, keys } = await seed();
  const influx = await testInflux();
  const params =
    part === "station"
      ? { stationId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), format: "windographer-txt", values: "calibrated", flagged: "blank" }
      : { sensorKeys: keys, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  const row = await db.readingsExport.create({
    data: { requestedBy: BENCH_USER, kind: part === "station" ? "station" : "readings", stationId: part === "station" ? stationId : null, params },
  });
  (globalThis as { gc?: () => void }).gc?.();
  const startHeap = Math.round((process.memoryUsage().heapUsed / MIB) * 10) / 10;
  const memory = memorySampler();
  const started = performance.now();
  const result =
    part === "station"
      ? await runStationExport(db, { exportId: row.id, influx, ...(chunkHours ? { chunkMs: chunkHours * 3_600_000 } : {}) })
      : await runReadingsExport(db, { exportId: row.id, influx });
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  await db.readingsExport.delete({ where: { id: row.id } });
  const readings = ((to - from) / STEP_MS) * POINTS;
  console.log(
    JSON.stringify({
      rows: result.rows,
      bytes: result.bytes,
      seconds: Math.round(seconds * 100) / 100,
      rows_per_sec: Math.round(result.rows / seconds),
      readings_per_sec: Math.round(readings / seconds),
      peak_heap_mb: peak.heap_mb,
      start_heap_mb: startHeap,
      peak_rss_mb: peak.rss_mb,
    }),
  );
  await db.$disconnect();
}

/** V8's old space for the measured runs, as bench/readings-export.ts caps it: finishing at all proves the export never needed more. */
const HEAP_CAP_MB = 48;

function child(part: string, capped: boolean): Record<string, number> {
  const run = spawnSync(
    process.execPath,
    [...(capped ? [`--max-old-space-size=${HEAP_CAP_MB}`] : []), "--expose-gc", "--import", "tsx", __filename, "--part", part, ...process.argv.slice(2)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, LOG_LEVEL: "warn" } },
  );
  if (run.status !== 0) throw new Error(`${part} exited ${run.status}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

async function main() {
  const partIndex = process.argv.indexOf("--part");
  if (partIndex >= 0) return runPart(process.argv[partIndex + 1]);
  progress(`seeding a ${days}-day, ${POINTS}-column station`);
  await seed();
  await db.$disconnect();
  progress(`station export (Windographer text), old space capped at ${HEAP_CAP_MB} MB`);
  const station = child("station", true);
  progress("baseline: readings export of the same sensors, same cap");
  const baseline = child("readings", true);
  // Uncapped, V8 lets garbage pile up before collecting (peak heap grows with the period, not the live set): throughput only.
  progress("both again with V8's default heap");
  const stationFree = child("station", false);
  const baselineFree = child("readings", false);
  console.log(
    JSON.stringify({
      exports: {
        station_year_rows_per_sec: station.rows_per_sec,
        station_year_peak_heap_mb: station.peak_heap_mb,
        station_year: { days, columns: POINTS, heap_cap_mb: HEAP_CAP_MB, target_heap_mb: 64, ...station },
        station_year_baseline_readings_export: { heap_cap_mb: HEAP_CAP_MB, ...baseline },
        station_year_uncapped: { station: stationFree, baseline_readings_export: baselineFree },
      },
    }),
  );
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
