import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { buildGroupReports } from "./build-group-reports";
import { loadReportSensors, type ReportSensorInfo } from "./load-report-sensors";
import { readWindowAggregates } from "./read-window-aggregates";
import { windowEndOf } from "./report-windows";
import { sensorStatusAt } from "./sensor-status-at";
import type { WriteReportWindowOptions } from "./write-report-window";

export interface ComputeWindowReportOptions {
  influx: InfluxClient;
  windowStart: number;
  /** The registry snapshot of the run; loaded for this window when absent. */
  sensors?: readonly ReportSensorInfo[];
  chunkSize?: number;
}

async function alertCounts(db: Db, from: number, to: number, sensorKeys: string[]) {
  const rows = await db.alert.groupBy({
    by: ["sensorKey", "severity"],
    where: { at: { gte: new Date(from), lt: new Date(to) }, sensorKey: { in: sensorKeys } },
    _count: { _all: true },
  });
  const counts = new Map<string, { warning: number; critical: number }>();
  for (const r of rows) {
    const entry = counts.get(r.sensorKey) ?? counts.set(r.sensorKey, { warning: 0, critical: 0 }).get(r.sensorKey)!;
    if (r.severity === "critical") entry.critical += r._count._all;
    else entry.warning += r._count._all;
  }
  return counts;
}

/** The 5-minute reports of one window, read and computed but not stored: aggregates from InfluxDB, status, alerts, grouped. */
export async function computeWindowReport(db: Db, options: ComputeWindowReportOptions): Promise<WriteReportWindowOptions & { sensorCount: number }> {
  const from = options.windowStart;
  const to = windowEndOf("5m", from);
  const sensors = options.sensors ?? (await loadReportSensors(db, { from, to }));
  const [aggregates, alerts] = await Promise.all([
    readWindowAggregates(options.influx, { from, to, sensors, chunkSize: options.chunkSize }),
    alertCounts(db, from, to, sensors.map((s) => s.key)),
  ]);
  const groups = buildGroupReports(
    sensors.map((s) => {
      const result = aggregates.perSensor.get(s.key)!;
      return {
        sensorKey: s.key,
        infraType: s.infraType,
        region: s.region,
        expected: (to - from) / (s.intervalSeconds * 1000),
        figures: result.figures,
        status: sensorStatusAt({ at: to, lastReadingAt: result.lastReadingAt, intervalSeconds: s.intervalSeconds }),
        alertsWarning: alerts.get(s.key)?.warning ?? 0,
        alertsCritical: alerts.get(s.key)?.critical ?? 0,
      };
    }),
  );
  return { resolution: "5m", windowStart: from, windowEnd: to, groups, rawReadings: aggregates.rawReadings, sensorCount: sensors.length };
}
