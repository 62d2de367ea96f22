import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { buildGroupReports } from "./build-group-reports";
import { loadReportSensors, type ReportSensorInfo } from "./load-report-sensors";
import { readWindowAggregates } from "./read-window-aggregates";
import { fixedLengthMs } from "./report-windows";
import { sensorStatusAt } from "./sensor-status-at";
import type { WriteReportWindowOptions } from "./write-report-window";

const W = fixedLengthMs["5m"];

export interface ComputeWindowReportsOptions {
  influx: InfluxClient;
  /** Consecutive 5-minute window starts. */
  windowStarts: readonly number[];
  /** The registry snapshot of the run; loaded for these windows when absent. */
  sensors?: readonly ReportSensorInfo[];
  chunkSize?: number;
}

type AlertTally = Map<number, Map<string, { warning: number; critical: number }>>;

async function alertsPerWindow(db: Db, from: number, to: number, sensorKeys: string[]): Promise<AlertTally> {
  const alerts = await db.alert.findMany({
    where: { at: { gte: new Date(from), lt: new Date(to) }, sensorKey: { in: sensorKeys } },
    select: { sensorKey: true, severity: true, at: true },
  });
  const tally: AlertTally = new Map();
  for (const a of alerts) {
    const window = Math.floor(a.at.getTime() / W) * W;
    const bySensor = tally.get(window) ?? tally.set(window, new Map()).get(window)!;
    const entry = bySensor.get(a.sensorKey) ?? bySensor.set(a.sensorKey, { warning: 0, critical: 0 }).get(a.sensorKey)!;
    if (a.severity === "critical") entry.critical++;
    else entry.warning++;
  }
  return tally;
}

/** The 5-minute reports of consecutive windows, read and computed but not stored: aggregates from InfluxDB, status, alerts, grouped. */
export async function computeWindowReports(db: Db, options: ComputeWindowReportsOptions): Promise<Array<WriteReportWindowOptions & { sensorCount: number }>> {
  if (options.windowStarts.length === 0) return [];
  const from = options.windowStarts[0];
  const to = options.windowStarts[options.windowStarts.length - 1] + W;
  const sensors = options.sensors ?? (await loadReportSensors(db, { from, to }));
  const [windows, alerts] = await Promise.all([
    readWindowAggregates(options.influx, { windowStarts: options.windowStarts, sensors, chunkSize: options.chunkSize }),
    alertsPerWindow(
      db,
      from,
      to,
      sensors.map((s) => s.key),
    ),
  ]);
  return windows.map((window) => {
    const end = window.windowStart + W;
    const windowAlerts = alerts.get(window.windowStart);
    const groups = buildGroupReports(
      sensors.map((s) => {
        const result = window.perSensor.get(s.key)!;
        return {
          sensorKey: s.key,
          infraType: s.infraType,
          region: s.region,
          expected: W / (s.intervalSeconds * 1000),
          figures: result.figures,
          status: sensorStatusAt({ at: end, lastReadingAt: result.lastReadingAt, intervalSeconds: s.intervalSeconds }),
          alertsWarning: windowAlerts?.get(s.key)?.warning ?? 0,
          alertsCritical: windowAlerts?.get(s.key)?.critical ?? 0,
        };
      }),
    );
    return { resolution: "5m" as const, windowStart: window.windowStart, windowEnd: end, groups, rawReadings: window.rawReadings, sensorCount: sensors.length };
  });
}
