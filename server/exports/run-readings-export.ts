import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { UnrecoverableError } from "bullmq";
import { ZipFile } from "yazl";
import type { Db } from "../db";
import { env } from "../env";
import { influx as sharedInflux, type InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";
import { applySensorCorrections } from "../readings/apply-sensor-corrections";
import { loadSensorCorrections } from "../readings/load-sensor-corrections";
import { readReadingsSince } from "../readings/read-readings-since";
import { collectZipOutput } from "./collect-zip-output";
import { findExportSensors } from "./find-export-sensors";
import { quantityEntryName, READINGS_CSV_HEADER, readingsCsvRows } from "./readings-csv";
import { requestReadingsExportInput } from "./schemas";

export interface RunReadingsExportOptions {
  exportId: string;
  influx?: InfluxClient;
  signal?: AbortSignal;
  onProgress?: (percent: number) => Promise<void> | void;
  /** Defaults to READINGS_EXPORT_MAX_BYTES. */
  maxBytes?: number;
  /** Time per InfluxDB query for one sensor; bounds what is held in memory. */
  chunkMs?: number;
}

const WEEK_MS = 7 * 24 * 60 * 60_000;

/**
 * The export job: one CSV per quantity in a zip, read sensor by sensor in time chunks (calibrated, flagged
 * ranges left out) and appended to the zip stream as it goes, then stored in the row. Past the size cap it
 * stops and fails with a message to narrow the selection.
 */
export async function runReadingsExport(db: Db, options: RunReadingsExportOptions) {
  const { exportId } = options;
  const record = await db.readingsExport.findUnique({ where: { id: exportId }, select: { status: true, rows: true, bytes: true, params: true } });
  if (!record) throw new UnrecoverableError(`Readings export ${exportId} does not exist`);
  if (record.status === "succeeded") return { rows: record.rows, bytes: record.bytes, alreadyDone: true };
  const params = requestReadingsExportInput.parse(record.params);
  await db.readingsExport.update({ where: { id: exportId }, data: { status: "running", progress: 0, rows: 0, bytes: 0, error: null } });

  const maxBytes = options.maxBytes ?? env().READINGS_EXPORT_MAX_BYTES;
  const chunkMs = options.chunkMs ?? WEEK_MS;
  const client = options.influx ?? sharedInflux();
  const from = params.from.getTime();
  const to = params.to.getTime();
  const steps = Math.ceil((to - from) / chunkMs);
  let rows = 0;
  let shownPercent = -1;

  try {
    const sensors = await findExportSensors(db, params);
    const corrections = await loadSensorCorrections(db, { sensorKeys: sensors.map((s) => s.key) });
    const zip = new ZipFile();
    const output = collectZipOutput(zip.outputStream as Readable, maxBytes);
    const total = Math.max(1, sensors.length * steps);
    let done = 0;
    let entry: PassThrough | undefined;
    let entryQuantity: string | undefined;

    const write = async (text: string) => {
      if (!entry!.write(text)) await once(entry!, "drain");
      if (output.tooLarge) throw new UnrecoverableError(`The export is larger than ${maxBytes} bytes; choose fewer sensors or a shorter period.`);
    };

    for (const sensor of sensors) {
      options.signal?.throwIfAborted();
      if (sensor.quantity !== entryQuantity) {
        entry?.end();
        entry = new PassThrough();
        entryQuantity = sensor.quantity;
        zip.addReadStream(entry, quantityEntryName(sensor.quantity), { mtime: params.to });
        await write(READINGS_CSV_HEADER);
      }
      for (let start = from; start < to; start += chunkMs) {
        const end = Math.min(start + chunkMs, to);
        // The reader takes (since, until]; the export's period is [from, to).
        const raw = (await readReadingsSince(client, { sensorKeys: [sensor.key], since: start - 1, until: end - 1 })).get(sensor.key) ?? [];
        const c = corrections.get(sensor.key);
        const readings = c ? applySensorCorrections(raw, c) : raw;
        rows += readings.length;
        if (readings.length) await write(readingsCsvRows(sensor, readings));
        const percent = Math.floor((++done / total) * 99);
        if (percent !== shownPercent) {
          shownPercent = percent;
          await db.readingsExport.update({ where: { id: exportId }, data: { progress: percent, rows, bytes: output.bytes } });
          await options.onProgress?.(percent);
        }
      }
    }
    entry?.end();
    zip.end();
    const content = await output.done.catch(() => {
      throw new UnrecoverableError(`The export is larger than ${maxBytes} bytes; choose fewer sensors or a shorter period.`);
    });
    await db.readingsExport.update({
      where: { id: exportId },
      data: { status: "succeeded", progress: 100, rows, bytes: content.length, content: new Uint8Array(content), finishedAt: new Date() },
    });
    await options.onProgress?.(100);
    logger.info({ exportId, sensors: sensors.length, rows, bytes: content.length }, "readings export finished");
    return { sensors: sensors.length, rows, bytes: content.length };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db.readingsExport.update({ where: { id: exportId }, data: { status: "failed", error: message.slice(0, 1000), content: null, finishedAt: new Date() } });
    throw err;
  }
}
