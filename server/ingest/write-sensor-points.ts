import type { InfluxClient } from "../influx/influx-client";
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

/**
 * Writes readings in the standard long shape: measurement "reading", tags sensor/quantity/infra_type/
 * region/site, one float field "value", ns timestamps. The same sensor and time overwrite, so re-writing is harmless.
 * Nanosecond precision (unlike writeReadings' ms) keeps device timestamps exact; tags use the readings layer's encoding.
 */
export async function writeSensorPoints(client: InfluxClient, options: { points: SensorPoint[] }): Promise<void> {
  const { points } = options;
  const seriesKeys = new Map<SensorTags, string>();
  const seriesKeyOf = (s: SensorTags) => seriesKeys.get(s) ?? seriesKeys.set(s, readingSeriesKey({ sensor: s.key, ...s })).get(s)!;
  for (let start = 0; start < points.length; start += BATCH) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(points.length, start + BATCH); i++) lines.push(readingLine(seriesKeyOf(points[i].sensor), points[i].value, points[i].timeNs.toString()));
    await client.write(lines, "ns");
  }
}
