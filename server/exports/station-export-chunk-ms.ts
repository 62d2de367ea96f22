const HOUR_MS = 60 * 60_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** Readings one query of a station export returns at most, over all its points (~1 MB of text). */
const READINGS_PER_QUERY = 20_000;

/** The time span a station export reads per query: ~20,000 readings over its points at the fastest interval, 1 hour to 7 days. */
export function stationExportChunkMs(points: ReadonlyArray<{ intervalSeconds: number }>): number {
  const fastest = Math.min(...points.map((p) => p.intervalSeconds), 3600);
  const perPoint = Math.ceil(READINGS_PER_QUERY / Math.max(1, points.length));
  return Math.min(WEEK_MS, Math.max(HOUR_MS, fastest * 1000 * perPoint));
}
