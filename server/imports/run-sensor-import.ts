import { UnrecoverableError } from "bullmq";
import { markReadingsStale } from "../coverage/mark-readings-stale";
import { inTransaction, type Db } from "../db";
import { emitDomainEvent } from "../domain-events/emit-domain-event";
import { influx as sharedInflux, type InfluxClient } from "../influx/influx-client";
import { updateSensorLastReadings, type LastReading } from "../ingest/update-sensor-last-readings";
import { writeSensorPoints, type SensorPoint } from "../ingest/write-sensor-points";
import { LoggerFileError } from "./logger-file-error";
import { openLoggerFile } from "./open-logger-file";
import { bufferChunks } from "./buffer-chunks";
import { REPORT_LIST_LIMIT } from "./logger-file-report";
import { splitCrossFileConflicts, type CrossFileConflict } from "./split-cross-file-conflicts";
import type { LoggerReadOptions } from "./schemas";

export interface RunSensorImportOptions {
  importId: string;
  influx?: InfluxClient;
  signal?: AbortSignal;
  onProgress?: (percent: number) => Promise<void> | void;
}

const IMPORT_BATCH_POINTS = 5_000;
const sensorTags = { key: true, quantity: true, infraType: true, region: true, site: true } as const;

/**
 * The import job: streams the stored file, writing its points in batches with progress (a malformed
 * row fails the import with its line and column), then records the counts, span and report and drops
 * the stored content. The file was read whole when it was queued, so a failure half-way is rare. Points are keyed by sensor and time, so a retry or re-run overwrites, never duplicates.
 */
