import { UnrecoverableError } from "bullmq";
import type { Db } from "../db";
import { env } from "../env";
import { influx as sharedInflux } from "../influx/influx-client";
import { logger } from "../logger";
import { applySensorCorrections } from "../readings/apply-sensor-corrections";
import { loadSensorCorrections } from "../readings/load-sensor-corrections";
import { readReadingsSince } from "../readings/read-readings-since";
import { exportProgress, type ExportJobOptions, failExportRun, finishExportRun, startExportRun } from "./export-run-state";
import { exportChunkMs } from "./export-chunk-ms";
import { findExportSensors } from "./find-export-sensors";
import { quantityEntryName, READINGS_CSV_HEADER, readingsCsvRows } from "./readings-csv";
import { requestReadingsExportInput } from "./schemas";
import { storeExportZip } from "./store-export-zip";

export interface RunReadingsExportOptions extends ExportJobOptions {
  /** Time per InfluxDB query for one sensor; by default from the sensor's interval (see exportChunkMs). */
  chunkMs?: number;
}

/**
 * The export job: one CSV per quantity in a zip, read sensor by sensor in time chunks (calibrated, flagged
 * ranges left out) and streamed through the zip into the export's chunk rows as it goes. Past the size cap
 * it stops and fails with a message to narrow the selection; a failed run leaves no chunk behind, and only
 * a succeeded export is ever served.
 */
export async function runReadingsExport(db: Db, options: RunReadingsExportOptions) {
  const { exportId } = options;
  const record = await db.readingsExport.findUnique({ where: { id: exportId }, select: { status: true, rows: true, bytes: true, params: true } });
  if (!record) throw new UnrecoverableError(`Readings export ${exportId} does not exist`);
  if (record.status === "succeeded") return { rows: record.rows, bytes: record.bytes, alreadyDone: true };
  const params = requestReadingsExportInput.parse(record.params);
  await startExportRun(db, exportId);

  const maxBytes = options.maxBytes ?? env().READINGS_EXPORT_MAX_BYTES;
  const client = options.influx ?? sharedInflux();
  const from = params.from.getTime();
  const to = params.to.getTime();
  let rows = 0;
  const progress = exportProgress(db, exportId, options.onProgress);

  try {
    const sensors = await findExportSensors(db, params);
    const corrections = await loadSensorCorrections(db, { sensorKeys: sensors.map((s) => s.key) });
    const steps = sensors.map((s) => Math.ceil((to - from) / (options.chunkMs ?? exportChunkMs(s.intervalSeconds))));
    const total = Math.max(
      1,
      steps.reduce((a, b) => a + b, 0),
    );
    let done = 0;
    const { bytes } = await storeExportZip({
      exportId,
      maxBytes,
      chunkBytes: options.chunkBytes,
      mtime: params.to,
      author: async (zip) => {
        let entryQuantity: string | undefined;
        for (const sensor of sensors) {
          options.signal?.throwIfAborted();
          if (sensor.quantity !== entryQuantity) {
            entryQuantity = sensor.quantity;
            await zip.startEntry(quantityEntryName(sensor.quantity));
            await zip.write(READINGS_CSV_HEADER);
          }
          const chunkMs = options.chunkMs ?? exportChunkMs(sensor.intervalSeconds);
          for (let start = from; start < to; start += chunkMs) {
            options.signal?.throwIfAborted();
            const end = Math.min(start + chunkMs, to);
            // The reader takes (since, until]; the export's period is [from, to).
            const raw = (await readReadingsSince(client, { sensorKeys: [sensor.key], since: start - 1, until: end - 1 })).get(sensor.key) ?? [];
            const c = corrections.get(sensor.key);
            const readings = c ? applySensorCorrections(raw, c) : raw;
            rows += readings.length;
            if (readings.length) await zip.write(readingsCsvRows(sensor, readings));
            await progress(Math.floor((++done / total) * 99), rows, zip.bytes);
          }
        }
      },
    });
    await finishExportRun(db, exportId, { rows, bytes }, options.onProgress);
    logger.info({ exportId, sensors: sensors.length, rows, bytes }, "readings export finished");
    return { sensors: sensors.length, rows, bytes };
  } catch (err) {
    await failExportRun(db, exportId, err);
    throw err;
  }
}
