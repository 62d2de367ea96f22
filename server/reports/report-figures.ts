import type { ReadingStatistics } from "../readings/aggregate-readings";

/** The statistics every report carries, for one sensor, one group or one rollup: those of its readings. */
export type Figures = ReadingStatistics;

export const emptyFigures: Figures = { count: 0, mean: null, min: null, max: null, stddev: null, p95: null };
