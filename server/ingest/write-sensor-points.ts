import { Point } from "@influxdata/influxdb-client";
import type { InfluxClient } from "../influx/influx-client";

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
 * Kept private to ingestion and imports until the shared readings layer takes over.
 */
export async function writeSensorPoints(client: InfluxClient, options: { points: SensorPoint[] }): Promise<void> {
  const { points } = options;
  for (let start = 0; start < points.length; start += BATCH) {
    const lines = points.slice(start, start + BATCH).map((p) =>
      new Point("reading")
        .tag("sensor", p.sensor.key)
        .tag("quantity", p.sensor.quantity)
        .tag("infra_type", p.sensor.infraType)
        .tag("region", p.sensor.region)
        .tag("site", p.sensor.site)
        .floatField("value", p.value)
        .timestamp(p.timeNs.toString()),
    );
    await client.write(lines, "ns");
  }
}
