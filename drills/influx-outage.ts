import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { Queue } from "bullmq";
import { percentile, root, startProcess } from "../bench/support/processes";
import { demoAnomalyScan } from "../prisma/seed";
import { createDb } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { saveJobDefinition } from "../server/jobs/save-job-definition";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { allQueueNames } from "../server/queues/queues";
import { ensureReadingsStore } from "../server/retention/ensure-readings-store";
import { createRedis } from "../server/redis";
import { registerSensors } from "../server/sensors/register-sensors";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { prepareDatabase } from "../scripts/services/database";
import { dropDatabase } from "../scripts/services/postgres";
import { readingLines, startBufferingLogger } from "./buffering-logger";
import { DRILL_REGION, drillSensors, planSpikes, scoreAlerts } from "./influx-outage-plan";
import { privateInflux, sleep, waitUntil, type DrillResult } from "./support";

export interface InfluxOutageOptions {
  /** How long InfluxDB is away (default 60 s). */
  outageMs?: number;
  /** `stop`: the process is stopped (connections refused); `hang`: it is frozen (connections accepted, never answered). */
  mode?: "stop" | "hang";
  /** The scan's allowed lateness (default: the job kind's own default, 30 s). */
  allowedLatenessMs?: number;
  sensors?: number;
}

const INFLUX_PORT = 18086;
const INFLUX_RPC_PORT = 18088;
const WEB_PORT = 3992;
const SCAN_EVERY_MS = 5_000;
const SPIKES_PER_PHASE = 10;
const WARMUP_MS = 5 * 60_000;
const SCAN_KEY = "drill-influx-outage";

interface Health {
  status: number;
  down: string[];
}

const health = (base: string): Promise<Health> =>
  fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(async (r) => ({
    status: r.status,
    down: ((await r.json()) as { down: string[] }).down,
  }));

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Take InfluxDB away for a minute under a console, a worker scanning a region every 5 s, and a
 * logger writing 1 Hz readings through the write API: scans fail fast behind the circuit breaker,
 * the watermark holds, health names influxdb, and after recovery the logger's backlog is scanned
 * with every injected spike alerted exactly once.
 */
