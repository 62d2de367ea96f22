import type { Figures } from "./report-figures";
import type { SensorStatus } from "./sensor-status-at";

/** One sensor's line of a group report, as stored in ReportSensor. */
export interface SensorReportRow {
  sensorKey: string;
  readings: number;
  expected: number;
  completeness: number | null;
  min: number | null;
  mean: number | null;
  max: number | null;
  stddev: number | null;
  p95: number | null;
  status: SensorStatus;
  alertsWarning: number;
  alertsCritical: number;
}

/** One (infraType, region) group's report for one window, as stored in Report, with its sensors. */
export interface GroupReportRow {
  infraType: string;
  region: string;
  sensorCount: number;
  readings: number;
  expected: number;
  completeness: number | null;
  min: number | null;
  mean: number | null;
  max: number | null;
  stddev: number | null;
  p95: number | null;
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
