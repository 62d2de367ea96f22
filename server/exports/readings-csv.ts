import type { Reading } from "../anomaly/detectors/detector";

export const READINGS_CSV_HEADER = "time,sensor_key,value,unit\n";

const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Rows of one sensor's readings: time in ISO-8601 UTC, key and unit quoted only when they need it. */
export function readingsCsvRows(sensor: { key: string; unit: string }, readings: readonly Reading[]): string {
  const tail = `,${field(sensor.unit)}\n`;
  const key = field(sensor.key);
  let out = "";
  for (const r of readings) out += `${new Date(r.time).toISOString()},${key},${r.value}${tail}`;
  return out;
}

/** A safe, stable file name for a quantity's CSV inside the zip. */
export function quantityEntryName(quantity: string): string {
  return `${quantity.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^\.+/, "_") || "unknown"}.csv`;
}
