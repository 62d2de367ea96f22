import { Counter, Histogram, Registry } from "prom-client";
import { emptyBuckets, LATENCY_BUCKETS_MS, mergeBuckets, recordLatency, type BucketCounts } from "./latency-histogram";

export interface JobOutcome {
  queue: string;
  priority: string;
  kind: string;
  ok: boolean;
  /** From enqueue (or the scheduled time) to start. */
  waitMs: number;
  runMs: number;
  /** Records the job processed (readings, rows…), for the records/minute throughput figure. */
  records?: number;
  slaBreached?: boolean;
  /** The run ended after its complexity's completion target (counted on the attempt that ended it). */
  completionSlaBreached?: boolean;
  complexity?: string;
  finishedAt?: number;
}

export interface SeriesAggregate {
  queue: string;
  priority: string;
  kind: string;
  completed: number;
  failed: number;
  records: number;
  slaBreaches: number;
  waitBuckets: BucketCounts;
  runBuckets: BucketCounts;
}

export interface MinuteAggregate extends SeriesAggregate {
  minute: Date;
}

function emptySeries(queue: string, priority: string, kind: string): SeriesAggregate {
  return { queue, priority, kind, completed: 0, failed: 0, records: 0, slaBreaches: 0, waitBuckets: emptyBuckets(), runBuckets: emptyBuckets() };
}

function add(into: SeriesAggregate, outcome: JobOutcome): void {
  if (outcome.ok) into.completed++;
  else into.failed++;
  into.records += outcome.records ?? 0;
  if (outcome.slaBreached) into.slaBreaches++;
  recordLatency(into.waitBuckets, outcome.waitMs);
  recordLatency(into.runBuckets, outcome.runMs);
}

const seconds = LATENCY_BUCKETS_MS.map((ms) => ms / 1000);
const labelNames = ["queue", "kind", "priority"] as const;

/**
 * In-process job statistics: counters and histograms updated per job in memory, taken out in
 * batches by the flusher (minute rows for history, deltas for the live dashboard, Prometheus).
 */
export class JobTelemetry {
  readonly registry = new Registry();
  private readonly minutes = new Map<string, MinuteAggregate>();
  private live = new Map<string, SeriesAggregate>();
  private readonly jobsTotal = new Counter({
    name: "gristmill_jobs_total",
    help: "Jobs finished, by outcome",
    labelNames: [...labelNames, "outcome"],
    registers: [this.registry],
  });
  private readonly recordsTotal = new Counter({
    name: "gristmill_job_records_total",
    help: "Records processed by jobs",
    labelNames,
    registers: [this.registry],
  });
  private readonly slaTotal = new Counter({
    name: "gristmill_job_sla_breaches_total",
    help: "Runs that started after their class's target",
    labelNames,
    registers: [this.registry],
  });
  private readonly completionSlaTotal = new Counter({
    name: "gristmill_job_completion_sla_breaches_total",
    help: "Runs that took longer from first start to end (retries included) than their complexity's completion target",
    labelNames: [...labelNames, "complexity"],
    registers: [this.registry],
  });
  private readonly runSeconds = new Histogram({
    name: "gristmill_job_run_seconds",
    help: "Job run time",
    labelNames,
    buckets: seconds,
    registers: [this.registry],
  });
  private readonly waitSeconds = new Histogram({
    name: "gristmill_job_wait_seconds",
    help: "Time from enqueue to start",
    labelNames,
    buckets: seconds,
    registers: [this.registry],
  });

  record(outcome: JobOutcome): void {
    const at = outcome.finishedAt ?? Date.now();
    const minute = Math.floor(at / 60_000) * 60_000;
    const seriesKey = `${outcome.queue}|${outcome.priority}|${outcome.kind}`;
    const minuteKey = `${minute}|${seriesKey}`;
    let bucket = this.minutes.get(minuteKey);
    if (!bucket) this.minutes.set(minuteKey, (bucket = { minute: new Date(minute), ...emptySeries(outcome.queue, outcome.priority, outcome.kind) }));
    add(bucket, outcome);
    let liveSeries = this.live.get(seriesKey);
    if (!liveSeries) this.live.set(seriesKey, (liveSeries = emptySeries(outcome.queue, outcome.priority, outcome.kind)));
    add(liveSeries, outcome);

    const labels = { queue: outcome.queue, kind: outcome.kind, priority: outcome.priority };
    this.jobsTotal.inc({ ...labels, outcome: outcome.ok ? "completed" : "failed" });
    if (outcome.records) this.recordsTotal.inc(labels, outcome.records);
    if (outcome.slaBreached) this.slaTotal.inc(labels);
    if (outcome.completionSlaBreached) this.completionSlaTotal.inc({ ...labels, complexity: outcome.complexity ?? "none" });
    this.runSeconds.observe(labels, outcome.runMs / 1000);
    this.waitSeconds.observe(labels, outcome.waitMs / 1000);
  }

  /** Minutes that have ended before `now` (all of them when `everything`), removed from memory. */
  takeClosedMinutes(now = Date.now(), everything = false): MinuteAggregate[] {
    const current = Math.floor(now / 60_000) * 60_000;
    const closed: MinuteAggregate[] = [];
    for (const [key, aggregate] of this.minutes) {
      if (everything || aggregate.minute.getTime() < current) {
        closed.push(aggregate);
        this.minutes.delete(key);
      }
    }
    return closed;
  }

  /** Puts minutes back after a failed write, so an outage delays history instead of losing it. */
  returnMinutes(minutes: MinuteAggregate[]): void {
    for (const m of minutes) {
      const key = `${m.minute.getTime()}|${m.queue}|${m.priority}|${m.kind}`;
      const current = this.minutes.get(key);
      if (!current) this.minutes.set(key, m);
      else {
        const [merged] = sumSeries([current, m]);
        this.minutes.set(key, { minute: m.minute, ...merged });
      }
    }
  }

  /** What happened since the previous call, per series, for the live dashboard. */
  takeLiveDelta(): SeriesAggregate[] {
    const delta = [...this.live.values()];
    this.live = new Map();
    return delta;
  }
}

/** Sums series (e.g. from several workers or minutes) into one per (queue, priority, kind). */
export function sumSeries(rows: SeriesAggregate[]): SeriesAggregate[] {
  const totals = new Map<string, SeriesAggregate>();
  for (const row of rows) {
    const key = `${row.queue}|${row.priority}|${row.kind}`;
    let total = totals.get(key);
    if (!total) totals.set(key, (total = emptySeries(row.queue, row.priority, row.kind)));
    total.completed += row.completed;
    total.failed += row.failed;
    total.records += row.records;
    total.slaBreaches += row.slaBreaches;
    mergeBuckets(total.waitBuckets, row.waitBuckets);
    mergeBuckets(total.runBuckets, row.runBuckets);
  }
  return [...totals.values()];
}
