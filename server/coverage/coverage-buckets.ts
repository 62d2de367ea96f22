/**
 * Coverage is kept in one-hour buckets for scans and reports alike: an hour is twelve 5-minute
 * report windows, which the report builder reads from InfluxDB in one request, and the first
 * rollup's window; for scans an hour is ~120 live scans, so a late point re-judges at most an hour.
 * A year of one scope is 8,760 rows.
 */
export const COVERAGE_BUCKET_MS = 3_600_000;

/** A backfill step: a day of one scope at most, committed (alerts or reports, ledger, progress) in one transaction. */
export const BACKFILL_CHUNK_MS = 24 * COVERAGE_BUCKET_MS;

export const bucketStartOf = (time: number) => Math.floor(time / COVERAGE_BUCKET_MS) * COVERAGE_BUCKET_MS;
export const bucketCeil = (time: number) => Math.ceil(time / COVERAGE_BUCKET_MS) * COVERAGE_BUCKET_MS;

/** A report group's scope in the ledger. */
export const reportScopeOf = (infraType: string, region: string) => `${infraType}/${region}`;

/** Report rebuilds build every group of a window at once, so they have one scope. */
export const REPORT_REBUILD_SCOPE = "*";

/** Bucket starts overlapping [from, to). */
export function bucketsBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = bucketStartOf(from); t < to; t += COVERAGE_BUCKET_MS) out.push(t);
  return out;
}
