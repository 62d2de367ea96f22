import type { Reading } from "../anomaly/detectors/detector";
import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { queryReadings } from "./query-readings";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "./readings-schema";
import { inChunks, sensorFilter } from "./sensor-filter";

export interface ReadReadingsSinceOptions {
  sensorKeys: readonly string[];
  /** Exclusive, epoch ms. */
  since: number;
  /** Inclusive, epoch ms; open-ended when absent. */
  until?: number;
}

/** Raw readings of many sensors with since < time <= until, in time order: one query per chunk of sensors. */
export async function readReadingsSince(client: InfluxClient, options: ReadReadingsSinceOptions): Promise<Map<string, Reading[]>> {
  const out = new Map<string, Reading[]>();
  const keys = [...new Set(options.sensorKeys)];
  for (const chunk of inChunks(keys)) {
    const until = options.until === undefined ? "" : ` AND time <= ${timeLiteral(options.until)}`;
    const q =
      `SELECT ${quoteIdentifier(READING_FIELD)} FROM ${quoteIdentifier(READING_MEASUREMENT)}` +
      ` WHERE ${sensorFilter(chunk)} AND time > ${timeLiteral(options.since)}${until}` +
      ` GROUP BY ${quoteIdentifier(readingTags.sensor)}`;
    for (const series of await queryReadings(client, q)) {
      const list = out.get(series.sensorKey) ?? [];
      for (const [time, value] of series.values) if (typeof value === "number") list.push({ time: time as number, value });
      out.set(series.sensorKey, list);
    }
  }
  return out;
}
