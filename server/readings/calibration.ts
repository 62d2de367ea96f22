import type { ReadingStatistics } from "./aggregate-readings";

export interface Calibration {
  slope: number;
  offset: number;
}

/** One entry of a sensor's calibration history. */
export interface CalibrationSpan extends Calibration {
  /** Epoch ms; in effect until the next span's start. */
  effectiveFrom: number;
}

/** What applies before a sensor's first calibration: raw values as they are. */
export const identityCalibration: Calibration = { slope: 1, offset: 0 };

/** The calibration rule, the one place it is written: calibrated = raw × slope + offset. */
export function calibrate(raw: number, calibration: Calibration): number {
  return raw * calibration.slope + calibration.offset;
}

/** The calibration in effect at `time`: the latest span starting at or before it, identity before the first. `history` in any order. */
export function calibrationAt(history: readonly CalibrationSpan[], time: number): Calibration {
  let current: CalibrationSpan | undefined;
  for (const span of history) if (span.effectiveFrom <= time && (!current || span.effectiveFrom >= current.effectiveFrom)) current = span;
  return current ?? identityCalibration;
}

/** True when calibrating reverses the order of values (min ↔ max, p95 ← p5). */
export function reversesOrder(calibration: Calibration): boolean {
  return calibration.slope < 0;
}

/** Statistics of raw values under one calibration; p5 is what p95 becomes when the order reverses. */
export interface RawAggregates extends ReadingStatistics {
  p5: number | null;
}

/**
 * Statistics of the calibrated values, from statistics of raw values under ONE calibration (a window
 * that spans a calibration change must be split first). The rule is linear, so mean and order
 * statistics map through it (order reversed under a negative slope), the spread scales by |slope|
 * and the count stays.
 */
export function calibrateAggregates(raw: RawAggregates, calibration: Calibration): ReadingStatistics {
  const map = (v: number | null) => (v === null ? null : calibrate(v, calibration));
  const reversed = reversesOrder(calibration);
  // InfluxQL's nearest-rank percentile gives null when the rank falls off the ends of a small sample.
  const p95 = raw.p95 ?? raw.max;
  const p5 = raw.p5 ?? raw.min;
  return {
    count: raw.count,
    mean: map(raw.mean),
    min: map(reversed ? raw.max : raw.min),
    max: map(reversed ? raw.min : raw.max),
    stddev: raw.stddev === null ? null : Math.abs(calibration.slope) * raw.stddev,
    p95: map(reversed ? p5 : p95),
  };
}
