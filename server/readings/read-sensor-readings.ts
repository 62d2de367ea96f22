import type { Reading } from "../anomaly/detectors/detector";
import type { Db } from "../db";
import { influx, type InfluxClient } from "../influx/influx-client";
import { applySeriesCorrections } from "./apply-sensor-corrections";
import { loadSensorCorrections } from "./load-sensor-corrections";
import { prefetched } from "./prefetched";
import { collectReadings, readReadingsChunk, type ReadingsChunk } from "./read-readings-since";
import { inChunks } from "./sensor-filter";

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

/**
 * What every reader of readings gets: calibrated values with flagged ranges left out (or raw values
 * on request), a chunk of sensors at a time, the next chunk (readings and corrections) already loading.
 */
export function streamSensorReadings(db: Db, options: ReadSensorReadingsOptions): AsyncGenerator<ReadingsChunk> {
  const client = options.client ?? influx();
  const range = { since: options.from, until: options.to };
  return prefetched(
    inChunks([...new Set(options.sensorKeys)]),
    async (sensorKeys) => {
      if (options.raw) return readReadingsChunk(client, sensorKeys, range);
      const [chunk, corrections] = await Promise.all([readReadingsChunk(client, sensorKeys, range), loadSensorCorrections(db, { sensorKeys })]);
      for (const [key, series] of chunk.series) {
        const c = corrections.get(key);
        if (c) chunk.series.set(key, applySeriesCorrections(series, c));
      }
      return chunk;
    },
    2,
  );
}

/** Every chunk at once, merged. */
export function readSensorReadings(db: Db, options: ReadSensorReadingsOptions): Promise<Map<string, Reading[]>> {
  return collectReadings(streamSensorReadings(db, options));
}
