import type { Reading } from "../anomaly/detectors/detector";
import { csvField } from "../http/csv";

export const READINGS_CSV_HEADER = "time,sensor_key,value,unit\n";

/**
 * Rows of one sensor's readings: time in ISO-8601 UTC; key and unit are free text (an ingest source
 * may register any key), so they are quoted and formula-defused as in every CSV the console serves.
 */
export function readingsCsvRows(sensor: { key: string; unit: string }, readings: readonly Reading[]): string {
  const tail = `,${csvField(sensor.unit)}\n`;
  const key = csvField(sensor.key);
  let out = "";
  for (const r of readings) out += `${new Date(r.time).toISOString()},${key},${r.value}${tail}`;
  return out;
}

/** A safe, stable file name for a quantity's CSV inside the zip. */
export function quantityEntryName(quantity: string): string {
  return `${quantity.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^\.+/, "_") || "unknown"}.csv`;
}
