/**
 * Anomaly scans spread over workers by scope: two regions of N sensors each (1 Hz readings in an
 * InfluxDB database of its own), two worker-like processes, each scanning one region with its own scan
 * key (own watermark, own detector state). Timed per 30 s window: one process scanning its scope while
 * the other is idle, then both at once. With spare I/O and cores, two scopes on two workers take the
 * time one takes alone (efficiency 1.0); on this 2-core machine InfluxDB answers both on the same cores.
 *   node --import tsx bench/scan-scopes.ts [--quick] [--sensors 5000]   (per scope)
 * Prints `scaleout.scan_scopes` on stdout.
 */
import "../server/load-dotenv";
import { spawn } from "node:child_process";
import os from "node:os";
import { createInterface } from "node:readline";
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
import { WORKER_NODE_FLAGS } from "../worker/node-flags";

const cli = parseArgs({ options: { quick: { type: "boolean" }, sensors: { type: "string" }, scanner: { type: "string" } } }).values;
const SENSORS = z.coerce
  .number()
  .int()
  .positive()
  .parse(cli.sensors ?? (cli.quick ? 1_000 : 5_000));
const WINDOW_MS = 30_000;
const HISTORY_MS = 60_000;
/** Each scope's windows, in order: alone, alone, together, alone, alone, together (see ROUNDS). */
const WINDOWS = 4;
const SCOPES = ["a", "b"] as const;
type Scope = (typeof SCOPES)[number];
/** Which scopes scan in each round; a scope's n-th scan takes its n-th window. */
const ROUNDS: Scope[][] = [["a"], ["b"], ["a", "b"], ["a"], ["b"], ["a", "b"]];

const runId = cli.scanner ? z.object({ run: z.string() }).parse(JSON.parse(cli.scanner)).run : `ss${Date.now().toString(36)}`;
const firstWindow = cli.scanner
  ? z.object({ firstWindow: z.number() }).parse(JSON.parse(cli.scanner)).firstWindow
  : Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
const regionOf = (scope: Scope) => `bench-scopes-${runId}-${scope}`;
const keyPrefix = `${runId}/`;
const keysOf = (scope: Scope) => Array.from({ length: SENSORS }, (_, i) => `${keyPrefix}${scope}-${String(i).padStart(6, "0")}`);
const scanKeyOf = (scope: Scope) => `bench-scopes:${runId}:${scope}`;
const influxClient = () => new InfluxClient({ url: env().INFLUX_URL, token: env().INFLUX_TOKEN, database: `${env().INFLUX_DB}_bench_scopes` });

