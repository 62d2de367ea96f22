/**
 * `npm run soak -- --minutes 30 [--sensors 2000] [--workers 2] [--clients 20]`: the demo fleet at ten times the
 * seeds' load (2,000 live sensors and ten times the demo's anomaly rate; the seeded anomaly scans and reports;
 * logger-file imports, readings exports, e-mail notifications and live dashboard clients), on the test stores.
 * Every minute and at the end it prints throughput, p99 latencies, errors, RSS and heap of every process, and the
 * sizes of PostgreSQL, Redis and InfluxDB; it exits 1 on any error or on a process or store that keeps growing.
 */
import "../server/load-dotenv";
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { argValue, startProcess, summarize, type BenchProcess } from "../bench/support/processes";
import { SESSION_COOKIE } from "../server/auth/session";
import { db } from "../server/db";
import { env } from "../server/env";
import { listWorkers } from "../server/fleet/list-workers";
import { influx } from "../server/influx/influx-client";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { createChannel } from "../server/notifications/create-channel";
import { deleteChannel } from "../server/notifications/delete-channel";
import { deleteRoute } from "../server/notifications/delete-route";
import { saveRoute } from "../server/notifications/save-route";
import { sharedRedis } from "../server/redis";
import { createLogger } from "../server/stations/create-logger";
import { createStation } from "../server/stations/create-station";
import { deleteJobDefinition, saveJobDefinition } from "../server/jobs/save-job-definition";
import { demoAnomalyScan, demoQcEvaluation } from "../prisma/seed";
import { WORKER_NODE_FLAGS } from "../worker/node-flags";
import { createTestUser } from "../tests/support/users";
import { sleep } from "./support";
import { growthOf, type Sample } from "./soak-growth";

const MINUTES = argValue("minutes", 30);
const SENSORS = argValue("sensors", 2_000);
const WORKERS = argValue("workers", 2);
const CLIENTS = argValue("clients", 20);
const IMPORT_EVERY_MS = 30_000;
const EXPORT_EVERY_MS = 60_000;
const PROBE_EVERY_MS = 2_000;
const PORT = 3_000 + Math.floor(Math.random() * 900) + 4_000;
const base = `http://127.0.0.1:${PORT}`;
const tag = randomUUID().slice(0, 8);

interface Minute {
  minute: number;
  runs: { succeeded: number; failed: number; dead: number };
  startP99Ms: number | null;
  httpP99Ms: number | null;
  errors: number;
  liveEvents: number;
  rssMb: Record<string, number>;
  heapMb: Record<string, number>;
  sizesMb: { postgres: number; redis: number; influx: number };
}

const errors: string[] = [];
const noteError = (what: string) => {
  errors.push(what);
  if (errors.length <= 20) console.log(`  ✖ ${what}`);
};

/** A TOA5 file (Campbell loggers) of the last ten minutes at one row a minute; new content each time, so it is imported, not deduplicated. */
function toa5File(serial: string, now: number): string {
  const rows = Array.from({ length: 10 }, (_, i) => {
    const at = new Date(Math.floor(now / 60_000) * 60_000 - (9 - i) * 60_000).toISOString().replace("T", " ").slice(0, 19);
    return `"${at}",${i},${(5 + Math.sin(now / 1e5 + i)).toFixed(3)},${(10 + Math.cos(now / 1e5 + i)).toFixed(3)}`;
  });
  return [
    `"TOA5","soak-${serial}","CR1000","${serial}","CR1000.Std.32","CPU:soak.CR1","1","Table10"`,
    `"TIMESTAMP","RECORD","WS_ms_Avg","AirTC_Avg"`,
    `"TS","RN","m/s","Deg C"`,
    `"","","Avg","Avg"`,
    ...rows,
    "",
  ].join("\r\n");
}

async function sizesMb() {
  const [pg] = await db.$queryRaw<Array<{ bytes: bigint }>>`SELECT pg_database_size(current_database()) AS bytes`;
  const memory = await sharedRedis().info("memory");
  const redisBytes = Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0);
  const stats = await influx().query("SHOW STATS FOR 'shard'");
  let influxBytes = 0;
  for (const shard of stats.results?.[0]?.series ?? []) {
    if (shard.tags?.database !== env().INFLUX_DB) continue;
    influxBytes += Number(shard.values[0]?.[shard.columns.indexOf("diskBytes")] ?? 0);
  }
  const mb = (b: number) => Math.round((b / 1_048_576) * 10) / 10;
  return { postgres: mb(Number(pg.bytes)), redis: mb(redisBytes), influx: mb(influxBytes) };
}

async function webHeapMb(metricsToken: string): Promise<number> {
  const text = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } }).then((r) => r.text());
  return Math.round(Number(/^gristmill_web_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? 0) / 1_048_576);
}

