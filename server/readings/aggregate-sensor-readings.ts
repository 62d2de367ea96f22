import type { Db } from "../db";
import { influx, type InfluxClient } from "../influx/influx-client";
import { aggregateReadings, type AggregateReadingsOptions, type ReadingAggregate } from "./aggregate-readings";
import { applySensorCorrections, type SensorCorrections } from "./apply-sensor-corrections";
import { loadSensorCorrections } from "./load-sensor-corrections";
import { readReadingsSince } from "./read-readings-since";
import { summarizeReadings } from "./summarize-readings";

/** True when a calibration is in effect somewhere in (from, to] or a flag overlaps it. */
function correctsWindow(c: SensorCorrections, from: number, to: number): boolean {
  return c.calibrations.some((k) => k.effectiveFrom <= to) || c.flags.some((f) => f.from <= to && f.to > from);
}

/**
 * Statistics per sensor (and bucket) of what readers see: sensors without corrections in the window
 * are aggregated inside InfluxDB; the few that are calibrated or flagged there are read and
 * corrected like every reader's readings, then summarised the same way.
 */
export async function aggregateSensorReadings(db: Db, options: AggregateReadingsOptions & { raw?: boolean; client?: InfluxClient }): Promise<Map<string, ReadingAggregate[]>> {
  const client = options.client ?? influx();
  const { from, to, bucketMs } = options;
  const corrections = options.raw ? new Map<string, SensorCorrections>() : await loadSensorCorrections(db, { sensorKeys: options.sensorKeys });
  const corrected = options.sensorKeys.filter((k) => corrections.has(k) && correctsWindow(corrections.get(k)!, from, to));
  const plain = options.sensorKeys.filter((k) => !corrected.includes(k));
  const out = plain.length > 0 ? await aggregateReadings(client, { sensorKeys: plain, from, to, bucketMs }) : new Map<string, ReadingAggregate[]>();
  if (corrected.length > 0) {
    const raw = await readReadingsSince(client, { sensorKeys: corrected, since: from, until: to });
    for (const [key, readings] of raw) {
      const summary = summarizeReadings(applySensorCorrections(readings, corrections.get(key)!), { from, bucketMs });
      if (summary.length > 0) out.set(key, summary);
    }
  }
  return out;
}
