import type { Reading } from "../anomaly/detectors/detector";

export interface CalibrationSpan {
  slope: number;
  offset: number;
  /** Epoch ms; in effect until the next span's start. */
  effectiveFrom: number;
}

export interface FlaggedRange {
  /** Epoch ms, both inclusive. */
  from: number;
  to: number;
}

export interface SensorCorrections {
  calibrations: readonly CalibrationSpan[];
  flags: readonly FlaggedRange[];
}

/**
 * The one place readings become what readers see: each value × slope + offset of the calibration in
 * effect at its time (raw before the first), and readings inside a flagged range left out.
 * `readings` must be in time order.
 */
export function applySensorCorrections(readings: readonly Reading[], corrections: SensorCorrections): Reading[] {
  const spans = [...corrections.calibrations].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  const flags = corrections.flags;
  const out: Reading[] = [];
  let next = 0;
  let current: CalibrationSpan | undefined;
  for (const reading of readings) {
    while (next < spans.length && spans[next].effectiveFrom <= reading.time) current = spans[next++];
    if (flags.some((f) => reading.time >= f.from && reading.time <= f.to)) continue;
    out.push(current ? { time: reading.time, value: reading.value * current.slope + current.offset } : reading);
  }
  return out;
}
