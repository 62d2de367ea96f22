import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { calibrate, calibrationAt } from "../readings/calibration";
import { loadSensorCorrections } from "../readings/load-sensor-corrections";
import { readReadingsChunk } from "../readings/read-readings-since";
import { inChunks } from "../readings/sensor-filter";
import type { QcSeries } from "./tests/qc-test";

/**
 * Calibrated values with flagged readings kept: QC judges what the sensor measured, and a manual
 * flag must not hide the readings an auto test would see around it.
 */
export async function readCalibratedSeries(
  db: Db,
  client: InfluxClient,
  options: { sensorKeys: readonly string[]; since: number; until: number },
): Promise<Map<string, QcSeries>> {
  const out = new Map<string, QcSeries>();
  for (const keys of inChunks([...new Set(options.sensorKeys)])) {
    const [chunk, corrections] = await Promise.all([
      readReadingsChunk(client, keys, { since: options.since, until: options.until }),
      loadSensorCorrections(db, { sensorKeys: keys }),
    ]);
    for (const [key, series] of chunk.series) {
      const calibrations = corrections.get(key)?.calibrations ?? [];
      if (calibrations.length)
        for (let i = 0; i < series.values.length; i++) series.values[i] = calibrate(series.values[i], calibrationAt(calibrations, series.times[i]));
      out.set(key, series);
    }
  }
  return out;
}
