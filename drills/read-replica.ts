import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Client } from "pg";
import { startProcess, type BenchProcess } from "../bench/support/processes";
import { env } from "../server/env";
import { JOBS_QUEUE } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { prepareDatabase } from "../scripts/services/database";
import { createReplicaPair, type ReplicaPair } from "../scripts/services/postgres-replica";
import { trpcQueryPath } from "./hostile-input-client";
import { sleep, waitUntil, type DrillResult } from "./support";

const PRIMARY_PORT = 5480;
const REPLICA_PORT = 5481;
const WEB_PORT = 3880;
const ENQUEUE_EVERY_MS = 200;
const READ_EVERY_MS = 100;

interface Health {
  status: string;
  down: string[];
  readReplica?: { up: boolean; serving: boolean; fallback: boolean; lagMs: number | null };
}

interface Read {
  at: number;
  ok: boolean;
  /** For a failed read: the status and the start of the answer. */
  failure?: string;
}

/** Reads may fail while the replica's failure is noticed; past this, none may. */
const FALLBACK_WINDOW_MS = 2_000;

/** The read-only pages' calls, as the console makes them. */
const readPaths = [
  trpcQueryPath("runs.list", { limit: 50 }),
  trpcQueryPath("reports.overview", { resolution: "1h" }),
  trpcQueryPath("audit.list", { limit: 50 }),
];

function readCounts(metrics: string): Record<"replica" | "primary" | "retried", number> {
  const value = (target: string) => Number(new RegExp(`^gristmill_read_queries_total\\{target="${target}"\\} (\\S+)$`, "m").exec(metrics)?.[1] ?? Number.NaN);
  return { replica: value("replica"), primary: value("primary"), retried: value("retried") };
}

/**
 * A private primary and streaming replica (initdb + pg_basebackup), a console and a worker on them. Steady load
 * (short runs enqueued, read-only pages read as a signed-in admin); the replica stopped (reads fall back at once)
 * and restarted (reads return); the primary stopped for 30 s (runs wait in Redis and are recorded after).
 */
