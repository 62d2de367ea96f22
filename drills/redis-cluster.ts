import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { io as connectSocket, type Socket } from "socket.io-client";
// The drill's load is runs of the test kind "sleep" and a scheduled "noop".
import "../tests/support/test-job-kinds";
import { root, startProcess, type BenchProcess } from "../bench/support/processes";
import { demoAnomalyScan } from "../prisma/seed";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { createDb } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { saveJobDefinition } from "../server/jobs/save-job-definition";
import { ensureReadingsStore } from "../server/retention/ensure-readings-store";
import { registerSensors } from "../server/sensors/register-sensors";
import { prepareDatabase } from "../scripts/services/database";
import { dropDatabase } from "../scripts/services/postgres";
import { startLocalRedisCluster, type LocalRedisCluster } from "../tests/support/redis-cluster";
import { readingLines, startBufferingLogger } from "./buffering-logger";
import { DRILL_REGION, drillSensors, planSpikes, scoreAlerts } from "./influx-outage-plan";
import { sleep, waitUntil, type DrillResult } from "./support";

const WEB_PORT = 3993;
/** cluster-node-timeout: a master unreachable this long is failed over (Redis' default is 15 s). */
const NODE_TIMEOUT_MS = 3_000;
const LOAD_MS = 45_000;
const KILL_AFTER_MS = 15_000;
const ENQUEUERS = 4;
const SCAN_EVERY_MS = 2_000;
const WARMUP_MS = 5 * 60_000;
const SCAN_KEY = "drill-redis-cluster";
const METRICS_TOKEN = "drill-redis-cluster-metrics-token";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

type Trpc = (path: string, input: unknown, cookie?: string) => Promise<Response>;

/** Wrong passwords for one made-up account until refused: the pair limit (LOGIN_MAX_ATTEMPTS) must answer 429 after exactly that many 401s. */
async function rateLimitHolds(trpc: Trpc, email: string): Promise<boolean> {
  const statuses: number[] = [];
  for (let i = 0; i <= env().LOGIN_MAX_ATTEMPTS; i++) statuses.push((await trpc("auth.login", { email, password: "wrong-password-for-the-drill" })).status);
  return statuses.slice(0, -1).every((s) => s === 401) && statuses.at(-1) === 429;
}

/** A fresh session works: logged in, a staff-only query answers 200 with its cookie. */
async function sessionWorks(base: string, trpc: Trpc): Promise<string | null> {
  const login = await trpc("auth.login", { email: env().DEMO_ADMIN_EMAIL, password: env().DEMO_ADMIN_PASSWORD });
  const cookie = login.headers.get("set-cookie")?.split(";")[0];
  if (login.status !== 200 || !cookie) return null;
  const query = await fetch(`${base}/api/trpc/queues.list`, { headers: { cookie } });
  return query.status === 200 ? cookie : null;
}

function subscribe(base: string, cookie: string, onEvent: (topic: "runs" | "alerts", event: string, payload: unknown) => void): Promise<Socket> {
  const socket = connectSocket(base, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie } });
  socket.on("connect", () => {
    for (const topic of ["runs", "alerts"]) socket.emit("subscribe", topic);
  });
  socket.onAny((event: string, payload: unknown) => onEvent(event.startsWith("alert") ? "alerts" : "runs", event, payload));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/**
 * A real Redis Cluster (3 masters + 3 replicas, Debian's redis-server) under a web process, two workers,
 * schedulers, live updates, rate limits and sessions; the master that holds Gristmill's slot is killed
 * (SIGKILL) mid-load and a replica takes over. Nothing may be lost, left open or done twice.
 */
