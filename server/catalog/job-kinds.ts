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
import { runStationExport } from "../exports/run-station-export";
import { runStationExportInput } from "../exports/station-export-schemas";
import { runSensorImport } from "../imports/run-sensor-import";
import { runSensorImportInput } from "../imports/schemas";
import { runQcEvaluation } from "../qc/run-qc-evaluation";
import { runQcEvaluationInput } from "../qc/schemas";
import { runRetentionPurge } from "../retention/run-retention-purge";
import { runRetentionPurgeInput } from "../retention/schemas";
import { influx } from "../influx/influx-client";
import { deliverNotification } from "../notifications/deliver-notification";
import { runReportJob } from "../reports/run-report-job";
import { runReportRollup } from "../reports/run-report-rollup";
import { runReportJobInput, runReportRollupInput } from "../reports/schemas";
import { defineKind, type JobKind } from "../runs/job-kind";
import { findJobKind, registerJobKinds } from "../runs/job-kind-registry";

/** The product's job kinds by name: what the console offers and the worker runs. Domains add theirs here; test kinds live in tests/support. */
export const jobKinds = {
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
    description:
      "Builds the 5-minute reports per (type, region) from InfluxDB up to now − allowed lateness, and rebuilds recent windows that received late readings.",
    params: runReportJobInput,
    run: (params, ctx) =>
      runReportJob(db, {
        ...params,
        influx: influx(),
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress((done / total) * 100),
        onWindowWritten: reportCoverageHook(),
      }),
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
  "qc-evaluate": defineKind({
    title: "QC evaluation",
    description: "Runs the quality-control tests of the sensors (or a quantity's sensors) over a range and replaces their automatic flags there.",
    params: runQcEvaluationInput,
    lane: "heavy",
    run: (params, ctx) => runQcEvaluation(db, { ...params, client: influx(), signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
  }),
  "station-export": defineKind({
    title: "Station export",
    description:
      "Writes one station's readings over a period as one file (Windographer text, CSV with one column per point, or the long format) for the user who asked for it.",
    params: runStationExportInput,
    lane: "heavy",
    run: (params, ctx) => runStationExport(db, { ...params, influx: influx(), signal: ctx.signal, onProgress: (p) => ctx.progress(p) }),
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

registerJobKinds(jobKinds);

/** Importing from here, rather than from the registry, guarantees the product's kinds are registered. */
export { findJobKind };