export async function readReplicaDrill(outageMs = 30_000): Promise<DrillResult> {
  let pair: ReplicaPair | undefined;
  const processes: BenchProcess[] = [];
  let queue: Queue | undefined;
  const cleanup = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close().catch(() => undefined);
    pair?.cleanup();
  };
  const onInterrupt = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onInterrupt);
  process.once("SIGTERM", onInterrupt);
  try {
    pair = createReplicaPair({ primaryPort: PRIMARY_PORT, replicaPort: REPLICA_PORT });
    const databaseUrl = pair.primaryUrl("gristmill_drill");
    const readUrl = pair.replicaUrl("gristmill_drill");
    await prepareDatabase({ DATABASE_URL: databaseUrl }, false);
    const base = `http://127.0.0.1:${WEB_PORT}`;
    const prefix = `drill-replica-${randomUUID().slice(0, 8)}`;
    const procEnv = {
      DATABASE_URL: databaseUrl,
      READ_DATABASE_URL: readUrl,
      QUEUE_PREFIX: prefix,
      INFLUX_DB: `${env().INFLUX_DB}_replica_drill`,
      PORT: String(WEB_PORT),
      PUBLIC_URL: base,
      LOG_LEVEL: "info",
      TELEMETRY_FLUSH_MS: "1000",
    };
    const web = startProcess("server/main.ts", procEnv, "console listening");
    const worker = startProcess("tests/support/worker-with-test-kinds.ts", procEnv, "worker ready");
    processes.push(web, worker);
    queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
    await Promise.all([web.ready, worker.ready]);

    const login = await fetch(`${base}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: env().DEMO_ADMIN_EMAIL, password: env().DEMO_ADMIN_PASSWORD } }),
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
    const health = () => fetch(`${base}/api/health`, { headers: { cookie } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Health }));
    const metrics = () =>
      fetch(`${base}/api/metrics`)
        .then((r) => r.text())
        .then(readCounts);
    await waitUntil("reads on the replica", async () => (await health()).body.readReplica?.serving === true, 20_000);

    // The load: one short run every ENQUEUE_EVERY_MS, the read-only pages' calls every READ_EVERY_MS, for the whole drill.
    const enqueued: string[] = [];
    const reads: Read[] = [];
    let loading = true;
    const enqueueLoop = (async () => {
      while (loading) {
        const id = `replica-drill-${enqueued.length}`;
        await queue!.add("noop", { params: {} }, { jobId: id }).then(
          () => enqueued.push(id),
          () => undefined,
        );
        await sleep(ENQUEUE_EVERY_MS);
      }
    })();
    const readLoop = (async () => {
      for (let i = 0; loading; i++) {
        const at = Date.now();
        const path = readPaths[i % readPaths.length];
        const failure = await fetch(`${base}${path}`, { headers: { cookie } }).then(
          async (r) => (r.status === 200 ? undefined : `${path.split("?")[0]} ${r.status} ${(await r.text()).slice(0, 160)}`),
          (err: Error) => `${path.split("?")[0]} ${err.message}`,
        );
        reads.push({ at, ok: failure === undefined, failure });
        await sleep(READ_EVERY_MS);
      }
    })();
    const errorsBetween = (from: number, to: number) => reads.filter((r) => r.at >= from && r.at < to && !r.ok).length;
    const readsBetween = (from: number, to: number) => reads.filter((r) => r.at >= from && r.at < to).length;

    // Phase 1: steady load, reads on the replica.
    const steadyFrom = Date.now();
    const before = await metrics();
    await sleep(10_000);
    const steady = await metrics();
    const steadyTo = Date.now();

    // Phase 2: the replica stops; reads fall back to the primary, then return to the restarted replica.
    pair.stopReplica();
    const replicaDownAt = Date.now();
    await waitUntil("health to show the fallback", async () => (await health()).body.readReplica?.fallback === true, 5_000);
    const fallbackMs = Date.now() - replicaDownAt;
    const downHealth = await health();
    await sleep(5_000);
    const duringReplicaDown = await metrics();
    pair.startReplica();
    const replicaUpAt = Date.now();
    await waitUntil("reads back on the replica", async () => (await health()).body.readReplica?.serving === true, 20_000);
    const returnMs = Date.now() - replicaUpAt;
    await sleep(3_000);
    const afterReturn = await metrics();
    const phase2To = Date.now();

    // Phase 3: the primary stops for outageMs; runs enqueued meanwhile wait in Redis.
    const enqueuedBeforeOutage = enqueued.length;
    pair.stopPrimary();
    const primaryDownAt = Date.now();
    await waitUntil("health to name postgres", async () => (await health()).body.down.includes("postgres"), 10_000);
    const detectMs = Date.now() - primaryDownAt;
    const outageHealth = await health();
    await sleep(Math.max(0, outageMs - (Date.now() - primaryDownAt)));
    const enqueuedDuringOutage = enqueued.length - enqueuedBeforeOutage;
    const processesAlive = web.child.exitCode === null && worker.child.exitCode === null;
    pair.startPrimary();
    const primaryUpAt = Date.now();
    await waitUntil("health back to 200", async () => (await health()).status === 200, 30_000);
    const recoverMs = Date.now() - primaryUpAt;
    await sleep(5_000);
    loading = false;
    await Promise.all([enqueueLoop, readLoop]);
    const phase3To = Date.now();

    // Nothing lost: every enqueued run recorded once and finished.
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const tally = async () => {
      const { rows } = await pg.query<{ recorded: number; completed: number; open: number; reexecuted: number }>(
        `SELECT count(*)::int AS recorded, count(*) FILTER (WHERE status = 'succeeded')::int AS completed,
                count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS open, count(*) FILTER (WHERE attempts > 1)::int AS reexecuted
           FROM "JobRun" WHERE id = ANY($1)`,
        [enqueued],
      );
      return rows[0];
    };
    await waitUntil(
      "every run recorded and finished",
      async () => {
        const t = await tally();
        return t.completed === enqueued.length && t.open === 0;
      },
      60_000,
    ).catch(() => undefined);
    const final = await tally();
    const strays = (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "JobRun" WHERE id LIKE 'replica-drill-%' AND NOT (id = ANY($1))`, [enqueued]))
      .rows[0].n;
    await pg.end();
    const failed = (await queue.getJobCounts("failed")).failed;

    const counts = {
      reads_steady: readsBetween(steadyFrom, steadyTo),
      replica_reads_steady: steady.replica - before.replica,
      primary_reads_steady: steady.primary - before.primary,
      page_errors_steady: errorsBetween(steadyFrom, steadyTo),
      replica_down_fallback_ms: fallbackMs,
      retried_on_primary: duringReplicaDown.retried - steady.retried,
      primary_reads_replica_down: duringReplicaDown.primary - steady.primary,
      page_errors_in_fallback_window: errorsBetween(replicaDownAt, replicaDownAt + FALLBACK_WINDOW_MS),
      page_errors_replica_down: errorsBetween(steadyTo, replicaDownAt) + errorsBetween(replicaDownAt + FALLBACK_WINDOW_MS, phase2To),
      replica_return_ms: returnMs,
      replica_reads_after_return: afterReturn.replica - duringReplicaDown.replica,
      primary_down_detect_ms: detectMs,
      page_errors_primary_down: errorsBetween(primaryDownAt, primaryUpAt),
      primary_recover_ms: recoverMs,
      page_errors_after_recovery: errorsBetween(primaryUpAt + recoverMs, phase3To),
      processes_alive: processesAlive ? 1 : 0,
      enqueued: enqueued.length,
      enqueued_during_outage: enqueuedDuringOutage,
      recorded: final.recorded,
      completed: final.completed,
      lost: enqueued.length - final.completed,
      open_runs: final.open,
      duplicates: final.reexecuted + strays,
      failed_jobs: failed,
    };
    const checks = [
      counts.replica_reads_steady > 0 && counts.primary_reads_steady === 0,
      counts.page_errors_steady === 0 && counts.page_errors_replica_down === 0 && counts.page_errors_after_recovery === 0,
      downHealth.status === 200 && downHealth.body.down.includes("postgres-replica"),
      counts.primary_reads_replica_down > 0 && counts.replica_reads_after_return > 0,
      outageHealth.status === 503 && outageHealth.body.down.includes("postgres"),
      processesAlive,
      counts.enqueued_during_outage > 0,
      counts.lost === 0 && counts.open_runs === 0 && counts.duplicates === 0 && counts.failed_jobs === 0 && counts.recorded === counts.enqueued,
    ];
    return {
      drill: "read replica: replica stopped, then primary stopped for 30 s",
      pass: checks.every(Boolean),
      counts,
      note: `${reads
        .filter((r) => r.failure && (r.at < primaryDownAt || r.at > primaryUpAt))
        .slice(0, 3)
        .map((r) => `failed read: ${r.failure}; `)
        .join(
          "",
        )}Reads of the run history, reports and audit log go to the replica; a stopped replica fails them over to the primary at once (health 200, names postgres-replica); with the primary stopped health is 503 naming postgres, pages need the primary for the session, and runs wait in Redis.`,
    };
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    process.removeListener("SIGTERM", onInterrupt);
    await cleanup();
  }
}
