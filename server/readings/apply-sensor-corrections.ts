import { readingsOf, seriesOf, type Reading, type ReadingSeries } from "../anomaly/detectors/detector";
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
 * A lookup for "is this time flagged": the flags merged into sorted, disjoint ranges, found by binary
 * search. QC writes many more flags than people do, and a linear test per reading would grow with them.
 */
export function flaggedTimes(flags: readonly FlaggedRange[]): (time: number) => boolean {
  if (flags.length === 0) return () => false;
  const sorted = [...flags].sort((a, b) => a.from - b.from);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const f of sorted) {
    const last = ends.length - 1;
    if (last >= 0 && f.from <= ends[last]) ends[last] = Math.max(ends[last], f.to);
    else {
      starts.push(f.from);
      ends.push(f.to);
    }
  }
  return (time) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] > time) hi = mid - 1;
      else if (ends[mid] < time) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/**
 * The one place readings become what readers see: each value calibrated with the calibration in
 * effect at its time (raw before the first), and readings inside a flagged range left out.
 */
export function applySeriesCorrections(series: ReadingSeries, corrections: SensorCorrections): ReadingSeries {
  const { times, values } = series;
  const isFlagged = flaggedTimes(corrections.flags);
  const out = { times: new Float64Array(times.length), values: new Float64Array(times.length) };
  let kept = 0;
  for (let i = 0; i < times.length; i++) {
    const time = times[i];
    if (isFlagged(time)) continue;
    out.times[kept] = time;
    out.values[kept++] = calibrate(values[i], calibrationAt(corrections.calibrations, time));
  }
  return kept === times.length ? out : { times: out.times.slice(0, kept), values: out.values.slice(0, kept) };
}

/** applySeriesCorrections for a few readings held as objects. */
export function applySensorCorrections(readings: readonly Reading[], corrections: SensorCorrections): Reading[] {
  return readingsOf(applySeriesCorrections(seriesOf(readings), corrections));
}

/** Every reading calibrated, the flagged ones kept and marked: for a chart that shows what a flag leaves out. */
export function markSensorCorrections(readings: readonly Reading[], corrections: SensorCorrections): { kept: Reading[]; flagged: Reading[] } {
  const kept: Reading[] = [];
  const flagged: Reading[] = [];
  const isFlagged = flaggedTimes(corrections.flags);
  for (const reading of readings) {
    const value = calibrate(reading.value, calibrationAt(corrections.calibrations, reading.time));
    (isFlagged(reading.time) ? flagged : kept).push({ time: reading.time, value });
  }
  return { kept, flagged };
}
