import type { z } from "zod";
import type { Reading } from "../anomaly/detectors/detector";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { findSensorByKey } from "./find-sensor-by-key";
import { sensorReadingsInput } from "./schemas";

/** At most maxPoints: the lowest and highest reading of each time bucket, in time order, so spikes survive. */
export function thinReadings(readings: readonly Reading[], maxPoints: number): Reading[] {
  if (readings.length <= maxPoints) return [...readings];
  const perBucket = Math.ceil(readings.length / Math.floor(maxPoints / 2));
  const out: Reading[] = [];
  for (let i = 0; i < readings.length; i += perBucket) {
    const bucket = readings.slice(i, i + perBucket);
    let lo = bucket[0];
    let hi = bucket[0];
    for (const r of bucket) {
      if (r.value < lo.value) lo = r;
      if (r.value > hi.value) hi = r;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.time < hi.time ? [lo, hi] : [hi, lo]));
  }
  return out;
}

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
