/** Upper bounds (ms) of the latency buckets shared by the dashboard, the history and Prometheus. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 1_800_000];

/** Counts per bucket; the last entry counts values above the largest bound. */
export type BucketCounts = number[];

export function emptyBuckets(): BucketCounts {
  return new Array(LATENCY_BUCKETS_MS.length + 1).fill(0);
}

export function recordLatency(counts: BucketCounts, ms: number): void {
  let i = 0;
  while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]) i++;
  counts[i]++;
}

export function mergeBuckets(into: BucketCounts, from: readonly number[]): BucketCounts {
  for (let i = 0; i < into.length; i++) into[i] += from[i] ?? 0;
  return into;
}

/** The q-quantile (0–1), interpolated linearly inside its bucket; null when there are no samples. */
export function quantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (seen + counts[i] >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1];
      const upper = LATENCY_BUCKETS_MS[i] ?? LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
      const within = (rank - seen) / counts[i];
      return Math.round((lower + (upper - lower) * within) * 10) / 10;
    }
    seen += counts[i];
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1];
}

export function percentiles(counts: readonly number[]): { p50: number | null; p95: number | null; p99: number | null } {
  return { p50: quantile(counts, 0.5), p95: quantile(counts, 0.95), p99: quantile(counts, 0.99) };
}
