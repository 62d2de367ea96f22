import { describe, expect, it } from "vitest";
import { emptyBuckets, LATENCY_BUCKETS_MS, mergeBuckets, percentiles, quantile, recordLatency } from "./latency-histogram";

describe("latency histogram", () => {
  it("puts a value in the first bucket whose bound is not below it", () => {
    const counts = emptyBuckets();
    recordLatency(counts, 0);
    recordLatency(counts, 1);
    recordLatency(counts, 1.5);
    recordLatency(counts, 10_000_000);
    expect(counts[0]).toBe(2);
    expect(counts[1]).toBe(1);
    expect(counts[LATENCY_BUCKETS_MS.length]).toBe(1);
  });

  it("has no quantile without samples", () => {
    expect(quantile(emptyBuckets(), 0.5)).toBeNull();
  });

  it("interpolates inside the bucket that holds the rank", () => {
    const counts = emptyBuckets();
    // 100 samples in (50, 100]: the median sits half-way through that bucket.
    for (let i = 0; i < 100; i++) recordLatency(counts, 75);
    expect(quantile(counts, 0.5)).toBe(75);
    expect(quantile(counts, 0.99)).toBe(99.5);
  });

  it("separates a slow tail from the body", () => {
    const counts = emptyBuckets();
    for (let i = 0; i < 95; i++) recordLatency(counts, 3);
    for (let i = 0; i < 5; i++) recordLatency(counts, 4_000);
    const p = percentiles(counts);
    expect(p.p50).toBeGreaterThan(2);
    expect(p.p50).toBeLessThanOrEqual(5);
    expect(p.p99).toBeGreaterThan(2_500);
    expect(p.p99).toBeLessThanOrEqual(5_000);
  });

  it("merges counts from several workers", () => {
    const a = emptyBuckets();
    const b = emptyBuckets();
    recordLatency(a, 3);
    recordLatency(b, 3);
    recordLatency(b, 700);
    expect(mergeBuckets(a, b).reduce((x, y) => x + y, 0)).toBe(3);
  });
});