/** What a scanner's own lines start with; its logs share stdout. */
const SAYS = "scanner> ";
const benchStart = performance.now();
const progress = (message: string) => process.stderr.write(`[scan-scopes +${((performance.now() - benchStart) / 1000).toFixed(1)}s] ${message}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (v: number) => Math.round(v * 100) / 100;

async function setUp(client: InfluxClient) {
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
  await client.query(`CREATE DATABASE ${quoteIdentifier(client.database)}`);
  await applyReadingsRetention(client, { days: 7 });
  const from = firstWindow - HISTORY_MS + 1000;
  const to = firstWindow + WINDOWS * WINDOW_MS + 1000;
  for (const scope of SCOPES) {
    const keys = keysOf(scope);
    const region = regionOf(scope);
    for (let i = 0; i < keys.length; i += 1_000) {
      const slice = keys.slice(i, i + 1_000);
      await db.sensor.createMany({
        data: slice.map((key) => ({ key, name: key, quantity: "temperature", unit: "°C", infraType: "building", region, site: "bench", intervalSeconds: 1 })),
      });
      const normal = gaussian(seededRandom(i + (scope === "a" ? 0 : 1e6)));
      const points: ReadingPoint[] = [];
      slice.forEach((sensorKey, j) => {
        for (let t = from; t < to; t += 1000) points.push({ sensorKey, time: t, value: 20 + ((i + j) % 17) + normal() * 0.5, quantity: "temperature", region });
      });
      await writeReadings(client, { points, batchSize: 10_000 });
    }
    progress(`scope ${scope}: ${SENSORS} sensors, ${((to - from) / 1000) * SENSORS} readings written`);
  }
}

async function cleanUp(client: InfluxClient) {
  await db.alertIncident.deleteMany({ where: { sensorKey: { startsWith: keyPrefix } } });
  for (const scope of SCOPES) {
    await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: scanKeyOf(scope) } });
    await db.anomalyScanWatermark.deleteMany({ where: { scanKey: scanKeyOf(scope) } });
  }
  await db.sensor.deleteMany({ where: { key: { startsWith: keyPrefix } } });
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
}

/** A scanning process: a first scan over the history, "ready", then one window per "go" line, its time on stdout. */
async function scanner(scope: Scope) {
  const client = influxClient();
  const options = {
    region: regionOf(scope),
    scanKey: scanKeyOf(scope),
    allowedLatenessMs: 0,
    initialLookbackMs: HISTORY_MS,
    warmupMs: 0,
    snapshotEvery: 1_000,
    client,
  };
  await scanSensorAnomalies(db, { ...options, now: firstWindow });
  process.stdout.write(`${SAYS}ready\n`);
  let window = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== "go") continue;
    window += 1;
    const started = performance.now();
    const result = await scanSensorAnomalies(db, { ...options, now: firstWindow + window * WINDOW_MS });
    process.stdout.write(`${SAYS}${JSON.stringify({ ms: performance.now() - started, records: result.records })}\n`);
  }
}

function startScanner(scope: Scope) {
  const child = spawn(
    process.execPath,
    [...WORKER_NODE_FLAGS, "--import", "tsx", __filename, "--sensors", String(SENSORS), "--scanner", JSON.stringify({ run: runId, firstWindow, scope })],
    { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, LOG_LEVEL: "warn" } },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error(`scanner ${scope} exited (${child.exitCode})`);
      if ((value as string).startsWith(SAYS)) return (value as string).slice(SAYS.length);
    }
  };
  return {
    ready: next().then((line) => {
      if (line !== "ready") throw new Error(`scanner ${scope} said "${line}"`);
    }),
    scan: async () => {
      child.stdin!.write("go\n");
      return z.object({ ms: z.number(), records: z.number() }).parse(JSON.parse(await next()));
    },
    stop: () => child.kill("SIGTERM"),
  };
}

async function main() {
  if (cli.scanner) {
    await scanner(z.object({ scope: z.enum(SCOPES) }).parse(JSON.parse(cli.scanner)).scope);
    process.exit(0);
  }
  const client = influxClient();
  let scanners: Record<Scope, ReturnType<typeof startScanner>> | undefined;
  try {
    await setUp(client);
    const started = performance.now();
    // Their first scans read the history, so they start once it is written.
    scanners = { a: startScanner("a"), b: startScanner("b") };
    await Promise.all(Object.values(scanners).map((s) => s.ready));
    progress(`both scanners warmed up (first scans) in ${Math.round(performance.now() - started)} ms`);
    const alone: number[] = [];
    const together: number[] = [];
    for (const round of ROUNDS) {
      const t0 = performance.now();
      const results = await Promise.all(round.map((scope) => scanners![scope].scan()));
      const wallMs = performance.now() - t0;
      if (results.some((r) => r.records !== SENSORS * (WINDOW_MS / 1000)))
        throw new Error(`a scan read ${results.map((r) => r.records)} readings, expected ${SENSORS * 30}`);
      (round.length === 1 ? alone : together).push(wallMs);
      progress(`${round.join(" + ")}: ${Math.round(wallMs)} ms`);
    }
    const aloneMs = median(alone);
    const togetherMs = median(together);
    console.log(
      JSON.stringify({
        scaleout: {
          scan_scopes: {
            sensors_per_scope: SENSORS,
            readings_per_sensor_per_scan: WINDOW_MS / 1000,
            one_worker_one_scope_ms: Math.round(aloneMs),
            two_workers_two_scopes_ms: Math.round(togetherMs),
            // 1.0: the second scope cost no extra time; 0.5: none gained over scanning them one after the other.
            efficiency: round(aloneMs / togetherMs),
            cores: os.cpus().length,
            load_average_1m: round(os.loadavg()[0]),
          },
        },
      }),
    );
  } finally {
    for (const s of Object.values(scanners ?? {})) s.stop();
    await cleanUp(client);
    progress("bench sensors, scan state and InfluxDB database removed");
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