export async function runSensorImport(db: Db, options: RunSensorImportOptions) {
  const { importId } = options;
  const record = await db.sensorImport.findUnique({ where: { id: importId } });
  if (!record) throw new UnrecoverableError(`Import ${importId} does not exist`);
  if (record.status === "succeeded") return { rows: record.rows, points: record.points, alreadyDone: true };
  if (!record.content) throw new UnrecoverableError(`Import ${importId} no longer holds its file; upload it again`);
  await db.sensorImport.update({ where: { id: importId }, data: { status: "running", errors: [], points: 0 } });

  const mappedKeys = Object.values(record.columnMap as Record<string, string | null>).filter((key): key is string => key !== null);
  const finished = (
    status: "succeeded" | "failed",
    summary: { rows: number; points: number; firstAt: Date | null; lastAt: Date | null; error: string | null },
  ) => ({
    kind: "import.finished" as const,
    dedupeKey: `import.finished:${importId}:${status}`,
    payload: {
      importId,
      fileName: record.fileName,
      status,
      ...summary,
      firstAt: summary.firstAt?.toISOString() ?? null,
      lastAt: summary.lastAt?.toISOString() ?? null,
      sensorKeys: mappedKeys.slice(0, 100),
      loggerId: record.loggerId,
    },
  });
  const refuse = async (problem: { message: string; row?: number; column?: string }) => {
    await inTransaction(db, async (tx) => {
      await tx.sensorImport.update({ where: { id: importId }, data: { status: "failed", errors: [problem], content: null, finishedAt: new Date() } });
      await emitDomainEvent(tx, finished("failed", { rows: 0, points: 0, firstAt: null, lastAt: null, error: problem.message.slice(0, 500) }));
    });
    return new UnrecoverableError(problem.message);
  };

  try {
    const columnMap = record.columnMap as Record<string, string | null>;
    const mapped = Object.entries(columnMap).filter((e): e is [string, string] => e[1] !== null);
    const sensors = new Map((await db.sensor.findMany({ where: { key: { in: mapped.map(([, key]) => key) } }, select: sensorTags })).map((s) => [s.key, s]));
    const gone = mapped.filter(([, key]) => !sensors.has(key)).map(([, key]) => key);
    if (gone.length) throw await refuse({ message: `No sensor with key ${gone.map((k) => `"${k}"`).join(", ")} any more` });

    const content = Buffer.from(record.content);
    let bytesRead = 0;
    const client = options.influx ?? sharedInflux();
    const latest = new Map<string, { at: number; value: number }>();
    let batch: SensorPoint[] = [];
    let points = 0;
    // Readings another file already stored with other values: kept (reported) unless this import replaces them.
    const conflicts = { count: 0, samples: [] as CrossFileConflict[], replaced: record.replaceConflicts };
    // Rows stream from the stored file and points go out a batch at a time: memory stays bounded by the batch.
    const flush = async () => {
      let write = batch;
      const split = await splitCrossFileConflicts(client, batch);
      if (split.conflicts.length) {
        conflicts.count += split.conflicts.length;
        for (const c of split.conflicts) if (conflicts.samples.length < REPORT_LIST_LIMIT) conflicts.samples.push(c);
        if (!record.replaceConflicts) write = split.keep;
      }
      await writeSensorPoints(client, { points: write });
      points += write.length;
      batch = [];
      options.signal?.throwIfAborted();
      const percent = Math.min(99, (bytesRead / content.length) * 100);
      await db.sensorImport.update({ where: { id: importId }, data: { points, progress: Math.floor(percent) } });
      await options.onProgress?.(percent);
    };
    let file;
    try {
      file = await openLoggerFile(
        bufferChunks(content, (done) => (bytesRead = done)),
        {
          ...(record.readOptions as LoggerReadOptions),
          timeZone: record.timeZone,
          columns: mapped.map(([column]) => column),
        },
      );
      let targets: Array<(typeof sensors extends Map<string, infer S> ? S : never) | null> = [];
      for await (const row of file.rows) {
        if (targets.length !== file.columns.length) targets = file.columns.map((c) => (columnMap[c.name] ? sensors.get(columnMap[c.name]!)! : null));
        row.values.forEach((value, i) => {
          const sensor = targets[i];
          if (value === null || !sensor) return;
          batch.push({ sensor, timeNs: BigInt(row.at) * 1_000_000n, value });
          const seen = latest.get(sensor.key);
          if (!seen || row.at >= seen.at) latest.set(sensor.key, { at: row.at, value });
        });
        if (batch.length >= IMPORT_BATCH_POINTS) await flush();
      }
    } catch (err) {
      if (err instanceof LoggerFileError) throw await refuse({ message: err.message, row: err.row, column: err.column });
      throw err;
    }
    await flush();
    await options.onProgress?.(100);

    const report = file.report;
    const summary = { rows: report.rows, points, firstAt: new Date(report.firstAt!), lastAt: new Date(report.lastAt!) };
    await inTransaction(db, async (tx) => {
      await updateSensorLastReadings(tx, { readings: [...latest].map(([key, r]): LastReading => ({ key, at: new Date(r.at), value: r.value })) });
      // A file with held columns is kept: their readings are still to come once someone maps them.
      await tx.sensorImport.update({
        where: { id: importId },
        data: {
          ...summary,
          report: { ...report, crossFileConflicts: conflicts },
          status: "succeeded",
          progress: 100,
          errors: [],
          content: record.heldColumns.length ? undefined : null,
          finishedAt: new Date(),
        },
      });
      await markReadingsStale(tx, { sensorKeys: [...latest.keys()], from: summary.firstAt.getTime(), to: summary.lastAt.getTime(), reason: "import" });
      await emitDomainEvent(tx, finished("succeeded", { ...summary, error: null }));
    });
    return summary;
  } catch (err) {
    if (!(err instanceof UnrecoverableError)) {
      // Kept content: a retry (or a re-run) can finish the import; the points already written are overwritten.
      await db.sensorImport.update({
        where: { id: importId },
        data: { status: "failed", errors: [{ message: (err as Error).message }], finishedAt: new Date() },
      });
    }
    throw err;
  }
}
