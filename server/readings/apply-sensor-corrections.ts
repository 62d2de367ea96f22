import type { Reading } from "../anomaly/detectors/detector";
import { calibrate, calibrationAt, type CalibrationSpan } from "./calibration";

export interface FlaggedRange {
  /** Epoch ms, both inclusive. */
  from: number;
  to: number;
}

export interface SensorCorrections {
  calibrations: readonly CalibrationSpan[];
  flags: readonly FlaggedRange[];
}

export function isFlaggedAt(flags: readonly FlaggedRange[], time: number): boolean {
  return flags.some((f) => time >= f.from && time <= f.to);
}

/** The same flag as a half-open range [from, to + 1): readings carry whole milliseconds, so it leaves out exactly the same readings. */
export function flaggedInterval(flag: FlaggedRange): { from: number; to: number } {
  return { from: flag.from, to: flag.to + 1 };
}

/**
 * The one place readings become what readers see: each value calibrated with the calibration in
 * effect at its time (raw before the first), and readings inside a flagged range left out.
 */
export function applySensorCorrections(readings: readonly Reading[], corrections: SensorCorrections): Reading[] {
  const out: Reading[] = [];
  for (const reading of readings) {
    if (isFlaggedAt(corrections.flags, reading.time)) continue;
    out.push({ time: reading.time, value: calibrate(reading.value, calibrationAt(corrections.calibrations, reading.time)) });
  }
  return out;
}