export async function redisClusterDrill(): Promise<DrillResult> {
  const tag = randomUUID().slice(0, 8);
  const prefix = `drill-cluster-${tag}`;
  const databaseUrl = withDatabase(env().DATABASE_URL, `${new URL(env().DATABASE_URL).pathname.slice(1)}_drill_cluster`);
  const influxDb = `${env().INFLUX_DB}_drill_cluster`;
  const influx = new InfluxClient({ url: env().INFLUX_URL, database: influxDb, token: env().INFLUX_TOKEN });
  const base = `http://127.0.0.1:${WEB_PORT}`;
  const sensors = drillSensors(30);
  let cluster: LocalRedisCluster | undefined;
  let db: ReturnType<typeof createDb> | undefined;
  const processes: BenchProcess[] = [];
  let logger: ReturnType<typeof startBufferingLogger> | undefined;
  let socket: Socket | undefined;
  let loading = false;
  let phase = "start";
  // Ctrl-C: nothing this drill started may outlive it.
  const onSignal = () => {
    for (const p of processes) p.child.kill("SIGKILL");
    cluster?.stop();
    void dropDatabase(databaseUrl)
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    phase = "cluster";
    cluster = await startLocalRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: NODE_TIMEOUT_MS });
    phase = "database";
    await prepareDatabase({ DATABASE_URL: databaseUrl }, true);
    db = createDb(databaseUrl);
    await db.jobDefinition.deleteMany({}); // only the drill's own jobs run
    await registerSensors(db, {
      sensors: sensors.map((s) => ({
        key: s.key,
        name: s.key,
        quantity: "temperature",
        unit: "°C",
        infraType: "building",
        region: DRILL_REGION,
        site: "drill-cluster",
        intervalSeconds: 1,
        validMin: -50,
        validMax: 150,
      })),
    });
    const { token } = await createIngestSource(db, { name: "drill logger", unknownSensors: "refuse" });
    await ensureReadingsStore(db, { client: influx });
    const historyEnd = Math.floor(Date.now() / 1000) * 1000;
    const historyTimes = Array.from({ length: (WARMUP_MS + 60_000) / 1000 }, (_, i) => historyEnd - WARMUP_MS - 60_000 + (i + 1) * 1000);
    const history = readingLines(sensors, new Map(), historyTimes, gaussian(seededRandom(11)), 0.5);
    for (let i = 0; i < history.length; i += 5_000) await influx.write(history.slice(i, i + 5_000), "ms");

    const changedBy = "drill";
    const scan = await saveJobDefinition(db, {
      fields: {
        ...demoAnomalyScan,
        name: "Drill anomaly scan",
        params: { region: DRILL_REGION, scanKey: SCAN_KEY, initialLookbackMs: 60_000, warmupMs: WARMUP_MS },
        schedule: { type: "interval", everyMs: SCAN_EVERY_MS },
      },
      changedBy,
    });
    const ticker = await saveJobDefinition(db, {
      fields: { name: "Drill ticker", kind: "noop", params: {}, schedule: { type: "interval", everyMs: 1_000 } },
      changedBy,
    });
    const short = await saveJobDefinition(db, {
      fields: { name: "Drill short job", kind: "sleep", params: { ms: 25 }, priority: "P2", timeoutMs: 60_000 },
      changedBy,
    });

    phase = "processes";
    // A drill-sized shutdown timeout: the workers are stopped with nothing in flight.
    const procEnv = {
      REDIS_CLUSTER_NODES: cluster.seedNodes,
      QUEUE_PREFIX: prefix,
      DATABASE_URL: databaseUrl,
      INFLUX_DB: influxDb,
      PORT: String(WEB_PORT),
      PUBLIC_URL: base,
      METRICS_TOKEN,
      LOG_LEVEL: "info",
      WORKER_SHUTDOWN_TIMEOUT_MS: "10000",
      SCHEDULER_SYNC_MS: "1000",
      RUN_RECONCILE_MS: "2000",
      WORKER_CONCURRENCY: "8",
    };
    // Their JSON logs are kept for a failed run's post-mortem.
    const logDir = path.join(root, ".data", "drill-redis-cluster");
    mkdirSync(logDir, { recursive: true });
    const start = (script: string, ready: string, name: string) => {
      const p = startProcess(script, procEnv, ready);
      p.child.stdout!.pipe(createWriteStream(path.join(logDir, `${name}.log`)));
      processes.push(p);
    };
    start("tests/support/web-with-test-kinds.ts", "console listening", "web");
    start("tests/support/worker-with-test-kinds.ts", "worker ready", "worker-1");
    start("tests/support/worker-with-test-kinds.ts", "worker ready", "worker-2");
    await Promise.all(processes.map((p) => p.ready));

    const trpc: Trpc = (path, input, cookie) =>
      fetch(`${base}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ json: input }),
        signal: AbortSignal.timeout(30_000),
      });
    const cookie = await sessionWorks(base, trpc);
    if (!cookie) throw new Error("could not sign in before the failover");
    const live: Array<{ at: number; topic: string; event: string; payload: unknown }> = [];
    socket = await subscribe(base, cookie, (topic, event, payload) => live.push({ at: Date.now(), topic, event, payload }));
    const limitsBefore = await rateLimitHolds(trpc, `before-${tag}@drill.local`);

    // The load: runs enqueued through the console, the schedulers' runs, a logger writing 1 Hz readings with spikes.
    phase = "load";
    const loadStart = Date.now();
    const killAt = loadStart + KILL_AFTER_MS;
    const loadEnd = loadStart + LOAD_MS;
    const spikes = planSpikes(
      sensors,
      {
        before: { from: loadStart + 3_000, to: killAt - 2_000 },
        during: { from: killAt, to: killAt + 8_000 },
        after: { from: killAt + 12_000, to: loadEnd - 3_000 },
      },
      3,
    );
    logger = startBufferingLogger({ baseUrl: base, token, sensors, spikes, from: historyEnd });
    const enqueue = { accepted: 0, refused: 0, refusedDuringFailover: 0 };
    let failover: { killedPort: number; promotedAt: number; newMasterPort: number } | undefined;
    loading = true;
    const enqueuers = Array.from({ length: ENQUEUERS }, async () => {
      while (loading) {
        const res = await trpc("jobs.runNow", { id: short.id }, cookie).catch(() => null);
        await res?.arrayBuffer().catch(() => undefined);
        if (res?.status === 200) enqueue.accepted++;
        else {
          enqueue.refused++;
          if (Date.now() >= killAt && !failover) enqueue.refusedDuringFailover++;
        }
      }
    });

    await sleep(killAt - Date.now());
    phase = "failover";
    const slotKey = `{${prefix}}:jobs`;
    const killedPort = await cluster.masterFor(slotKey);
    const killedAt = Date.now();
    cluster.kill(killedPort);
    await waitUntil("a replica promoted", async () => (await cluster!.masterFor(slotKey)) !== killedPort, 60_000);
    await cluster.waitUntilOk(60_000);
    failover = { killedPort, promotedAt: Date.now(), newMasterPort: await cluster.masterFor(slotKey) };
    const { promotedAt } = failover;

    await sleep(Math.max(0, loadEnd - Date.now()));
    loading = false;
    await Promise.all(enqueuers);
    const limitsAfter = await rateLimitHolds(trpc, `after-${tag}@drill.local`);
    const cookieAfter = await sessionWorks(base, trpc);
    await trpc("jobs.setEnabled", { id: ticker.id, enabled: false }, cookie);

    // Drain: every run closed, the scan past the last spike.
    phase = "drain";
    const lastSpike = Math.max(...spikes.map((s) => s.time));
    await waitUntil(
      "every run closed",
      async () => (await db!.jobRun.count({ where: { status: { in: ["queued", "running"] }, definitionId: { not: scan.id } } })) === 0,
      90_000,
    ).catch(() => undefined);
    await waitUntil(
      "the scan past the last spike",
      async () => ((await db!.anomalyScanWatermark.findUnique({ where: { scanKey: SCAN_KEY } }))?.watermark.getTime() ?? 0) > lastSpike,
      90_000,
    ).catch(() => undefined);
    await trpc("jobs.setEnabled", { id: scan.id, enabled: false }, cookie);
    await waitUntil("the last scans closed", async () => (await db!.jobRun.count({ where: { status: { in: ["queued", "running"] } } })) === 0, 30_000).catch(
      () => undefined,
    );
    const metrics = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const metricsText = await metrics.text();
    const loggerStats = await logger.stop();
    logger = undefined;

    phase = "count";
    const runs = await db.jobRun.findMany({
      select: { status: true, definitionId: true, trigger: true, queuedAt: true, finishedAt: true, attempts: true, errors: true },
    });
    const byStatus = (s: string) => runs.filter((r) => r.status === s).length;
    const completed = byStatus("succeeded");
    const deadWithReason = runs.filter((r) => (r.status === "dead" || r.status === "failed") && Array.isArray(r.errors) && r.errors.length > 0).length;
    const open = runs.filter((r) => r.status === "queued" || r.status === "running").length;
    // The longest wait between two completions while the load ran: the failover's stall.
    const finishes = runs
      .filter((r) => r.status === "succeeded" && r.finishedAt)
      .map((r) => r.finishedAt!.getTime())
      .filter((t) => t >= loadStart && t <= loadEnd)
      .sort((a, b) => a - b);
    const longestStall = finishes.reduce((max, t, i) => (i === 0 ? max : Math.max(max, t - finishes[i - 1])), 0);
    const alerts = await db.alert.findMany({ select: { key: true, sensorKey: true, detector: true, at: true } });
    const score = scoreAlerts(spikes, alerts);
    // Side effects done twice: the same alert (sensor, detector, time) in two rows, two incidents for one spike, the same
    // live announcement twice (an incident is announced when opened and again, titled by the new alert, when a later
    // scan escalates it: here the novelty detector joins the spike's incident a scan later).
    const repeated = (keys: string[]) => keys.length - new Set(keys).size;
    const alertRowDuplicates = repeated(alerts.map((a) => `${a.sensorKey}|${a.detector}|${a.at.getTime()}`));
    const incidentDuplicates = repeated((await db.alertIncident.findMany({ select: { groupingKey: true } })).map((i) => i.groupingKey));
    const alertEvents = live.filter((e) => e.event === "alert:new").map((e) => e.payload as { id: string; severity: string; at: string; title: string });
    const alertEventDuplicates = repeated(alertEvents.map((e) => `${e.id}|${e.severity}|${e.at}|${e.title}`));
    const liveAfter = live.filter((e) => e.at > promotedAt && e.topic === "runs").length;
    const scheduledAfter = runs.filter((r) => r.definitionId === ticker.id && r.queuedAt.getTime() > promotedAt).length;
    const workersRunning = Number(/gristmill_workers\{status="running"\} (\d+)/.exec(metricsText)?.[1] ?? -1);

    const counts = {
      failover_ms: promotedAt - killedAt,
      enqueued: runs.length,
      enqueued_via_console: enqueue.accepted,
      enqueue_refused: enqueue.refused,
      // A caller told its enqueue failed while the run was recorded (and so runs): must be 0.
      refused_but_recorded: runs.filter((r) => r.definitionId === short.id && r.trigger === "manual").length - enqueue.accepted,
      scheduled_runs: runs.filter((r) => r.trigger === "schedule").length,
      scheduled_after_failover: scheduledAfter,
      completed,
      dead_with_reason: deadWithReason,
      lost: runs.length - completed - deadWithReason - byStatus("cancelled"),
      runs_left_open: open,
      runs_retried: runs.filter((r) => r.attempts > 1).length,
      longest_stall_ms: longestStall,
      spikes: spikes.length,
      alerts_found: score.found,
      alerts_lost: score.lost,
      // Other detectors' alerts on the spikes' own readings (novelty) count here; any on clean sensors too.
      alerts_other: Object.values(score.falsePositives).reduce((a, b) => a + b, 0),
      alert_events: alertEvents.length,
      duplicate_side_effects: score.duplicates + alertRowDuplicates + incidentDuplicates + alertEventDuplicates,
      live_run_events: live.filter((e) => e.topic === "runs").length,
      live_events_after_failover: liveAfter,
      readings_written: loggerStats.readings,
      writes_refused: Object.values(loggerStats.refused).reduce((a, b) => a + b, 0),
      rate_limit_before: limitsBefore ? 1 : 0,
      rate_limit_after: limitsAfter ? 1 : 0,
      session_after: cookieAfter ? 1 : 0,
      metrics_status: metrics.status,
      workers_running: workersRunning,
      processes_alive: processes.every((p) => p.child.exitCode === null) ? 1 : 0,
    };
    const pass =
      counts.lost === 0 &&
      counts.runs_left_open === 0 &&
      counts.refused_but_recorded === 0 &&
      counts.duplicate_side_effects === 0 &&
      counts.alerts_lost === 0 &&
      counts.live_events_after_failover > 0 &&
      counts.scheduled_after_failover > 0 &&
      limitsBefore &&
      limitsAfter &&
      cookieAfter !== null &&
      counts.metrics_status === 200 &&
      workersRunning === 2 &&
      counts.processes_alive === 1;
    return {
      drill: "Redis Cluster (3 masters + 3 replicas): SIGKILL the master holding Gristmill's slot mid-load",
      pass,
      counts,
      note:
        `Killed 127.0.0.1:${killedPort}, ${failover.newMasterPort} promoted; cluster-node-timeout ${NODE_TIMEOUT_MS} ms; ${LOAD_MS / 1000} s of load (${ENQUEUERS} clients enqueueing 25 ms jobs through jobs.runNow, a 1 s scheduler, anomaly scans every ${SCAN_EVERY_MS / 1000} s over ${sensors.length} sensors written at 1 Hz through the write API), 2 workers; their logs in .data/drill-redis-cluster/. ` +
        `${enqueue.refusedDuringFailover} enqueue requests refused while the failover ran (a refused enqueue that recorded its run anyway counts in refused_but_recorded).${
          alertEventDuplicates
            ? ` Announced twice: ${alertEvents
                .filter((e, i) => alertEvents.findIndex((f) => f.id === e.id && f.title === e.title && f.at === e.at) !== i)
                .map((e) => `${e.title} @ ${e.at}`)
                .join("; ")}.`
            : ""
        }${score.lost ? ` Lost spikes: ${score.lostSpikes.map((s) => s.sensorKey).join(", ")}.` : ""}`,
    };
  } catch (err) {
    throw new Error(`${phase}: ${(err as Error).message}`);
  } finally {
    loading = false;
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    socket?.disconnect();
    await logger?.stop();
    // A process that does not exit within its shutdown timeout is killed: the drill leaves nothing running.
    await Promise.all(processes.map((p) => Promise.race([p.stop(), sleep(45_000).then(() => p.child.kill("SIGKILL"))])));
    cluster?.stop();
    await db?.$disconnect();
    if (!process.env.DRILL_KEEP) {
      await dropDatabase(databaseUrl).catch(() => undefined);
      await influx.query(`DROP DATABASE "${influxDb}"`, { database: "" }).catch(() => undefined);
    }
  }
}
