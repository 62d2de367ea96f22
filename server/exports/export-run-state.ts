import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { enqueueRun } from "../queues/enqueue-run";
import { deleteExportChunks } from "./delete-export-chunks";
import { readingsExportSelect } from "./readings-export-select";

type OnProgress = ((percent: number) => Promise<void> | void) | undefined;

/** What every export job takes. */
export interface ExportJobOptions {
  exportId: string;
  influx?: InfluxClient;
  signal?: AbortSignal;
  onProgress?: OnProgress;
  /** Defaults to READINGS_EXPORT_MAX_BYTES. */
  maxBytes?: number;
  /** Bytes per stored chunk row (EXPORT_CHUNK_BYTES). */
  chunkBytes?: number;
}

/** Queues the job that builds an export and links it to the export's row. */
export async function queueExportRun(db: Db, options: { exportId: string; kind: "readings-export" | "station-export"; requestedBy: string; jobName: string }) {
  const run = await enqueueRun(db, {
    kind: options.kind,
    params: { exportId: options.exportId },
    priority: "P2",
    complexity: "moderate",
    timeoutMs: 60 * 60_000,
    // A too-large or empty export fails the same way again; the user narrows it instead.
    maxAttempts: 1,
    trigger: "manual",
    triggeredBy: options.requestedBy,
    jobName: options.jobName,
  });
  return db.readingsExport.update({ where: { id: options.exportId }, data: { runId: run.id }, select: readingsExportSelect });
}

/** A run starts from no chunks (one that died half-way left some) and shows 0 %. */
export async function startExportRun(db: Db, exportId: string): Promise<void> {
  await deleteExportChunks(db, { exportId });
  await db.readingsExport.update({ where: { id: exportId }, data: { status: "running", progress: 0, rows: 0, bytes: 0, error: null } });
}

/** Writes progress, rows and bytes to the export's row (and the run) whenever the whole percent changes. */
export function exportProgress(db: Db, exportId: string, onProgress: OnProgress) {
  let shown = -1;
  return async (percent: number, rows: number, bytes: number): Promise<void> => {
    if (percent === shown) return;
    shown = percent;
    await db.readingsExport.update({ where: { id: exportId }, data: { progress: percent, rows, bytes } });
    await onProgress?.(percent);
  };
}

export async function finishExportRun(db: Db, exportId: string, totals: { rows: number; bytes: number }, onProgress: OnProgress): Promise<void> {
  await db.readingsExport.update({ where: { id: exportId }, data: { status: "succeeded", progress: 100, ...totals, finishedAt: new Date() } });
  await onProgress?.(100);
}

/** A failed export leaves no chunk behind, and its row says why. */
export async function failExportRun(db: Db, exportId: string, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await deleteExportChunks(db, { exportId });
  await db.readingsExport.update({ where: { id: exportId }, data: { status: "failed", error: message.slice(0, 1000), finishedAt: new Date() } });
}
