import { quoteIdentifier, quoteString } from "./influxql";
import { readingTags } from "./readings-schema";
import { encodeTagValue } from "./tag-value-codec";

/** Sensors per query: keeps the query text (it travels in the URL) well under server limits. */
export const SENSORS_PER_QUERY = 250;

/** `("sensor" = 'a' OR "sensor" = 'b')`, every key escaped. */
export function sensorFilter(sensorKeys: readonly string[]): string {
  if (sensorKeys.length === 0) throw new Error("sensorFilter needs at least one sensor");
  const tag = quoteIdentifier(readingTags.sensor);
  return `(${sensorKeys.map((k) => `${tag} = ${quoteString(encodeTagValue(k))}`).join(" OR ")})`;
}

export function inChunks<T>(items: readonly T[], size = SENSORS_PER_QUERY): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
