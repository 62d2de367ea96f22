import type { Reading } from "../anomaly/detectors/detector";
import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier } from "./influxql";
import { queryReadings } from "./query-readings";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "./readings-schema";
import { inChunks, sensorFilter } from "./sensor-filter";

/** The newest raw reading of each sensor that has one: one query per chunk of sensors. */
export async function lastReadings(client: InfluxClient, options: { sensorKeys: readonly string[] }): Promise<Map<string, Reading>> {
  const out = new Map<string, Reading>();
  for (const chunk of inChunks([...new Set(options.sensorKeys)])) {
    const q =
      `SELECT last(${quoteIdentifier(READING_FIELD)}) AS ${quoteIdentifier("value")} FROM ${quoteIdentifier(READING_MEASUREMENT)}` +
      ` WHERE ${sensorFilter(chunk)} GROUP BY ${quoteIdentifier(readingTags.sensor)}`;
    const [seriesBySensor] = await queryReadings(client, [q]);
    for (const series of seriesBySensor) {
      const [time, value] = series.values[0] ?? [];
      if (typeof value === "number") out.set(series.sensorKey, { time: time as number, value });
    }
  }
  return out;
}
