import { readingsOf, type Reading, type ReadingSeries } from "../anomaly/detectors/detector";
import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { queryReadings, type SensorSeries } from "./query-readings";
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
  /** Per sensor, its readings as columns: views into one pair of arrays for the whole chunk, no object per reading. */
  series: Map<string, ReadingSeries>;
}

/** One query for one chunk of sensors (at most SENSORS_PER_QUERY). */
export async function readReadingsChunk(client: InfluxClient, sensorKeys: string[], options: ReadingsRange): Promise<ReadingsChunk> {
  const until = options.until === undefined ? "" : ` AND time <= ${timeLiteral(options.until)}`;
  const q =
    `SELECT ${quoteIdentifier(READING_FIELD)} FROM ${quoteIdentifier(READING_MEASUREMENT)}` +
    ` WHERE ${sensorFilter(sensorKeys)} AND time > ${timeLiteral(options.since)}${until}` +
    ` GROUP BY ${quoteIdentifier(readingTags.sensor)}`;
  const [seriesBySensor] = await queryReadings(client, [q]);
  return { sensorKeys, series: columnsOf(seriesBySensor) };
}

/** InfluxDB's rows ([time, value], null values left out) decoded into one pair of columns, a view per sensor. */
function columnsOf(seriesBySensor: SensorSeries[]): Map<string, ReadingSeries> {
  const bySensor = new Map<string, SensorSeries[]>();
  let rows = 0;
  for (const series of seriesBySensor) {
    const list = bySensor.get(series.sensorKey);
    if (list) list.push(series);
    else bySensor.set(series.sensorKey, [series]);
    rows += series.values.length;
  }
  const times = new Float64Array(rows);
  const values = new Float64Array(rows);
  const out = new Map<string, ReadingSeries>();
  let n = 0;
  for (const [key, list] of bySensor) {
    const start = n;
    for (const series of list) {
      const rowsOf = series.values;
      for (let r = 0; r < rowsOf.length; r++) {
        const row = rowsOf[r];
        const value = row[1];
        if (typeof value !== "number") continue;
        times[n] = row[0] as number;
        values[n++] = value;
      }
    }
    out.set(key, { times: times.subarray(start, n), values: values.subarray(start, n) });
  }
  return out;
}

/**
 * Raw readings of many sensors with since < time <= until, in time order, one query per chunk of
 * sensors; the next chunk's query runs while the caller works on this one.
 */
export function streamReadingsSince(client: InfluxClient, options: ReadReadingsSinceOptions): AsyncGenerator<ReadingsChunk> {
  return prefetched(inChunks([...new Set(options.sensorKeys)]), (keys) => readReadingsChunk(client, keys, options), 2);
}

/** Every chunk of a stream of readings, merged into one map, a reading object each (for callers that keep few). */
export async function collectReadings(chunks: AsyncIterable<ReadingsChunk>): Promise<Map<string, Reading[]>> {
  const out = new Map<string, Reading[]>();
  for await (const chunk of chunks) for (const [key, series] of chunk.series) out.set(key, readingsOf(series));
  return out;
}

/** Every chunk at once, merged. */
export function readReadingsSince(client: InfluxClient, options: ReadReadingsSinceOptions): Promise<Map<string, Reading[]>> {
  return collectReadings(streamReadingsSince(client, options));
}
