import type { Db } from "../db";
import { toSensorCorrections } from "../readings/load-sensor-corrections";
import type { WindowSensor } from "./read-window-aggregates";

export interface ReportSensorInfo extends WindowSensor {
  infraType: string;
  region: string;
}

/**
 * Active sensors with their whole calibration history and the flags overlapping [from, to):
 * loaded once per job run, then every window of the run is planned from it.
 */
export async function loadReportSensors(db: Db, range: { from: number; to: number }): Promise<ReportSensorInfo[]> {
  const sensors = await db.sensor.findMany({
    where: { state: "active" },
    select: {
      key: true,
      infraType: true,
      region: true,
      intervalSeconds: true,
      calibrations: { select: { slope: true, offset: true, effectiveFrom: true } },
      // A flag includes its end, so one ending exactly at `from` still covers the reading there.
      flags: { where: { from: { lt: new Date(range.to) }, to: { gte: new Date(range.from) } }, select: { from: true, to: true } },
    },
    orderBy: { key: "asc" },
  });
  return sensors.map((s) => ({ key: s.key, infraType: s.infraType, region: s.region, intervalSeconds: s.intervalSeconds, ...toSensorCorrections(s) }));
}
