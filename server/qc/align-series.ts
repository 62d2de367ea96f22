import type { QcSeries } from "./tests/qc-test";

/** Another sensor's values at `times` (same stamps only, as loggers of one station share them); NaN where it has none. */
export function alignTo(times: Float64Array, other: QcSeries): Float64Array {
  const out = new Float64Array(times.length).fill(Number.NaN);
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < other.times.length && other.times[j] < times[i]) j++;
    if (j < other.times.length && other.times[j] === times[i]) out[i] = other.values[j];
  }
  return out;
}

/** Per index, the median of the non-NaN values of several aligned series; NaN where none has one. */
export function medianOf(series: readonly Float64Array[], length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN);
  const buf: number[] = [];
  for (let i = 0; i < length; i++) {
    buf.length = 0;
    for (const s of series) if (!Number.isNaN(s[i])) buf.push(s[i]);
    if (buf.length === 0) continue;
    buf.sort((a, b) => a - b);
    const mid = buf.length >> 1;
    out[i] = buf.length % 2 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
  }
  return out;
}