async function runsOfLastMinute(since: Date) {
  const rows = await db.$queryRaw<
    Array<{ status: string; n: bigint }>
  >`SELECT status::text, count(*) AS n FROM "JobRun" WHERE "finishedAt" >= ${since} GROUP BY status`;
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  const [start] = await db.$queryRaw<Array<{ p99: number | null }>>`
    SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM "startedAt" - "queuedAt") * 1000) AS p99
    FROM "JobRun" WHERE "startedAt" >= ${since} AND trigger = 'schedule'`;
  return {
    runs: { succeeded: count("succeeded"), failed: count("failed"), dead: count("dead") },
    startP99Ms: start?.p99 === null || start?.p99 === undefined ? null : Math.round(start.p99),
  };
}

function printMinute(m: Minute) {
  const procs = Object.keys(m.rssMb)
    .map((p) => `${p} ${m.rssMb[p]}${m.heapMb[p] !== undefined ? `/${m.heapMb[p]}` : ""}`)
    .join(", ");
  console.log(
    `  min ${String(m.minute).padStart(3)}: runs ${m.runs.succeeded} ok, ${m.runs.failed} failed, ${m.runs.dead} dead; scheduled start p99 ${m.startP99Ms ?? "–"} ms; ` +
      `console p99 ${m.httpP99Ms ?? "–"} ms; live events ${m.liveEvents}; errors ${m.errors}; RSS/heap MB: ${procs}; ` +
      `PostgreSQL ${m.sizesMb.postgres} MB, Redis ${m.sizesMb.redis} MB, InfluxDB ${m.sizesMb.influx} MB`,
  );
}

