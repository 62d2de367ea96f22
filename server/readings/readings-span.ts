import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { queryReadings } from "./query-readings";
import { READING_FIELD, READING_MEASUREMENT } from "./readings-schema";
import { sensorFilter } from "./sensor-filter";

/**
 * The first and last reading times (epoch ms) of some sensors within [from, to), or null when there
 * are none: two index lookups, so a long period can be walked only where readings exist.
 */
export async function readingsSpan(
  client: InfluxClient,
  options: { sensorKeys: readonly string[]; from: number; to: number },
): Promise<{ first: number; last: number } | null> {
  if (options.sensorKeys.length === 0) return null;
  const where = ` FROM ${quoteIdentifier(READING_MEASUREMENT)} WHERE ${sensorFilter(options.sensorKeys)} AND time >= ${timeLiteral(options.from)} AND time < ${timeLiteral(options.to)}`;
  const field = quoteIdentifier(READING_FIELD);
  const [first, last] = await queryReadings(client, [`SELECT first(${field})${where}`, `SELECT last(${field})${where}`], { missingDatabaseIsEmpty: true });
  const time = (series: typeof first) => series[0]?.values[0]?.[0];
  const a = time(first);
  const b = time(last);
  return typeof a === "number" && typeof b === "number" ? { first: a, last: b } : null;
}
