import type { InfluxClient } from "../influx/influx-client";
import { readingTags } from "./readings-schema";
import { decodeTagValue } from "./tag-value-codec";
import { withInfluxRetry } from "./with-influx-retry";

export interface SensorSeries {
  sensorKey: string;
  columns: string[];
  values: unknown[][];
}

/** Runs one InfluxQL statement grouped by sensor, with bounded retry; sensor keys come back decoded. */
export async function queryReadings(client: InfluxClient, influxQL: string): Promise<SensorSeries[]> {
  const result = await withInfluxRetry("query readings", () => client.query(influxQL));
  const series = result.results?.[0]?.series ?? [];
  return series.map((s) => ({ sensorKey: decodeTagValue(s.tags?.[readingTags.sensor] ?? ""), columns: s.columns, values: s.values }));
}
