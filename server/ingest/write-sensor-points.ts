import type { InfluxClient } from "../influx/influx-client";
import type { ReadingColumns } from "../readings/reading-columns";
import { readingLine, readingSeriesKey } from "../readings/reading-line";

/** The tags every reading carries, from the sensor's row. */
export interface SensorTags {
  key: string;
  quantity: string;
  infraType: string;
  region: string;
  site: string;
}

export interface SensorPoint {
  sensor: SensorTags;
  /** Nanoseconds since the epoch, exact. */
  timeNs: bigint;
  value: number;
}

const BATCH = 5_000;

/** Sends `count` lines in batches of BATCH (the main loop is free between batches while InfluxDB answers). */
async function writeLines(client: InfluxClient, count: number, lineAt: (i: number) => string): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) lines.push(lineAt(i));
    await client.write(lines, "ns");
  }
}

/**
 * Writes readings in the standard long shape: measurement "reading", tags sensor/quantity/infra_type/
 * region/site, one float field "value", ns timestamps. The same sensor and time overwrite, so re-writing is harmless.
 * Nanosecond precision (unlike writeReadings' ms) keeps device timestamps exact; tags use the readings layer's encoding.
 */
export async function writeSensorPoints(client: InfluxClient, options: { points: SensorPoint[] }): Promise<void> {
  const { points } = options;
  const seriesKeys = new Map<SensorTags, string>();
  const seriesKeyOf = (s: SensorTags) => seriesKeys.get(s) ?? seriesKeys.set(s, readingSeriesKey({ sensor: s.key, ...s })).get(s)!;
  await writeLines(client, points.length, (i) => readingLine(seriesKeyOf(points[i].sensor), points[i].value, points[i].timeNs.toString()));
}

/** writeSensorPoints for a batch held as columns; `sensors[k]` holds the tags of `readings.keys[k]`. */
export async function writeReadingColumns(client: InfluxClient, options: { readings: ReadingColumns; sensors: readonly SensorTags[] }): Promise<void> {
  const { readings } = options;
  const seriesKeys = options.sensors.map((s) => readingSeriesKey({ sensor: s.key, ...s }));
  await writeLines(client, readings.keyIndex.length, (i) => readingLine(seriesKeys[readings.keyIndex[i]], readings.values[i], readings.timesNs[i].toString()));
}
