const HOUR_MS = 60 * 60_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** Readings one InfluxDB query of an export returns at most at the sensor's own rate (~1 MB of CSV). */
const READINGS_PER_QUERY = 20_000;

/** The time span an export reads per query for a sensor: ~20,000 readings at its interval, 1 hour to 7 days. */
export function exportChunkMs(intervalSeconds: number): number {
  return Math.min(WEEK_MS, Math.max(HOUR_MS, intervalSeconds * 1000 * READINGS_PER_QUERY));
}
