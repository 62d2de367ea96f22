import { Point } from "@influxdata/influxdb-client";
import { DomainError } from "../errors";
import type { InfluxClient } from "../influx/influx-client";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "./readings-schema";
import { encodeTagValue } from "./tag-value-codec";
import { withInfluxRetry } from "./with-influx-retry";

export interface ReadingPoint {
  sensorKey: string;
  /** Epoch milliseconds. */
  time: number;
  value: number;
  quantity?: string;
  infraType?: string;
  region?: string;
  site?: string;
}

export interface WriteReadingsOptions {
  points: readonly ReadingPoint[];
  /** Points per HTTP write; InfluxDB recommends 5,000–10,000. */
  batchSize?: number;
}

function toPoint(p: ReadingPoint): Point {
  const point = new Point(READING_MEASUREMENT).tag(readingTags.sensor, encodeTagValue(p.sensorKey)).floatField(READING_FIELD, p.value).timestamp(String(Math.trunc(p.time)));
  for (const [name, value] of [[readingTags.quantity, p.quantity], [readingTags.infraType, p.infraType], [readingTags.region, p.region], [readingTags.site, p.site]] as const) {
    if (value) point.tag(name, encodeTagValue(value));
  }
  return point;
}

/** Writes readings in batches (Point escapes line protocol); a batch with a non-finite value or time is refused whole, before anything is written. */
export async function writeReadings(client: InfluxClient, options: WriteReadingsOptions): Promise<{ written: number; batches: number }> {
  const batchSize = options.batchSize ?? 5_000;
  const bad = options.points.find((p) => !Number.isFinite(p.value) || !Number.isFinite(p.time) || !p.sensorKey);
  if (bad) throw new DomainError("INVALID", `Invalid reading for sensor "${bad.sensorKey}" at ${bad.time}: ${bad.value}`, { sensorKey: bad.sensorKey });
  let batches = 0;
  for (let i = 0; i < options.points.length; i += batchSize) {
    const lines = options.points.slice(i, i + batchSize).map(toPoint);
    await withInfluxRetry("write readings", () => client.write(lines, "ms"));
    batches++;
  }
  return { written: options.points.length, batches };
}
