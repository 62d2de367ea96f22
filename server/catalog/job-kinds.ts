import { z } from "zod";
import { scanSensorAnomalies } from "../anomaly-scan/scan-sensor-anomalies";
import { anomalyScanParams } from "../anomaly-scan/schemas";
import { reportCoverageHook } from "../coverage/report-coverage-hook";
import { runCoverageBackfill } from "../coverage/run-coverage-backfill";
import { scanCoverageHook } from "../coverage/scan-coverage-hook";
import { runCoverageBackfillInput } from "../coverage/schemas";
import { db } from "../db";
import { runReadingsExport } from "../exports/run-readings-export";
import { runReadingsExportInput } from "../exports/schemas";
import { runSensorImport } from "../imports/run-sensor-import";
import { runSensorImportInput } from "../imports/schemas";
import { runRetentionPurge } from "../retention/run-retention-purge";
import { runRetentionPurgeInput } from "../retention/schemas";
import { influx } from "../influx/influx-client";
import { deliverNotification } from "../notifications/deliver-notification";
import { runReportJob } from "../reports/run-report-job";
import { runReportRollup } from "../reports/run-report-rollup";
import { runReportJobInput, runReportRollupInput } from "../reports/schemas";
import type { JobLaneName } from "../queues/job-lanes";

/** Log lines of one run: structured, kept with the run and searchable in its page. */
export interface RunLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  log: RunLogger;
  signal: AbortSignal;
  /** Reports progress (0–100) so long runs show it in the console. */
  progress(percent: number): Promise<void>;
}

export interface JobKind<Schema extends z.ZodType = z.ZodType> {
  title: string;
  description: string;
  params: Schema;
  /** Its own bounded lane (queue and worker slots) instead of the priority class's queue. */
  lane?: JobLaneName;
  run(params: z.infer<Schema>, ctx: JobContext): Promise<Record<string, unknown> | void>;
}

function defineKind<Schema extends z.ZodType>(kind: JobKind<Schema>): JobKind<Schema> {
  return kind;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    });
  });

/** Every job kind the worker can run, by name. Domains add theirs here. */
export const jobKinds = {
  noop: defineKind({
    title: "No-op",
    description: "Does nothing; for tests and benchmarks.",
    params: z.object({}).strict(),
    async run() {
      return { ok: true };
    },
  }),
  sleep: defineKind({
    title: "Sleep",
    description: "Waits a given time; for tests of timeouts and shutdown.",
    params: z.object({ ms: z.number().int().min(0).max(3_600_000) }).strict(),
    async run(params, ctx) {
      ctx.log.info("sleeping", { ms: params.ms });
      await sleep(params.ms, ctx.signal);
      ctx.log.info("woke up");
      return { sleptMs: params.ms };
    },
  }),
  "sleep-heavy": defineKind({
    title: "Sleep (heavy lane)",
    description: "Waits a given time on the heavy lane; for tests of lane isolation.",
    params: z.object({ ms: z.number().int().min(0).max(3_600_000) }).strict(),
    lane: "heavy",
    async run(params, ctx) {
      await sleep(params.ms, ctx.signal);
      return { sleptMs: params.ms };
    },
  }),
  "fail-n-times": defineKind({
    title: "Fail N times",
    description: "Fails its first N attempts, then succeeds; for tests of retries and the dead-letter queue.",
    params: z.object({ failures: z.number().int().min(0).max(100), message: z.string().max(200).default("planned failure") }).strict(),
    async run(params, ctx) {
      if (ctx.attempt <= params.failures) throw new Error(`${params.message} (attempt ${ctx.attempt} of ${params.failures} planned failures)`);
      ctx.log.info("succeeded after planned failures", { attempt: ctx.attempt });
      return { attempt: ctx.attempt };
    },
  }),
  "retention-purge": defineKind({
    title: "Retention purge",
    description: "Deletes data older than each class's retention policy, in bounded batches.",
    params: runRetentionPurgeInput,
    run: (params, ctx) => runRetentionPurge(db, { ...params, signal: ctx.signal, onProgress: (done, total) => ctx.progress((done / total) * 100) }),
  }),
  import: defineKind({
    title: "Logger file import",
    description: "Writes an uploaded CSV or TOA5 logger file's readings to InfluxDB, in batches.",
    params: runSensorImportInput,
    run: (params, ctx) => runSensorImport(db, { ...params, signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
  }),
  "anomaly-scan": defineKind({
    title: "Anomaly scan",
    description: "Runs the anomaly detectors over the new readings of the active sensors in scope and writes alerts.",
    params: anomalyScanParams,
    run: async (params) => ({ ...(await scanSensorAnomalies(db, { ...params, onCommit: scanCoverageHook })) }),
  }),
  report: defineKind({
    title: "Infrastructure report",
    description: "Builds the 5-minute reports per (type, region) from InfluxDB up to now − allowed lateness, and rebuilds recent windows that received late readings.",
    params: runReportJobInput,
    run: (params, ctx) => runReportJob(db, { ...params, influx: influx(), signal: ctx.signal, onProgress: (done, total) => ctx.progress((done / total) * 100), onWindowWritten: reportCoverageHook() }),
  }),
  "report-rollup": defineKind({
    title: "Report rollup",
    description: "Builds hourly, daily, weekly or monthly reports from the finer ones, rebuilding windows a regenerated finer window marked dirty.",
    params: runReportRollupInput,
    run: (params, ctx) => runReportRollup(db, { ...params, signal: ctx.signal }),
  }),
  "anomaly-backfill": defineKind({
    title: "Anomaly backfill",
    description: "Re-judges a scan scope over a time range, a day per step, resumable and cancellable (see /coverage).",
    params: runCoverageBackfillInput,
    lane: "heavy",
    run: (params, ctx) => runCoverageBackfill(db, { ...params, signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
  }),
  "report-rebuild": defineKind({
    title: "Report rebuild",
    description: "Rebuilds the 5-minute reports over a time range, a day per step, then their rollups (see /coverage).",
    params: runCoverageBackfillInput,
    lane: "heavy",
    run: (params, ctx) => runCoverageBackfill(db, { ...params, signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
  }),
  "readings-export": defineKind({
    title: "Readings export",
    description: "Writes the calibrated readings of a sensor set and period to a zip (one CSV per quantity) for the user who asked for it.",
    params: runReadingsExportInput,
    lane: "heavy",
    run: (params, ctx) => runReadingsExport(db, { ...params, influx: influx(), signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
  }),
  "notification-delivery": defineKind({
    title: "Notification delivery",
    description: "Sends one notification to one channel (email, webhook, Slack, Teams); a delivery already sent is never sent again.",
    params: z.object({ deliveryId: z.string().min(1).max(200) }).strict(),
    lane: "delivery",
    run: (params, ctx) => deliverNotification(db, { deliveryId: params.deliveryId, signal: ctx.signal, log: ctx.log }),
  }),
} satisfies Record<string, JobKind>;

export type JobKindName = keyof typeof jobKinds;

export function findJobKind(name: string): JobKind | undefined {
  return (jobKinds as Record<string, JobKind>)[name];
}