export async function influxOutageDrill(options: InfluxOutageOptions = {}): Promise<DrillResult> {
  const outageMs = options.outageMs ?? 60_000;
  const mode = options.mode ?? "stop";
  const latenessMs = options.allowedLatenessMs ?? 30_000;
  const sensors = drillSensors(options.sensors ?? 300);
  const databaseUrl = withDatabase(env().DATABASE_URL, `${new URL(env().DATABASE_URL).pathname.slice(1)}_drill_influx`);
  const influxDb = "gristmill_drill";
  const influx = privateInflux(INFLUX_PORT, INFLUX_RPC_PORT);
  const prefix = `drill-${randomUUID().slice(0, 8)}`;
  const base = `http://127.0.0.1:${WEB_PORT}`;
  const redis = createRedis("command");
  const events = createRedis("subscriber");
  let db: ReturnType<typeof createDb> | undefined;
  let web: ReturnType<typeof startProcess> | undefined;
  let worker: ReturnType<typeof startProcess> | undefined;
  let logger: ReturnType<typeof startBufferingLogger> | undefined;
  let watching = true;
  let watcher: Promise<void> = Promise.resolve();
  try {
    await influx.start();
    await prepareDatabase({ DATABASE_URL: databaseUrl }, true);
    db = createDb(databaseUrl);
    // Only the drill's own scan runs: the seed's standard jobs would scan and report on the same sensors.
    await db.jobDefinition.deleteMany({});
    await registerSensors(db, {
      sensors: sensors.map((s) => ({
        key: s.key,
        name: s.key,
        quantity: "temperature",
        unit: "°C",
        infraType: "building",
        region: DRILL_REGION,
        site: `drill-site-${s.key.slice(-1)}`,
        intervalSeconds: 1,
        validMin: -50,
        validMax: 150,
      })),
    });
    const { token } = await createIngestSource(db, { name: "drill logger", unknownSensors: "refuse" });

    // History for the scan's warm-up, written straight to InfluxDB.
    const client = new InfluxClient({ url: influx.url, database: influxDb });
    await ensureReadingsStore(db, { client });
    const historyEnd = Math.floor(Date.now() / 1000) * 1000;
    const historyTimes = Array.from({ length: (WARMUP_MS + 120_000) / 1000 }, (_, i) => historyEnd - WARMUP_MS - 120_000 + (i + 1) * 1000);
    const history = readingLines(sensors, new Map(), historyTimes, gaussian(seededRandom(7)), 0.5);
    for (let i = 0; i < history.length; i += 5_000) await client.write(history.slice(i, i + 5_000), "ms");

    const definition = await saveJobDefinition(db, {
      fields: {
        ...demoAnomalyScan,
        name: "Drill anomaly scan",
        params: { region: DRILL_REGION, scanKey: SCAN_KEY, allowedLatenessMs: latenessMs, initialLookbackMs: 60_000, warmupMs: WARMUP_MS },
        schedule: { type: "interval", everyMs: SCAN_EVERY_MS },
      },
      changedBy: "drill",
    });

    const procEnv = {
      DATABASE_URL: databaseUrl,
      INFLUX_URL: influx.url,
      INFLUX_DB: influxDb,
      QUEUE_PREFIX: prefix,
      PORT: String(WEB_PORT),
      PUBLIC_URL: base,
      LOG_LEVEL: "info",
      SCHEDULER_SYNC_MS: "1000",
    };
    web = startProcess("server/main.ts", procEnv, "console listening");
    worker = startProcess("worker/main.ts", procEnv, "worker ready");
    await Promise.all([web.ready, worker.ready]);
    const alertEvents: string[] = [];
    await events.subscribe(`${prefix}:events`);
    events.on("message", (_channel, message) => {
      const event = JSON.parse(message) as { event: string; payload: { sensorKey?: string } };
      if (event.event === "alert:new" && event.payload.sensorKey) alertEvents.push(event.payload.sensorKey);
    });

    // The timeline, planned up front: spikes before, during and after the outage.
    const liveStart = Date.now();
    const outageAt = liveStart + Math.max(40_000, latenessMs + 30_000);
    const plannedBack = outageAt + outageMs;
    const end = plannedBack + 30_000;
    const spikes = planSpikes(
      sensors,
      {
        before: { from: liveStart + 5_000, to: outageAt - 3_000 },
        during: { from: outageAt + 2_000, to: plannedBack - 2_000 },
        after: { from: plannedBack + 5_000, to: end - 5_000 },
      },
      SPIKES_PER_PHASE,
    );
    logger = startBufferingLogger({ baseUrl: base, token, sensors, spikes, from: historyEnd });

    // The watermark, watched throughout.
    const watermarks: Array<{ at: number; watermark: number; scans: number }> = [];
    const readWatermark = async () => {
      const row = await db!.anomalyScanWatermark.findUnique({ where: { scanKey: SCAN_KEY } });
      return row ? { at: Date.now(), watermark: row.watermark.getTime(), scans: row.scans } : undefined;
    };
    watcher = (async () => {
      while (watching) {
        const row = await readWatermark().catch(() => undefined);
        if (row) watermarks.push(row);
        await sleep(250);
      }
    })();

    const login = await fetch(`${base}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: env().DEMO_ADMIN_EMAIL, password: env().DEMO_ADMIN_PASSWORD } }),
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
    const dashboardHealth = () =>
      fetch(`${base}/api/trpc/system.health`, { headers: { cookie } }).then(
        async (r) => ((await r.json()) as { result?: { data?: { json?: { dependencies: Record<string, { ok: boolean }> } } } }).result?.data?.json,
      );

    await sleep(outageAt - Date.now());
    const healthyBefore = (await health(base)).status === 200;
    const scansBefore = (await readWatermark())?.scans ?? 0;
    const alertsBefore = await db.alert.count();

    // The outage.
    const downAt = Date.now();
    if (mode === "stop") await influx.stop();
    else influx.freeze();
    let detectMs = -1;
    let healthNamedInflux = false;
    let othersDown = false;
    let dashboardShowsDown = false;
    while (Date.now() < downAt + outageMs) {
      const h = await health(base).catch(() => ({ status: 0, down: [] as string[] }));
      if (h.down.includes("influxdb")) {
        if (detectMs < 0) detectMs = Date.now() - downAt;
        healthNamedInflux = true;
      }
      if (h.down.some((d) => d !== "influxdb")) othersDown = true;
      if (!dashboardShowsDown && detectMs >= 0) dashboardShowsDown = (await dashboardHealth().catch(() => undefined))?.dependencies.influxdb?.ok === false;
      await sleep(Math.min(1_000, Math.max(0, downAt + outageMs - Date.now())));
    }
    const processesAlive = web.child.exitCode === null && worker.child.exitCode === null;
    if (mode === "stop") await influx.start();
    else influx.thaw();
    const backAt = Date.now();

    // Recovery: the logger sends its backlog, the scans catch up past the end of the timeline.
    const lastSpike = Math.max(...spikes.map((s) => s.time));
    await waitUntil("the scan to pass the end of the outage", async () => ((await readWatermark())?.watermark ?? 0) >= backAt, latenessMs + 120_000);
    const catchUpMs = Date.now() - backAt;
    await waitUntil(
      "the scan to pass the last spike",
      async () => ((await readWatermark())?.watermark ?? 0) > lastSpike,
      Math.max(0, lastSpike - Date.now()) + latenessMs + 60_000,
    );
    watching = false;
    await watcher;
    const loggerStats = { ...logger.stats };

    const alerts = await db.alert.findMany({ select: { key: true, sensorKey: true, detector: true, at: true } });
    const score = scoreAlerts(spikes, alerts);
    const runs = await db.jobRun.findMany({ where: { definitionId: definition.id }, select: { errors: true, status: true, result: true } });
    const results = runs.map((r) => (r.result ?? {}) as { skipped?: string; heldUntil?: string });
    const attempts = runs.flatMap((r) => r.errors as Array<{ at: string; message: string; durationMs?: number }>);
    const failedDuringOutage = attempts.filter((a) => Date.parse(a.at) >= downAt && Date.parse(a.at) <= backAt);
    const durations = failedDuringOutage.map((a) => a.durationMs ?? NaN).sort((a, b) => a - b);
    // Once the worker's breaker has opened (the first "failing fast" error), attempts that start must fail fast.
    const breakerOpenedAt = Math.min(...failedDuringOutage.filter((a) => /failing fast/.test(a.message)).map((a) => Date.parse(a.at)));
    const breakerOpen = failedDuringOutage.filter((a) => Date.parse(a.at) - (a.durationMs ?? 0) >= breakerOpenedAt);
    const breakerDurations = breakerOpen.map((a) => a.durationMs ?? NaN).sort((a, b) => a - b);
    // A frozen server holds the breaker's periodic trial call until the HTTP timeout (10 s).
    const failFastLimitMs = mode === "stop" ? 1_000 : 11_000;
    const deadLetters = await db.deadLetter.count({ where: { definitionId: definition.id } });
    // No scan can have read past the moment InfluxDB went away: a scan that started before it ends its window at start − lateness.
    const outageWatermarks = watermarks.filter((w) => w.at >= downAt && w.at <= backAt);
    const watermarkMoved = outageWatermarks.some((w) => w.watermark > downAt - latenessMs);
    const alertEventsBySensor = new Map<string, number>();
    for (const key of alertEvents) alertEventsBySensor.set(key, (alertEventsBySensor.get(key) ?? 0) + 1);
    const eventDuplicates = [...alertEventsBySensor.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const falsePositives = Object.values(score.falsePositives).reduce((a, b) => a + b, 0);

    const counts = {
      sensors: sensors.length,
      outage_s: Math.round(outageMs / 1000),
      spikes_injected: spikes.length,
      spikes_during_outage: spikes.filter((s) => s.phase === "during").length,
      alerts_found: score.found,
      lost: score.lost,
      duplicates: score.duplicates,
      false_positives: falsePositives,
      alert_events: alertEvents.length,
      alert_events_duplicated: eventDuplicates,
      alerts_before_outage: alertsBefore,
      failed_scans_during_outage: failedDuringOutage.length,
      failed_after_breaker_opened: breakerOpen.length,
      fail_fast_p50_ms: percentile(breakerDurations, 0.5),
      fail_fast_max_ms: breakerDurations.length ? breakerDurations[breakerDurations.length - 1] : NaN,
      failed_p50_ms: percentile(durations, 0.5),
      failed_max_ms: durations.length ? durations[durations.length - 1] : NaN,
      dead_letters: deadLetters,
      runs_skipped_overlap: results.filter((r) => r.skipped).length,
      runs_held_after_recovery: results.filter((r) => r.heldUntil).length,
      watermark_moved_during_outage: watermarkMoved ? 1 : 0,
      health_named_influxdb: healthNamedInflux ? 1 : 0,
      health_detect_ms: detectMs,
      dashboard_shows_down: dashboardShowsDown ? 1 : 0,
      processes_alive: processesAlive ? 1 : 0,
      writes_refused: Object.values(loggerStats.refused).reduce((a, b) => a + b, 0),
      logger_max_buffered: loggerStats.maxBuffered,
      catch_up_ms: catchUpMs,
    };
    const pass =
      healthyBefore &&
      scansBefore >= 2 &&
      processesAlive &&
      healthNamedInflux &&
      !othersDown &&
      dashboardShowsDown &&
      !watermarkMoved &&
      score.lost === 0 &&
      score.duplicates === 0 &&
      falsePositives === 0 &&
      eventDuplicates === 0 &&
      alertEvents.length === spikes.length &&
      failedDuringOutage.length > 0 &&
      breakerOpen.length > 0 &&
      counts.fail_fast_p50_ms < 1_000 &&
      counts.fail_fast_max_ms < failFastLimitMs;
    const problems = [
      !healthyBefore && "not healthy before the outage",
      scansBefore < 2 && `only ${scansBefore} scans before the outage`,
      score.lost > 0 && `lost: ${score.lostSpikes.map((s) => `${s.sensorKey}@${new Date(s.time).toISOString()}`).join(", ")}`,
      falsePositives > 0 && `false positives by detector: ${JSON.stringify(score.falsePositives)}`,
      othersDown && "health named another dependency down",
    ].filter(Boolean);
    return {
      drill: `InfluxDB ${mode === "stop" ? "stopped" : "hung (SIGSTOP)"} for ${Math.round(outageMs / 1000)} s under anomaly scans`,
      pass,
      counts,
      note: `${sensors.length} sensors at 1 Hz through the write API, scans every ${SCAN_EVERY_MS / 1000} s with allowedLatenessMs ${latenessMs}.${problems.length ? ` ${problems.join("; ")}` : ""}`,
    };
  } finally {
    watching = false;
    await watcher.catch(() => undefined);
    await logger?.stop();
    await Promise.all([web?.stop(), worker?.stop()]);
    events.disconnect();
    for (const name of allQueueNames()) {
      const connection = createRedis("bullmq");
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      connection.disconnect();
    }
    for (let cursor = "0"; ; ) {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1_000);
      if (keys.length) await redis.del(...keys);
      if ((cursor = next) === "0") break;
    }
    redis.disconnect();
    await influx.stop();
    await db?.$disconnect();
    if (!process.env.DRILL_KEEP) {
      await dropDatabase(databaseUrl).catch(() => undefined);
      rmSync(`${root}/.data/drill-influx-${INFLUX_PORT}`, { recursive: true, force: true });
    }
  }
}
