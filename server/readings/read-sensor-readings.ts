import type { Reading } from "../anomaly/detectors/detector";
import type { Db } from "../db";
import { influx, type InfluxClient } from "../influx/influx-client";
import { applySensorCorrections } from "./apply-sensor-corrections";
import { loadSensorCorrections } from "./load-sensor-corrections";
import { readReadingsSince } from "./read-readings-since";

export interface ReadSensorReadingsOptions {
  sensorKeys: readonly string[];
  /** Exclusive, epoch ms. */
  from: number;
  /** Inclusive, epoch ms. */
  to: number;
  /** Uncalibrated values, flagged ranges included. */
  raw?: boolean;
  client?: InfluxClient;
}

/** What every reader of readings gets: calibrated values with flagged ranges left out, or raw values on request. */
export async function readSensorReadings(db: Db, options: ReadSensorReadingsOptions): Promise<Map<string, Reading[]>> {
  if (options.sensorKeys.length === 0) return new Map();
  const client = options.client ?? influx();
  const [raw, corrections] = await Promise.all([
    readReadingsSince(client, { sensorKeys: options.sensorKeys, since: options.from, until: options.to }),
    options.raw ? Promise.resolve(new Map()) : loadSensorCorrections(db, { sensorKeys: options.sensorKeys }),
  ]);
  if (options.raw) return raw;
  for (const [key, readings] of raw) {
    const c = corrections.get(key);
    if (c) raw.set(key, applySensorCorrections(readings, c));
  }
  return raw;
}
