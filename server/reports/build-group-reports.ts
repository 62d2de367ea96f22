import { combineFigures } from "./combine-figures";
import type { Figures } from "./report-figures";
import { completenessOf, coverageFigures, figuresOf, type GroupReportRow, type SensorReportRow } from "./report-rows";
import type { SensorStatus } from "./sensor-status-at";

export interface SensorWindowResult {
  sensorKey: string;
  infraType: string;
  region: string;
  expected: number;
  figures: Figures;
  status: SensorStatus;
  alertsWarning: number;
  alertsCritical: number;
}

/** Folds per-sensor results of one window into one report per (infraType, region), sensors sorted by key. */
export function buildGroupReports(results: readonly SensorWindowResult[]): GroupReportRow[] {
  const groups = new Map<string, SensorWindowResult[]>();
  for (const r of results) {
    const key = JSON.stringify([r.infraType, r.region]);
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  return [...groups.values()].map((members) => {
    const sensors: SensorReportRow[] = members
      .map((m) => ({
        sensorKey: m.sensorKey,
        readings: m.figures.count,
        expected: m.expected,
        completeness: completenessOf(m.figures.count, m.expected),
        min: m.figures.min,
        mean: m.figures.mean,
        max: m.figures.max,
        stddev: m.figures.stddev,
        p95: m.figures.p95,
        status: m.status,
        alertsWarning: m.alertsWarning,
        alertsCritical: m.alertsCritical,
      }))
      .sort((a, b) => (a.sensorKey < b.sensorKey ? -1 : 1));
    return groupRowFromSensors(members[0].infraType, members[0].region, sensors);
  });
}

/** A group's figures from its sensors' lines: pooled statistics, capped completeness, status and alert tallies. */
export function groupRowFromSensors(infraType: string, region: string, sensors: SensorReportRow[]): GroupReportRow {
  const figures = combineFigures(sensors.map(figuresOf));
  const expected = sensors.reduce((n, s) => n + s.expected, 0);
  const covered = sensors.reduce((n, s) => n + (s.completeness ?? 0) * s.expected, 0);
  const count = (status: SensorStatus) => sensors.filter((s) => s.status === status).length;
  return {
    infraType,
    region,
    sensorCount: sensors.length,
    ...coverageFigures(figures, expected, covered),
    sensorsOk: count("ok"),
    sensorsLate: count("late"),
    sensorsSilent: count("silent"),
    alertsWarning: sensors.reduce((n, s) => n + s.alertsWarning, 0),
    alertsCritical: sensors.reduce((n, s) => n + s.alertsCritical, 0),
    sensors,
  };
}
