import { emptyFigures, type Figures } from "./report-figures";

/** Aggregates of raw values over one segment with one calibration; p5 is what p95 becomes under a negative slope. */
export interface RawAggregates extends Figures {
  p5: number | null;
}

export interface Calibration {
  slope: number;
  offset: number;
}

export const identityCalibration: Calibration = { slope: 1, offset: 0 };

/**
 * Maps aggregates of raw values through calibrated = slope × raw + offset. A linear map keeps
 * mean and order statistics; a negative slope reverses order (min ↔ max, p95 ← p5) and
 * scales the spread by |slope|. Fold into server/readings at merge.
 */
export function calibrateAggregates(raw: RawAggregates, calibration: Calibration): Figures {
  if (raw.count === 0) return { ...emptyFigures };
  const { slope, offset } = calibration;
  const map = (v: number | null) => (v === null ? null : slope * v + offset);
  const reversed = slope < 0;
  // InfluxQL's nearest-rank percentile gives null when the rank falls off the ends of a small sample.
  const p95 = raw.p95 ?? raw.max;
  const p5 = raw.p5 ?? raw.min;
  return {
    count: raw.count,
    mean: map(raw.mean),
    min: map(reversed ? raw.max : raw.min),
    max: map(reversed ? raw.min : raw.max),
    stddev: raw.stddev === null ? null : Math.abs(slope) * raw.stddev,
    p95: map(reversed ? p5 : p95),
  };
}
