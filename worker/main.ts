import "../server/load-dotenv";

import { randomUUID } from "node:crypto";
import os from "node:os";
import { Worker } from "bullmq";
// The product's job kinds: registered before any worker takes a job.
import "../server/catalog/job-kinds";
import { db } from "../server/db";
import { env } from "../server/env";
import { DomainError } from "../server/errors";
import { queueCoverageBackfills } from "../server/coverage/queue-coverage-backfills";
import { buryStalledJob } from "../server/runs/bury-stalled-job";
import type { GristmillJobData } from "../server/queues/bull-job-options";
import { ageWaitingJobs } from "../server/queues/age-waiting-jobs";
import { sweepUndispatchedRuns, type SweepCursor } from "../server/queues/sweep-undispatched-runs";
import { queueConcurrency } from "../server/queues/job-lanes";
import { schedulesChannel } from "../server/jobs/definition-changes";
import { bullBackoffStrategy } from "../server/queues/retry-policies";
import { coalesceSyncs } from "../server/jobs/coalesce-syncs";
import { syncJobSchedulers } from "../server/jobs/sync-job-schedulers";
import { logger } from "../server/logger";
import { adoptSensorsIntoStations } from "../server/stations/adopt-sensors-into-stations";
import { pickUpInbox } from "../server/stations/pick-up-inbox";
import { evaluateNotificationsOnce } from "../server/notifications/evaluate-notifications-once";
import { debounceNotifications } from "../server/notifications/debounce-notifications";
import { maintenanceHoldFor } from "../server/notifications/maintenance-job-hold";
import { eventsChannel, type LiveEvent } from "../server/realtime/events";
import { influx } from "../server/influx/influx-client";
import { ensureReadingsStore } from "../server/retention/ensure-readings-store";
import { bullConnection, bullPrefix } from "../server/queues/queues";
import { claimConnectionBudget } from "../server/connection-budget/claim-connection-budget";
import { countOwnRedisConnections, createRedis } from "../server/redis";
import { createRunProcessor, runIdOf } from "../server/runs/execute-run";
import { publishRunChanges } from "../server/runs/publish-run-changes";
import { reconcileRuns } from "../server/runs/reconcile-runs";
import { RunRecorder } from "../server/runs/run-recorder";
import { flushJobTelemetry } from "../server/telemetry/flush-job-telemetry";
import { JobTelemetry } from "../server/telemetry/job-telemetry";
import { sweepTriggers } from "../server/triggers/sweep-triggers";
import { sweepWorkflows } from "../server/workflows/advance-workflows";
import { outcomeFromJob } from "../server/telemetry/outcome-from-job";
import { startHeartbeat } from "./heartbeat";
import packageJson from "../package.json";

/** Repeats fn every intervalMs without overlapping itself; errors are logged, not fatal. */
function every(intervalMs: number, name: string, fn: () => Promise<unknown>) {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    fn()
      .catch((err) => logger.warn({ event: `${name}.failed`, error: (err as Error).message }, `${name} failed`))
      .finally(() => (busy = false));
  };
  tick();
  return setInterval(tick, intervalMs);
}

