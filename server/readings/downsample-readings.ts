import type { Reading } from "../anomaly/detectors/detector";
import type { InfluxClient } from "../influx/influx-client";
import { calibrate, identityCalibration } from "./calibration";
import { durationLiteral, quoteIdentifier, timeLiteral } from "./influxql";
import { planSensorSegments, type SensorSegment, type TimeRange } from "./plan-sensor-segments";
import { queryReadings } from "./query-readings";
import { READING_FIELD, READING_MEASUREMENT } from "./readings-schema";
import type { SensorCorrections } from "./apply-sensor-corrections";
import { sensorFilter } from "./sensor-filter";

/** Statements per chart series at most: each calibration change and each flag edge adds one. */
export const MAX_DOWNSAMPLE_SEGMENTS = 400;

export class TooManySegmentsError extends Error {
  constructor(readonly segments: number) {
    super(`This span has ${segments} flagged or recalibrated stretches, more than ${MAX_DOWNSAMPLE_SEGMENTS} can be charted at once; narrow the range`);
  }
}

/**
 * min and max per time bucket of one series' segments, computed by InfluxDB, then calibrated per
 * segment (a negative slope swaps them) and merged per bucket: two points per bucket (low, high, in the
 * bucket's first and second half), so a spike survives however long the span.
 */
async function bucketExtremes(
  client: InfluxClient,
  sensorKey: string,
  segments: readonly SensorSegment[],
  bucketMs: number,
): Promise<{ points: Reading[]; count: number }> {
  if (segments.length === 0) return { points: [], count: 0 };
  if (segments.length > MAX_DOWNSAMPLE_SEGMENTS) throw new TooManySegmentsError(segments.length);
  const field = quoteIdentifier(READING_FIELD);
  const statements = segments.map(
    (s) =>
      `SELECT min(${field}), max(${field}), count(${field}) FROM ${quoteIdentifier(READING_MEASUREMENT)}` +
      ` WHERE ${sensorFilter([sensorKey])} AND time >= ${timeLiteral(s.from)} AND time < ${timeLiteral(s.to)}` +
      ` GROUP BY time(${durationLiteral(bucketMs, "ms")}) fill(none)`,
  );
  const buckets = new Map<number, { lo: number; hi: number }>();
  let count = 0;
  (await queryReadings(client, statements)).forEach((series, i) => {
    for (const { values } of series) {
      for (const [time, min, max, n] of values as Array<[number, number | null, number | null, number]>) {
        if (typeof min !== "number" || typeof max !== "number") continue;
        count += n;
        const [a, b] = [calibrate(min, segments[i]), calibrate(max, segments[i])];
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const seen = buckets.get(time);
        buckets.set(time, seen ? { lo: Math.min(seen.lo, lo), hi: Math.max(seen.hi, hi) } : { lo, hi });
      }
    }
  });
  const points = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([time, { lo, hi }]) =>
      lo === hi
        ? [{ time, value: lo }]
        : [
            { time, value: lo },
            { time: time + bucketMs / 2, value: hi },
          ],
    );
  return { points, count };
}

/**
 * A long span of one sensor for a chart, without reading it whole: the kept readings' and the flagged
 * readings' extremes per bucket, each calibrated as readers calibrate them (raw: no corrections at all),
 * and how many readings are kept.
 */
export async function downsampleSensorReadings(
  client: InfluxClient,
  options: TimeRange & { sensorKey: string; bucketMs: number; corrections?: SensorCorrections },
): Promise<{ kept: Reading[]; flagged: Reading[]; count: number }> {
  const { from, to, sensorKey, bucketMs } = options;
  const corrections = options.corrections ?? { calibrations: [], flags: [] };
  const kept = options.corrections ? planSensorSegments({ from, to, ...corrections }) : [{ from, to, ...identityCalibration }];
  // The flagged parts are the rest of the range: the kept parts become the "flags" of a second plan.
  const flagged =
    options.corrections && corrections.flags.length
      ? planSensorSegments({ from, to, calibrations: corrections.calibrations, flags: kept.map((s) => ({ from: s.from, to: s.to - 1 })) })
      : [];
  const [keptPoints, flaggedPoints] = await Promise.all([
    bucketExtremes(client, sensorKey, kept, bucketMs),
    // Past the bound the flagged readings are left off; the flags' shading still shows where they are.
    flagged.length > MAX_DOWNSAMPLE_SEGMENTS ? Promise.resolve({ points: [], count: 0 }) : bucketExtremes(client, sensorKey, flagged, bucketMs),
  ]);
  return { kept: keptPoints.points, flagged: flaggedPoints.points, count: keptPoints.count };
}
