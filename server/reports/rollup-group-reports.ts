import { groupRowFromSensors } from "./build-group-reports";
import { combineFigures } from "./combine-figures";
import { coverageFigures, figuresOf, type GroupReportRow, type SensorReportRow } from "./report-rows";
import type { SensorStatus } from "./sensor-status-at";

export interface ChildReport {
  windowStart: Date;
  infraType: string;
  region: string;
  sensors: Array<Omit<SensorReportRow, "status"> & { status: string }>;
}

/**
 * Coarser reports from finer ones, never from raw readings: per sensor, counts and expectations
 * add up, statistics pool (combineFigures), alerts add up, and the status is the one at the
 * last child window's end, which is the rollup window's end.
 */
export function rollupGroupReports(children: readonly ChildReport[]): GroupReportRow[] {
  const ordered = [...children].sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime());
  const groups = new Map<string, { infraType: string; region: string; sensors: Map<string, Array<ChildReport["sensors"][number]>> }>();
  for (const child of ordered) {
    const key = JSON.stringify([child.infraType, child.region]);
    const group = groups.get(key) ?? groups.set(key, { infraType: child.infraType, region: child.region, sensors: new Map() }).get(key)!;
    for (const s of child.sensors) (group.sensors.get(s.sensorKey) ?? group.sensors.set(s.sensorKey, []).get(s.sensorKey)!).push(s);
  }
  return [...groups.values()].map((group) => {
    const sensors: SensorReportRow[] = [...group.sensors.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([sensorKey, parts]) => {
        const figures = combineFigures(parts.map(figuresOf));
        const expected = parts.reduce((n, p) => n + p.expected, 0);
        const covered = parts.reduce((n, p) => n + (p.completeness ?? 0) * p.expected, 0);
        return {
          sensorKey,
          ...coverageFigures(figures, expected, covered),
          status: parts[parts.length - 1].status as SensorStatus,
          alertsWarning: parts.reduce((n, p) => n + p.alertsWarning, 0),
          alertsCritical: parts.reduce((n, p) => n + p.alertsCritical, 0),
        };
      });
    return groupRowFromSensors(group.infraType, group.region, sensors);
  });
}
