/** The statistics every report carries, for one sensor, one group or one rollup. */
export interface Figures {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Sample standard deviation (n − 1), as InfluxQL's stddev(). */
  stddev: number | null;
  p95: number | null;
}

export const emptyFigures: Figures = { count: 0, mean: null, min: null, max: null, stddev: null, p95: null };
