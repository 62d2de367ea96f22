import type { z } from "zod";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { influx, type InfluxClient } from "../influx/influx-client";
import { markSensorCorrections } from "../readings/apply-sensor-corrections";
import { downsampleSensorReadings, TooManySegmentsError } from "../readings/downsample-readings";
import { loadSensorCorrections } from "../readings/load-sensor-corrections";
import { readReadingsSince } from "../readings/read-readings-since";
import { findSensorByKey } from "./find-sensor-by-key";
import { sensorReadingsInput } from "./schemas";
import { thinReadings } from "./thin-readings";

/** Readings a chart reads whole (by the sensor's interval); a longer span is downsampled inside InfluxDB. */
export const CHART_RAW_READ_LIMIT = 20_000;

/**
 * A sensor's readings for its chart over the last hours or any span up to ten years: calibrated, with
 * the flagged ones apart (drawn in their own colour), or raw. Short spans are read whole and thinned to
 * the min and max of each bucket; long ones get the same min/max per bucket from InfluxDB, so a year
 * of one-minute readings never crosses the wire.
 */
export async function getSensorReadings(db: Db, options: z.input<typeof sensorReadingsInput> & { client?: InfluxClient; now?: number }) {
  const { key, hours, raw, maxPoints, ...span } = sensorReadingsInput.parse(options);
  const sensor = await findSensorByKey(db, key);
  const client = options.client ?? influx();
  const to = span.to?.getTime() ?? options.now ?? Date.now();
  const from = span.from?.getTime() ?? to - hours * 3_600_000;
  const corrections = raw ? undefined : ((await loadSensorCorrections(db, { sensorKeys: [key] })).get(key) ?? { calibrations: [], flags: [] });
  // InfluxDB's buckets start at multiples of their width, so the span may touch one more than it holds.
  const bucketMs = Math.max(1, Math.ceil((to - from) / (Math.floor(maxPoints / 2) - 1)));
  // Wider than this between two points is a gap the chart shows as a break (thinned buckets are wide too).
  const gapMs = Math.max(3 * sensor.intervalSeconds * 1000, (4 * (to - from)) / maxPoints);
  // The flagged ranges the span touches, for the chart's shading.
  const flags = (corrections?.flags ?? []).filter((f) => f.to >= from && f.from <= to);

  if ((to - from) / (sensor.intervalSeconds * 1000) > CHART_RAW_READ_LIMIT) {
    try {
      const { kept, flagged, count } = await downsampleSensorReadings(client, { sensorKey: key, from, to, bucketMs, corrections });
      return { from, to, raw, count, gapMs, readings: kept, flagged, flags, downsampledMs: bucketMs };
    } catch (err) {
      if (err instanceof TooManySegmentsError) throw new DomainError("INVALID", err.message);
      throw err;
    }
  }
  const readings = (await readReadingsSince(client, { sensorKeys: [key], since: from, until: to })).get(key) ?? [];
  const { kept, flagged } = corrections ? markSensorCorrections(readings, corrections) : { kept: readings, flagged: [] };
  return {
    from,
    to,
    raw,
    count: kept.length,
    gapMs,
    readings: thinReadings(kept, maxPoints),
    flagged: thinReadings(flagged, maxPoints),
    flags,
    downsampledMs: null,
  };
}
