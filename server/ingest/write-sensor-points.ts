import { Point } from "@influxdata/influxdb-client";
import type { InfluxClient } from "../influx/influx-client";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "../readings/readings-schema";
import { encodeTagValue } from "../readings/tag-value-codec";

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
  for (let start = 0; start < points.length; start += BATCH) {
    const lines = points.slice(start, start + BATCH).map((p) =>
      new Point(READING_MEASUREMENT)
        .tag(readingTags.sensor, encodeTagValue(p.sensor.key))
        .tag(readingTags.quantity, encodeTagValue(p.sensor.quantity))
        .tag(readingTags.infraType, encodeTagValue(p.sensor.infraType))
        .tag(readingTags.region, encodeTagValue(p.sensor.region))
        .tag(readingTags.site, encodeTagValue(p.sensor.site))
        .floatField(READING_FIELD, p.value)
        .timestamp(p.timeNs.toString()),
    );
    await client.write(lines, "ns");
  }
}
