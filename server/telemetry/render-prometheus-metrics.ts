import { AggregatorRegistry, Counter, Gauge, Registry } from "prom-client";

type WorkerMetrics = object[];
import { listWorkers } from "../fleet/list-workers";
import { replicaMonitor } from "../read-replica/read-from-replica";
import { getQueueDepths } from "../queues/get-queue-depths";
import { sharedRedis } from "../redis";
import { getAutoscalingSignals } from "./autoscaling-signals";
import { workerMetricsKey } from "./flush-job-telemetry";
import { webProcessMetrics } from "./web-process-metrics";

// A dead worker's totals are kept this long so the fleet's counters do not drop when it goes.
const KEEP_WORKER_SERIES_MS = 24 * 3_600_000;

async function workerSeries(): Promise<WorkerMetrics[]> {
  const redis = sharedRedis();
  const entries = await redis.hgetall(workerMetricsKey());
  const series: WorkerMetrics[] = [];
  const stale: string[] = [];
  for (const [workerId, raw] of Object.entries(entries)) {
    const { at, metrics } = JSON.parse(raw) as { at: number; metrics: WorkerMetrics };
    if (Date.now() - at > KEEP_WORKER_SERIES_MS) stale.push(workerId);
    else series.push(metrics);
  }
  if (stale.length) await redis.hdel(workerMetricsKey(), ...stale);
  return series;
}

/** The fleet's metrics in Prometheus text format: job series summed over workers, live gauges, and this web process's own series. */
export async function renderPrometheusMetrics(): Promise<{ contentType: string; body: string }> {
  const [series, depths, workers] = await Promise.all([workerSeries(), getQueueDepths(), listWorkers()]);
  const signals = await getAutoscalingSignals(depths, workers);
  const jobs = series.length ? AggregatorRegistry.aggregate<typeof Registry.PROMETHEUS_CONTENT_TYPE>(series) : new Registry();

  const gauges = new Registry();
  const queueJobs = new Gauge({ name: "gristmill_queue_jobs", help: "Jobs in each queue by state", labelNames: ["queue", "state"], registers: [gauges] });
  for (const depth of depths) for (const [state, count] of Object.entries(depth.counts)) queueJobs.set({ queue: depth.queue, state }, count);
  const queuePaused = new Gauge({ name: "gristmill_queue_paused", help: "1 when the queue is paused", labelNames: ["queue"], registers: [gauges] });
  for (const depth of depths) queuePaused.set({ queue: depth.queue }, depth.paused ? 1 : 0);
  const workerCount = new Gauge({ name: "gristmill_workers", help: "Worker processes by status", labelNames: ["status"], registers: [gauges] });
  for (const status of ["running", "stopping", "lost"]) workerCount.set({ status }, workers.filter((w) => w.status === status).length);
  const inFlight = new Gauge({ name: "gristmill_jobs_in_flight", help: "Jobs being processed right now", registers: [gauges] });
  inFlight.set(workers.filter((w) => w.status !== "lost").reduce((n, w) => n + w.inFlight, 0));

  // The autoscaling signal (see the README's Autoscaling): per lane, so each lane's workers can scale on their own.
  const slots = new Gauge({
    name: "gristmill_queue_worker_slots",
    help: "Worker slots serving the queue on running workers",
    labelNames: ["queue"],
    registers: [gauges],
  });
  const backlog = new Gauge({
    name: "gristmill_queue_backlog_per_worker_slot",
    help: "Waiting jobs (waiting + prioritized) per live worker slot; the waiting count itself when no slot is live",
    labelNames: ["queue"],
    registers: [gauges],
  });
  const oldest = new Gauge({
    name: "gristmill_queue_oldest_waiting_seconds",
    help: "Seconds the longest-waiting ready job has waited; 0 when none waits",
    labelNames: ["queue"],
    registers: [gauges],
  });
  for (const signal of signals) {
    slots.set({ queue: signal.queue }, signal.liveSlots);
    backlog.set({ queue: signal.queue }, signal.backlogPerWorkerSlot);
    oldest.set({ queue: signal.queue }, signal.oldestWaitingSeconds);
  }

  const replica = replicaMonitor();
  if (replica) {
    const { state, counts } = replica;
    new Gauge({ name: "gristmill_read_replica_up", help: "1 when this web process's read replica answers", registers: [gauges] }).set(state.up ? 1 : 0);
    new Gauge({
      name: "gristmill_read_replica_serving",
      help: "1 when reads go to the replica, 0 when they fall back to the primary",
      registers: [gauges],
    }).set(state.serving ? 1 : 0);
    new Gauge({ name: "gristmill_read_replica_lag_seconds", help: "How stale the replica is, as last measured; -1 when not known", registers: [gauges] }).set(
      state.lagMs === null ? -1 : state.lagMs / 1_000,
    );
    new Gauge({
      name: "gristmill_read_replica_lag_bytes",
      help: "WAL the primary has that the replica has not replayed; -1 when not known",
      registers: [gauges],
    }).set(state.lagBytes ?? -1);
    const reads = new Counter({
      name: "gristmill_read_queries_total",
      help: "Read-only page reads since start, by where they ran (retried: failed on the replica, run again on the primary)",
      labelNames: ["target"],
      registers: [gauges],
    });
    reads.inc({ target: "replica" }, counts.replica);
    reads.inc({ target: "primary" }, counts.primary);
    reads.inc({ target: "retried" }, counts.retriedOnPrimary);
  }

  const merged = Registry.merge([jobs, gauges]);
  // Rendered apart: the web process's registry may come from another copy of prom-client (see webProcessMetrics).
  return { contentType: merged.contentType, body: `${await merged.metrics()}\n${await webProcessMetrics().metrics()}` };
}
