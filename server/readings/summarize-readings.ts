import type { Reading } from "../anomaly/detectors/detector";
import type { ReadingAggregate } from "./aggregate-readings";

/** InfluxDB's percentile: the nearest-rank value, int(N × p / 100 + 0.5)-th of the sorted values. */
function percentile(sorted: number[], p: number): number | null {
  const rank = Math.floor((sorted.length * p) / 100 + 0.5) - 1;
  return rank < 0 || rank >= sorted.length ? null : sorted[rank];
}

function summarize(time: number, values: number[]): ReadingAggregate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  // Sample standard deviation, as InfluxDB's stddev(); undefined for a single value.
  const stddev = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : null;
  const sorted = [...values].sort((a, b) => a - b);
  return { time, count: n, min: sorted[0], mean, max: sorted[n - 1], stddev, p95: percentile(sorted, 95) };
}

/** The same statistics aggregateReadings asks InfluxDB for, computed here (for readings corrected in JS). */
export function summarizeReadings(readings: readonly Reading[], options: { from: number; bucketMs?: number }): ReadingAggregate[] {
  const buckets = new Map<number, number[]>();
  for (const r of readings) {
    const start = options.bucketMs ? Math.floor(r.time / options.bucketMs) * options.bucketMs : options.from;
    const list = buckets.get(start);
    if (list) list.push(r.value);
    else buckets.set(start, [r.value]);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([time, values]) => summarize(time, values));
}