async function main() {
  logger.setBindings({ service: "worker" });
  const config = env();
  const id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const inFlight = new Map<string, AbortController>();
  // Before anything opens its pool: a worker past the budget is refused here, and the web keeps its connections.
  const claim = await claimConnectionBudget(db, {
    role: "worker",
    processId: id,
    pgConnections: config.DATABASE_POOL_MAX,
    webReserve: config.DATABASE_WEB_RESERVE,
  });
  // Not fatal: readers and writers retry, and the next start tries again.
  void ensureReadingsStore(db, { client: influx() }).catch((err) =>
    logger.warn({ event: "readings.store_unavailable", error: (err as Error).message }, "could not prepare the readings store"),
  );
  let stopping = false;
  const recorder = new RunRecorder(db, 200, publishRunChanges);
  const telemetry = new JobTelemetry();

  // Maintenance windows with "pause jobs" hold the runs scoped to their site, region or sensors.
  const holdFor = async (job: { params: unknown }) => {
    const hold = await maintenanceHoldFor(db, { params: job.params });
    return hold && { until: hold.until, reason: `maintenance window "${hold.comment}"`, holderId: hold.windowId };
  };
  // P0 gets its own worker and concurrency, so it never waits behind the shared queue's backlog; so does each lane.
  const capacity = queueConcurrency(config);
  const workers = Object.entries(capacity).map(([queue, concurrency]) => {
    const worker = new Worker<GristmillJobData>(
      queue,
      createRunProcessor({ db, recorder, queue, workerId: id, inFlight, isStopping: () => stopping, holdFor }),
      {
        connection: bullConnection(),
        prefix: bullPrefix(),
        concurrency,
        name: id,
        // Not started until the signal handlers are in place: a SIGTERM during start-up still drains.
        autorun: false,
        stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
        lockDuration: config.WORKER_LOCK_MS,
        maxStalledCount: 1,
        settings: { backoffStrategy: bullBackoffStrategy },
      },
    );
    worker.on("completed", (job) => telemetry.record(outcomeFromJob(job, queue, true)));
    worker.on("failed", (job, err) => {
      if (!job) return;
      telemetry.record(outcomeFromJob(job, queue, false));
      buryStalledJob(db, recorder, job, err);
      logger.warn({ event: "job.failed", runId: runIdOf(job), kind: job.name, attempt: job.attemptsMade, error: err.message }, "job attempt failed");
    });
    worker.on("error", (err) => logger.error({ event: "worker.error", queue, error: err.message }, "worker error"));
    return worker;
  });

  recorder.start();
  const flushTelemetry = (final = false) =>
    flushJobTelemetry(db, telemetry, id, { final }).catch((err) =>
      logger.warn({ event: "telemetry.flush_failed", error: (err as Error).message }, "telemetry not flushed"),
    );
  // One sync at a time: two concurrent upserts of a new interval scheduler would fire it twice.
  const syncSchedules = coalesceSyncs(() => syncJobSchedulers(db));
  // A backlog longer than one pass is walked over several; each pass goes on where the last stopped.
  let dispatchCursor: SweepCursor | undefined;
  const sweepDispatch = async () => (dispatchCursor = (await sweepUndispatchedRuns(db, { after: dispatchCursor })).next);
  const timers = [
    setInterval(() => void flushTelemetry(), config.TELEMETRY_FLUSH_MS),
    every(config.SCHEDULER_SYNC_MS, "schedulers.sync", syncSchedules),
    every(config.JOBS_PROMOTE_MS, "jobs.aging", () => ageWaitingJobs(db)),
    every(config.RUN_RECONCILE_MS, "runs.reconcile", () => reconcileRuns(db)),
    every(config.RUN_DISPATCH_SWEEP_MS, "runs.dispatch_sweep", sweepDispatch),
    every(config.TRIGGER_SWEEP_MS, "triggers.sweep", () => sweepTriggers(db)),
    every(config.WORKFLOW_SWEEP_MS, "workflows.sweep", () => sweepWorkflows(db)),
    every(config.COVERAGE_FILL_INTERVAL_MS, "coverage.fill", () =>
      queueCoverageBackfills(db, { confirmAboveSensorBuckets: config.COVERAGE_CONFIRM_ABOVE_SENSOR_HOURS }),
    ),
    every(config.NOTIFY_EVALUATE_MS, "notifications.evaluate", () => evaluateNotificationsOnce(db, { holderId: id })),
    every(config.STATIONS_ADOPT_INTERVAL_MS, "stations.adopt", () => adoptSensorsIntoStations(db)),
    ...(config.IMPORT_INBOX_DIR ? [every(config.IMPORT_INBOX_INTERVAL_MS, "imports.inbox", () => pickUpInbox(db, { holderId: id }))] : []),
  ];
  // A definition change is announced after commit; sync at once rather than at the next sweep.
  const changes = createRedis("subscriber");
  await changes.subscribe(schedulesChannel(), eventsChannel());
  // A new or escalated incident is evaluated at once rather than at the next sweep (seconds matter for on-call).
  const evaluateSoon = debounceNotifications((incidentIds) => evaluateNotificationsOnce(db, { holderId: id, incidentIds }));
  changes.on("message", (channel: string, message: string) => {
    if (channel === eventsChannel()) {
      if (!message.includes('"alert:new"')) return;
      try {
        const incidentId = (JSON.parse(message) as LiveEvent<{ id?: unknown }>).payload?.id;
        if (typeof incidentId === "string") evaluateSoon(incidentId);
      } catch {
        // Not ours to judge: the sweep evaluates every open incident anyway.
      }
      return;
    }
    void syncSchedules().catch((err) => logger.warn({ event: "schedulers.sync_failed", error: (err as Error).message }, "scheduler sync failed"));
  });

  const heartbeat = startHeartbeat(
    { id, queues: Object.keys(capacity), concurrency: Object.values(capacity).reduce((a, b) => a + b, 0), slots: capacity, version: packageJson.version },
    { inFlight: () => inFlight.size },
  );

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { event: "worker.stopping", signal, inFlight: inFlight.size, timeoutMs: config.WORKER_SHUTDOWN_TIMEOUT_MS },
      "stopping: finishing jobs in flight, taking no new work",
    );
    // Closing first: from here on no worker fetches a new job.
    const finished = Promise.all(workers.map((w) => w.close())).then(() => true);
    timers.forEach(clearInterval);
    changes.disconnect();
    await heartbeat.stop();
    const timedOut = new Promise<false>((resolve) => setTimeout(() => resolve(false), config.WORKER_SHUTDOWN_TIMEOUT_MS).unref());
    if (!(await Promise.race([finished, timedOut]))) {
      // Jobs still running past the deadline are abandoned; BullMQ's stalled-job check hands them to another worker.
      logger.warn({ event: "worker.shutdown_timeout", abandoned: [...inFlight.keys()] }, "shutdown timeout reached; abandoning jobs in flight");
      for (const controller of inFlight.values()) controller.abort();
      // Bounded too: after a Redis Cluster failover BullMQ's close can hang on its blocking connection (seen in the redis-cluster drill), and a worker must still exit.
      const forced = await Promise.race([
        Promise.all(workers.map((w) => w.close(true))).then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
      ]);
      if (!forced)
        logger.warn({ event: "worker.close_hung", queues: Object.keys(capacity) }, "BullMQ did not close within 5 s of the forced close; exiting anyway");
    }
    await recorder.stop();
    await flushTelemetry(true);
    await heartbeat.remove();
    await claim.release();
    logger.info({ event: "worker.stopped", workerId: id }, "worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await Promise.all(workers.map((w) => w.waitUntilReady()));
  if (stopping) return;
  for (const w of workers) void w.run();
  const redisConnections = await countOwnRedisConnections().catch(() => null);
  logger.info(
    {
      event: "worker.started",
      workerId: id,
      queues: capacity,
      connections: { postgresPoolMax: config.DATABASE_POOL_MAX, redis: redisConnections, influxMaxSockets: config.INFLUX_MAX_SOCKETS },
    },
    `worker ready; ${claim.verdict.message}`,
  );
}

main().catch((err) => {
  if (err instanceof DomainError && err.code === "UNAVAILABLE" && err.details?.workerLimit !== undefined) {
    logger.fatal({ event: "worker.refused", reason: err.message, budget: err.details }, err.message);
    process.exit(1);
  }
  logger.fatal({ event: "worker.crashed", err }, "worker could not start");
  process.exit(1);
});
