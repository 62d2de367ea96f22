import type { z } from "zod";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { findSensorByKey } from "./find-sensor-by-key";
import { sensorReadingsInput } from "./schemas";
import { thinReadings } from "./thin-readings";

/** A sensor's recent readings for its chart: calibrated with flagged ranges left out, or raw. */
export async function getSensorReadings(db: Db, options: z.input<typeof sensorReadingsInput> & { client?: InfluxClient; now?: number }) {
  const { key, hours, raw, maxPoints } = sensorReadingsInput.parse(options);
  const sensor = await findSensorByKey(db, key);
  const to = options.now ?? Date.now();
  const from = to - hours * 3_600_000;
  const readings = (await readSensorReadings(db, { sensorKeys: [key], from, to, raw, client: options.client })).get(key) ?? [];
  // Wider than this between two points is a gap the chart shows as a break (thinned buckets are wide too).
  const gapMs = Math.max(3 * sensor.intervalSeconds * 1000, (4 * (to - from)) / maxPoints);
  return { from, to, raw, count: readings.length, gapMs, readings: thinReadings(readings, maxPoints) };
}
