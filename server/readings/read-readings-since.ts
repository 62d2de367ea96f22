import type { Reading } from "../anomaly/detectors/detector";
import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { queryReadings } from "./query-readings";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "./readings-schema";
import { prefetched } from "./prefetched";
import { inChunks, sensorFilter } from "./sensor-filter";

export interface ReadingsRange {
  /** Exclusive, epoch ms. */
  since: number;
  /** Inclusive, epoch ms; open-ended when absent. */
  until?: number;
}

export interface ReadReadingsSinceOptions extends ReadingsRange {
  sensorKeys: readonly string[];
}

/** One chunk of sensors and the readings of those that have any (a sensor without readings is absent). */
export interface ReadingsChunk {
  sensorKeys: string[];
  readings: Map<string, Reading[]>;
}

/** One query for one chunk of sensors (at most SENSORS_PER_QUERY). */
export async function readReadingsChunk(client: InfluxClient, sensorKeys: string[], options: ReadingsRange): Promise<ReadingsChunk> {
  const until = options.until === undefined ? "" : ` AND time <= ${timeLiteral(options.until)}`;
  const q =
    `SELECT ${quoteIdentifier(READING_FIELD)} FROM ${quoteIdentifier(READING_MEASUREMENT)}` +
    ` WHERE ${sensorFilter(sensorKeys)} AND time > ${timeLiteral(options.since)}${until}` +
    ` GROUP BY ${quoteIdentifier(readingTags.sensor)}`;
  const readings = new Map<string, Reading[]>();
  const [seriesBySensor] = await queryReadings(client, [q]);
  for (const series of seriesBySensor) {
    const list = readings.get(series.sensorKey) ?? [];
    for (const [time, value] of series.values) if (typeof value === "number") list.push({ time: time as number, value });
    readings.set(series.sensorKey, list);
  }
  return { sensorKeys, readings };
}

/**
 * Raw readings of many sensors with since < time <= until, in time order, one query per chunk of
 * sensors; the next chunk's query runs while the caller works on this one.
 */
export function streamReadingsSince(client: InfluxClient, options: ReadReadingsSinceOptions): AsyncGenerator<ReadingsChunk> {
  return prefetched(inChunks([...new Set(options.sensorKeys)]), (keys) => readReadingsChunk(client, keys, options), 2);
}

/** Every chunk of a stream of readings, merged into one map. */
export async function collectReadings(chunks: AsyncIterable<ReadingsChunk>): Promise<Map<string, Reading[]>> {
  const out = new Map<string, Reading[]>();
  for await (const chunk of chunks) for (const [key, list] of chunk.readings) out.set(key, list);
  return out;
}

/** Every chunk at once, merged. */
export function readReadingsSince(client: InfluxClient, options: ReadReadingsSinceOptions): Promise<Map<string, Reading[]>> {
  return collectReadings(streamReadingsSince(client, options));
}
