import { UnrecoverableError } from "bullmq";
import type { Db } from "../db";
import { env } from "../env";
import { influx as sharedInflux } from "../influx/influx-client";
import { logger } from "../logger";
import { loadSensorCorrections } from "../readings/load-sensor-corrections";
import { readingsSpan } from "../readings/readings-span";
import { readReadingsSince } from "../readings/read-readings-since";
import { exportProgress, type ExportJobOptions, failExportRun, finishExportRun, startExportRun } from "./export-run-state";
import { findStationExportPoints, type StationExportPoints } from "./find-station-export-points";
import { longHeaderLine, longRows } from "./long-rows";
import { pointCells, wideCells } from "./read-point-cells";
import { requestStationExportInput, stationFileLayout, type StationExportParams, type StationFileLayout } from "./station-export-schemas";
import { stationExportChunkMs } from "./station-export-chunk-ms";
import { storeExportFile } from "./store-export-file";
import { wideHeaderLine, wideRows } from "./wide-rows";
import { windographerHeader } from "./windographer-header";

export interface RunStationExportOptions extends ExportJobOptions {
  /** Time per InfluxDB query; by default from the points' intervals (stationExportChunkMs). */
  chunkMs?: number;
  now?: Date;
}

function fileHead(station: StationExportPoints, layout: StationFileLayout, now: Date): string {
  if (layout.format === "long") return longHeaderLine(layout.flagged);
  const names = station.points.map((p) => p.name);
  const head =
    layout.format === "windographer-txt"
      ? windographerHeader({
          createdAt: now,
          latitude: station.latitude,
          longitude: station.longitude,
          elevationM: station.elevationM,
          flagged: layout.flagged,
        })
      : "";
  return head + wideHeaderLine(names, layout);
}

/**
 * The station export job: one file (wide Windographer text or CSV, or tidy long), read in time chunks
 * over all the station's points (only where readings exist), corrected as every reader corrects them,
 * and streamed into the export's chunk rows, so memory stays flat whatever the period. Rows and bytes
 * are written to the row after each chunk for the page to show. A failed run leaves no chunk behind.
 */
export async function runStationExport(db: Db, options: RunStationExportOptions) {
  const { exportId } = options;
  const record = await db.readingsExport.findUnique({ where: { id: exportId }, select: { kind: true, status: true, rows: true, bytes: true, params: true } });
  if (record?.kind !== "station") throw new UnrecoverableError(`Station export ${exportId} does not exist`);
  if (record.status === "succeeded") return { rows: record.rows, bytes: record.bytes, alreadyDone: true };
  const params: StationExportParams = requestStationExportInput.parse(record.params);
  await startExportRun(db, exportId);
  const client = options.influx ?? sharedInflux();
  const layout = stationFileLayout(params);
  let rows = 0;
  try {
    const station = await findStationExportPoints(db, { stationId: params.stationId });
    const keys = station.points.map((p) => p.sensorKey);
    const corrections = await loadSensorCorrections(db, { sensorKeys: keys });
    const span = await readingsSpan(client, { sensorKeys: keys, from: params.from.getTime(), to: params.to.getTime() });
    const chunkMs = options.chunkMs ?? stationExportChunkMs(station.points);
    const { bytes } = await storeExportFile({
      exportId,
      maxBytes: options.maxBytes ?? env().READINGS_EXPORT_MAX_BYTES,
      chunkBytes: options.chunkBytes,
      author: async (file) => {
        await file.write(fileHead(station, layout, options.now ?? new Date()));
        if (!span) return;
        const progress = exportProgress(db, exportId, options.onProgress);
        for (let start = span.first; start <= span.last; start += chunkMs) {
          options.signal?.throwIfAborted();
          const end = start + chunkMs;
          // The reader takes (since, until]; a chunk is [start, end).
          const raw = await readReadingsSince(client, { sensorKeys: keys, since: start - 1, until: end - 1 });
          const cells = wideCells(station.points.map((p) => pointCells(raw.get(p.sensorKey) ?? [], corrections.get(p.sensorKey), params.values)));
          const out = layout.format === "long" ? longRows(cells, station.points, layout.flagged) : wideRows(cells, station.points.length, layout);
          rows += out.rows;
          if (out.text) await file.write(out.text);
          await progress(Math.min(99, Math.floor(((end - span.first) / (span.last - span.first + 1)) * 99)), rows, file.bytes);
        }
      },
    });
    await finishExportRun(db, exportId, { rows, bytes }, options.onProgress);
    logger.info({ exportId, stationId: station.id, format: params.format, rows, bytes }, "station export finished");
    return { points: station.points.length, rows, bytes };
  } catch (err) {
    await failExportRun(db, exportId, err);
    throw err;
  }
}
