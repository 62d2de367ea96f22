import { quoteExactRegex, quoteIdentifier } from "./influxql";
import { readingTags } from "./readings-schema";
import { encodeTagValue } from "./tag-value-codec";

/**
 * Sensors per query. The query travels in the request body, so the limit is InfluxDB's work, not
 * the URL: one anchored regex of 1,000 keys is matched against the tag index in a few milliseconds.
 */
export const SENSORS_PER_QUERY = 1_000;

/**
 * `"sensor" =~ /^(?:a|b)$/`, every key escaped. An anchored alternation rather than `= 'a' OR = 'b'`:
 * InfluxDB 1.x plans a long OR in time quadratic in its length (1,000 keys: 240 ms against 55 ms).
 */
export function sensorFilter(sensorKeys: readonly string[]): string {
  if (sensorKeys.length === 0) throw new Error("sensorFilter needs at least one sensor");
  return `${quoteIdentifier(readingTags.sensor)} =~ ${quoteExactRegex(sensorKeys.map(encodeTagValue))}`;
}

export function inChunks<T>(items: readonly T[], size = SENSORS_PER_QUERY): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
