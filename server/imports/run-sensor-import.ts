import { UnrecoverableError } from "bullmq";
import { markReadingsStale } from "../coverage/mark-readings-stale";
import { inTransaction, type Db } from "../db";
import { influx as sharedInflux, type InfluxClient } from "../influx/influx-client";
import { updateSensorLastReadings, type LastReading } from "../ingest/update-sensor-last-readings";
import { writeSensorPoints, type SensorPoint } from "../ingest/write-sensor-points";
import { LoggerFileError } from "./logger-file-error";
import { parseLoggerFile } from "./parse-logger-file";

export interface RunSensorImportOptions {
  importId: string;
  influx?: InfluxClient;
  signal?: AbortSignal;
  onProgress?: (percent: number) => Promise<void> | void;
}

const IMPORT_BATCH_POINTS = 5_000;
const sensorTags = { key: true, quantity: true, infraType: true, region: true, site: true } as const;

/**
 * The import job: parses the whole stored file first (a malformed one fails with its row and column
 * and writes nothing), writes its points in batches with progress, then records the counts and span
 * and drops the stored content. Points are keyed by sensor and time, so a retry or re-run overwrites, never duplicates.
 */
export async function runSensorImport(db: Db, options: RunSensorImportOptions) {
  const { importId } = options;
  const record = await db.sensorImport.findUnique({ where: { id: importId } });
  if (!record) throw new UnrecoverableError(`Import ${importId} does not exist`);
  if (record.status === "succeeded") return { rows: record.rows, points: record.points, alreadyDone: true };
  if (!record.content) throw new UnrecoverableError(`Import ${importId} no longer holds its file; upload it again`);
  await db.sensorImport.update({ where: { id: importId }, data: { status: "running", errors: [], points: 0 } });

  const refuse = async (problem: { message: string; row?: number; column?: string }) => {
    await db.sensorImport.update({ where: { id: importId }, data: { status: "failed", errors: [problem], content: null, finishedAt: new Date() } });
    return new UnrecoverableError(problem.message);
  };

  try {
    const columnMap = record.columnMap as Record<string, string | null>;
    const mapped = Object.entries(columnMap).filter((e): e is [string, string] => e[1] !== null);
    let file;
    try {
      file = parseLoggerFile(Buffer.from(record.content).toString("utf8"), { timeZone: record.timeZone, columns: mapped.map(([column]) => column) });
    } catch (err) {
      if (err instanceof LoggerFileError) throw await refuse({ message: err.message, row: err.row, column: err.column });
      throw err;
    }
    const sensors = new Map((await db.sensor.findMany({ where: { key: { in: mapped.map(([, key]) => key) } }, select: sensorTags })).map((s) => [s.key, s]));
    const gone = mapped.filter(([, key]) => !sensors.has(key)).map(([, key]) => key);
    if (gone.length) throw await refuse({ message: `No sensor with key ${gone.map((k) => `"${k}"`).join(", ")} any more` });

    const columns = file.header.dataColumns.map((c) => (columnMap[c.name] ? sensors.get(columnMap[c.name]!)! : null));
    const client = options.influx ?? sharedInflux();
    const latest = new Map<string, { at: number; value: number }>();
    let batch: SensorPoint[] = [];
    let points = 0;
    // Points are built a batch at a time, so a large file never holds all of them in memory at once.
    const flush = async (rowsDone: number) => {
      await writeSensorPoints(client, { points: batch });
      points += batch.length;
      batch = [];
      options.signal?.throwIfAborted();
      await db.sensorImport.update({ where: { id: importId }, data: { points } });
      await options.onProgress?.((rowsDone / file.rows.length) * 100);
    };
    for (const [index, row] of file.rows.entries()) {
      row.values.forEach((value, i) => {
        const sensor = columns[i];
        if (value === null || !sensor) return;
        batch.push({ sensor, timeNs: BigInt(row.at) * 1_000_000n, value });
        const seen = latest.get(sensor.key);
        if (!seen || row.at >= seen.at) latest.set(sensor.key, { at: row.at, value });
      });
      if (batch.length >= IMPORT_BATCH_POINTS) await flush(index + 1);
    }
    await flush(file.rows.length);

    const times = file.rows.map((r) => r.at);
    const summary = {
      rows: file.rows.length,
      points,
      firstAt: new Date(times.reduce((a, b) => Math.min(a, b))),
      lastAt: new Date(times.reduce((a, b) => Math.max(a, b))),
    };
    await inTransaction(db, async (tx) => {
      await updateSensorLastReadings(tx, { readings: [...latest].map(([key, r]): LastReading => ({ key, at: new Date(r.at), value: r.value })) });
      await tx.sensorImport.update({ where: { id: importId }, data: { ...summary, status: "succeeded", errors: [], content: null, finishedAt: new Date() } });
      await markReadingsStale(tx, { sensorKeys: [...latest.keys()], from: summary.firstAt.getTime(), to: summary.lastAt.getTime(), reason: "import" });
    });
    return summary;
  } catch (err) {
    if (!(err instanceof UnrecoverableError)) {
      // Kept content: a retry (or a re-run) can finish the import; the points already written are overwritten.
      await db.sensorImport.update({ where: { id: importId }, data: { status: "failed", errors: [{ message: (err as Error).message }], finishedAt: new Date() } });
    }
    throw err;
  }
}
