import { flaggedInterval, type SensorCorrections } from "./apply-sensor-corrections";
import { calibrationAt, type Calibration } from "./calibration";

/** Epoch ms, [from, to). */
export interface TimeRange {
  from: number;
  to: number;
}

export interface SensorSegment extends TimeRange, Calibration {}

/**
 * applySensorCorrections over a time range rather than single readings: the parts of [from, to)
 * whose readings count for a sensor (the range minus its flagged ranges), split where the calibration
 * changes, each with the calibration in effect, so each part's statistics can be computed inside
 * InfluxDB and calibrated as a whole. InfluxDB 1.x cannot OR time conditions, so each part becomes
 * its own `time >= a AND time < b` clause.
 */
export function planSensorSegments(options: TimeRange & SensorCorrections): SensorSegment[] {
  const flagged = options.flags.map(flaggedInterval);
  const cuts = new Set<number>([options.from, options.to]);
  for (const c of options.calibrations) if (c.effectiveFrom > options.from && c.effectiveFrom < options.to) cuts.add(c.effectiveFrom);
  for (const f of flagged) {
    if (f.from > options.from && f.from < options.to) cuts.add(f.from);
    if (f.to > options.from && f.to < options.to) cuts.add(f.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: SensorSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    if (flagged.some((f) => f.from <= from && f.to >= to)) continue;
    const { slope, offset } = calibrationAt(options.calibrations, from);
    const last = segments[segments.length - 1];
    // Neighbouring pieces under the same calibration stay one range.
    if (last && last.to === from && last.slope === slope && last.offset === offset) last.to = to;
    else segments.push({ from, to, slope, offset });
  }
  return segments;
}
