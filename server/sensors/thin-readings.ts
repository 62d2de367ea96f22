import type { Reading } from "../anomaly/detectors/detector";

/** At most maxPoints: the lowest and highest reading of each time bucket, in time order, so spikes survive. */
export function thinReadings(readings: readonly Reading[], maxPoints: number): Reading[] {
  if (readings.length <= maxPoints) return [...readings];
  const perBucket = Math.ceil(readings.length / Math.floor(maxPoints / 2));
  const out: Reading[] = [];
  for (let i = 0; i < readings.length; i += perBucket) {
    const bucket = readings.slice(i, i + perBucket);
    let lo = bucket[0];
    let hi = bucket[0];
    for (const r of bucket) {
      if (r.value < lo.value) lo = r;
      if (r.value > hi.value) hi = r;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.time < hi.time ? [lo, hi] : [hi, lo]));
  }
  return out;
}
