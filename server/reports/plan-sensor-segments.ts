import { identityCalibration, type Calibration } from "./calibrate-aggregates";

export interface CalibrationChange extends Calibration {
  effectiveFrom: number;
}

export interface TimeRange {
  from: number;
  to: number;
}

export interface SensorSegment extends TimeRange, Calibration {}

/**
 * The parts of [from, to) whose readings count for a sensor: the window minus its flagged
 * ranges, split where the calibration changes, each with the calibration in effect. InfluxDB
 * 1.x cannot OR time conditions, so each part becomes its own `time >= a AND time < b` clause.
 */
export function planSensorSegments(options: { from: number; to: number; calibrations: readonly CalibrationChange[]; flags: readonly TimeRange[] }): SensorSegment[] {
  const calibrations = [...options.calibrations].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  const calibrationAt = (t: number): Calibration => {
    let current = identityCalibration;
    for (const c of calibrations) if (c.effectiveFrom <= t) current = c;
    return current;
  };
  const cuts = new Set<number>([options.from, options.to]);
  for (const c of calibrations) if (c.effectiveFrom > options.from && c.effectiveFrom < options.to) cuts.add(c.effectiveFrom);
  for (const f of options.flags) {
    if (f.from > options.from && f.from < options.to) cuts.add(f.from);
    if (f.to > options.from && f.to < options.to) cuts.add(f.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: SensorSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    if (options.flags.some((f) => f.from <= from && f.to >= to)) continue;
    const { slope, offset } = calibrationAt(from);
    const last = segments[segments.length - 1];
    // Neighbouring pieces under the same calibration stay one range.
    if (last && last.to === from && last.slope === slope && last.offset === offset) last.to = to;
    else segments.push({ from, to, slope, offset });
  }
  return segments;
}