async function main() {
  console.log(
    `soak: ${MINUTES} min, ${SENSORS} sensors, ${WORKERS} workers, ${CLIENTS} dashboard clients, imports every ${IMPORT_EVERY_MS / 1000} s, exports every ${EXPORT_EVERY_MS / 1000} s`,
  );
  const metricsToken = env().METRICS_TOKEN ?? `soak-${randomUUID()}`;
  // The test stores are seeded without the demo's scan and QC job (they would run inside every worker test); the soak adds them for its run.
  const added = [];
  for (const fields of [demoAnomalyScan, demoQcEvaluation])
    added.push(await saveJobDefinition(db, { fields: { ...fields, name: `${fields.name} - soak ${tag}` }, changedBy: "soak" }));
  const processes: Record<string, BenchProcess> = {};
  // At info level: readiness is read from the processes' start-up lines.
  processes.web = startProcess("server/main.ts", { PORT: String(PORT), PUBLIC_URL: base, LOG_LEVEL: "info", METRICS_TOKEN: metricsToken }, "console listening");
  for (let i = 1; i <= WORKERS; i++) processes[`worker${i}`] = startProcess("worker/main.ts", { LOG_LEVEL: "info" }, "worker ready", WORKER_NODE_FLAGS);
  const stopAll = () => Promise.all(Object.values(processes).map((p) => p.stop()));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  const exited: string[] = [];
  for (const [name, p] of Object.entries(processes)) p.child.once("exit", (code, signal) => exited.push(`${name} (${code ?? signal})`));
  const sockets: Socket[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  let liveEvents = 0;
  try {
    await Promise.all(Object.values(processes).map((p) => p.ready));
    // Ten times the demo's fleet and anomaly rate (200 sensors, 0.5 per sensor-day).
    const simulator = startProcess(
      "scripts/simulate.ts",
      { LOG_LEVEL: "warn" },
      "",
      [],
      ["--sensors", String(SENSORS), "--live", "--anomaly-rate", "5", "--seed", "7"],
    );
    processes.simulator = simulator;
    simulator.child.once("exit", (code, signal) => exited.push(`simulator (${code ?? signal})`));

    const engineer = await createTestUser("ENGINEER");
    const cookie = `${SESSION_COOKIE}=${engineer.token}`;
    const source = await createIngestSource(db, { name: `soak-${tag}`, unknownSensors: "register" });
    const station = await createStation(db, { name: `Soak mast ${tag}`, type: "mast" });
    const logger = await createLogger(db, { stationId: station.id, make: "Campbell", serial: `soak-${tag}`, timestampsAtEnd: true });
    const channel = await createChannel(db, { input: { type: "email", name: `soak-${tag}`, to: ["soak@example.test"], rateLimitPerMinute: 600 } });
    cleanups.push(() => deleteChannel(db, { id: channel.id }));
    const route = await saveRoute(db, {
      input: {
        name: `soak-${tag}`,
        position: 9_000,
        enabled: true,
        matchers: {},
        channelIds: [channel.id],
        continue: true,
        quietHours: null,
        groupWaitSeconds: 0,
        groupIntervalSeconds: 300,
        repeatIntervalMinutes: 240,
        escalateAfterMinutes: null,
        escalateChannelIds: [],
      },
    });
    cleanups.unshift(() => deleteRoute(db, { id: route.id }));

    for (let i = 0; i < CLIENTS; i++) {
      const socket = io(base, { extraHeaders: { cookie }, transports: ["websocket"], reconnectionDelay: 500 });
      socket.on("connect", () => ["runs", "workers", "queues", "alerts"].forEach((topic) => socket.emit("subscribe", topic, () => undefined)));
      socket.onAny(() => liveEvents++);
      socket.on("connect_error", (err) => noteError(`dashboard client: ${err.message}`));
      sockets.push(socket);
    }

    const started = Date.now();
    const minutes: Minute[] = [];
    let http: number[] = [];
    let minuteErrors = 0;
    const fail = (what: string) => {
      minuteErrors++;
      noteError(what);
    };
    const timers = [
      setInterval(() => {
        for (const path of ["/api/health", "/", "/runs", "/alerts"]) {
          const t = performance.now();
          fetch(`${base}${path}`, { headers: { cookie } })
            .then(async (r) => {
              if (r.ok) http.push(performance.now() - t);
              else fail(`GET ${path}: ${r.status} ${(await r.text()).slice(0, 160)}`);
            })
            .catch((err) => fail(`GET ${path}: ${(err as Error).message}`));
        }
      }, PROBE_EVERY_MS),
      setInterval(() => {
        fetch(`${base}/api/imports?name=soak-${Date.now()}.dat&logger=${logger.serial}`, {
          method: "POST",
          headers: { authorization: `Token ${source.token}` },
          body: toa5File(logger.serial, Date.now()),
        })
          .then((r) => (r.status === 202 || r.status === 200 ? undefined : r.text().then((t) => fail(`import: ${r.status} ${t.slice(0, 200)}`))))
          .catch((err) => fail(`import: ${(err as Error).message}`));
      }, IMPORT_EVERY_MS),
      setInterval(() => {
        const to = new Date();
        const body = JSON.stringify({ json: { infraType: "wind_mast", from: new Date(to.getTime() - 3_600_000).toISOString(), to: to.toISOString() } });
        fetch(`${base}/api/trpc/exports.request`, { method: "POST", headers: { cookie, origin: base, "content-type": "application/json" }, body })
          .then((r) => (r.ok ? undefined : r.text().then((t) => fail(`export: ${r.status} ${t.slice(0, 200)}`))))
          .catch((err) => fail(`export: ${(err as Error).message}`));
      }, EXPORT_EVERY_MS),
    ];

    for (let minute = 1; minute <= MINUTES; minute++) {
      const since = new Date();
      await sleep(Math.max(0, started + minute * 60_000 - Date.now()));
      if (exited.length) fail(`process exited: ${exited.join(", ")}`);
      const rssMb = Object.fromEntries(Object.entries(processes).map(([name, p]) => [name, p.rssMb()]));
      const heapMb: Record<string, number> = { web: await webHeapMb(metricsToken).catch(() => 0) };
      for (const w of await listWorkers())
        if (w.pid && w.heapUsedMb !== undefined) {
          const name = Object.entries(processes).find(([, p]) => p.child.pid === w.pid)?.[0];
          if (name) heapMb[name] = w.heapUsedMb;
        }
      const runs = await runsOfLastMinute(since);
      if (runs.runs.dead) fail(`${runs.runs.dead} run(s) dead-lettered`);
      const m: Minute = {
        minute,
        ...runs,
        httpP99Ms: http.length ? Math.round(summarize(http).p99) : null,
        errors: minuteErrors,
        liveEvents,
        rssMb,
        heapMb,
        sizesMb: await sizesMb(),
      };
      minutes.push(m);
      printMinute(m);
      http = [];
      minuteErrors = 0;
      liveEvents = 0;
    }
    timers.forEach(clearInterval);

    const growth = growthOf(
      minutes.flatMap((m): Sample[] => [
        ...Object.entries(m.rssMb).map(([p, v]) => ({ series: `${p} RSS`, minute: m.minute, value: v })),
        ...Object.entries(m.heapMb).map(([p, v]) => ({ series: `${p} heap`, minute: m.minute, value: v })),
        { series: "Redis memory", minute: m.minute, value: m.sizesMb.redis },
      ]),
    );
    const totals = minutes.reduce((t, m) => ({ ok: t.ok + m.runs.succeeded, failed: t.failed + m.runs.failed }), { ok: 0, failed: 0 });
    console.log(`\nsoak over ${MINUTES} min: ${totals.ok} runs succeeded, ${totals.failed} failed; ${errors.length} errors`);
    console.log(
      `PostgreSQL ${minutes[0]?.sizesMb.postgres} → ${minutes.at(-1)?.sizesMb.postgres} MB, InfluxDB ${minutes[0]?.sizesMb.influx} → ${minutes.at(-1)?.sizesMb.influx} MB (readings accumulate until the retention purge)`,
    );
    for (const g of growth)
      console.log(`  ${g.growing ? "✖ grows" : "✓ flat "} ${g.series}: ${g.earlier} → ${g.later} (median of the second quarter → of the last quarter)`);
    const growing = growth.filter((g) => g.growing);
    return errors.length === 0 && growing.length === 0 ? 0 : 1;
  } finally {
    sockets.forEach((s) => s.close());
    await stopAll();
    // What the soak added must not go on notifying or scanning in later benches and drills on the same stores.
    for (const definition of added) cleanups.push(() => deleteJobDefinition(db, { id: definition.id }));
    for (const cleanup of cleanups) await cleanup().catch((err) => console.log(`  clean-up: ${(err as Error).message}`));
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
