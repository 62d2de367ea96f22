import type { Figures } from "./report-figures";
import type { SensorStatus } from "./sensor-status-at";

/** The figures every report line has, a sensor's or a group's. */
export interface CoverageFigures {
  readings: number;
  expected: number;
  completeness: number | null;
  min: number | null;
  mean: number | null;
  max: number | null;
  stddev: number | null;
  p95: number | null;
}

/** Readings and their statistics, with completeness as the share of expected readings covered. */
export function coverageFigures(figures: Figures, expected: number, covered: number): CoverageFigures {
  return {
    readings: figures.count,
    expected,
    completeness: expected > 0 ? covered / expected : null,
    min: figures.min,
    mean: figures.mean,
    max: figures.max,
    stddev: figures.stddev,
    p95: figures.p95,
  };
}

/** One sensor's line of a group report, as stored in ReportSensor. */
export interface SensorReportRow extends CoverageFigures {
  sensorKey: string;
  status: SensorStatus;
  alertsWarning: number;
  alertsCritical: number;
}

/** One (infraType, region) group's report for one window, as stored in Report, with its sensors. */
export interface GroupReportRow extends CoverageFigures {
  infraType: string;
  region: string;
  sensorCount: number;
  sensorsOk: number;
  sensorsLate: number;
  sensorsSilent: number;
  alertsWarning: number;
  alertsCritical: number;
  sensors: SensorReportRow[];
}

/** Received over expected, capped at 1 so a sensor that over-reports cannot hide another's gap. */
export function completenessOf(readings: number, expected: number): number | null {
  return expected > 0 ? Math.min(1, readings / expected) : null;
}

export function figuresOf(row: Pick<SensorReportRow, "readings" | "min" | "mean" | "max" | "stddev" | "p95">): Figures {
  return { count: row.readings, mean: row.mean, min: row.min, max: row.max, stddev: row.stddev, p95: row.p95 };
}
