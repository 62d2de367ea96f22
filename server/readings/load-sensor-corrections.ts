import type { Db } from "../db";
import type { SensorCorrections } from "./apply-sensor-corrections";

/** A sensor's stored calibration history and flags, in epoch ms. */
export function toSensorCorrections(row: { calibrations: Array<{ slope: number; offset: number; effectiveFrom: Date }>; flags: Array<{ from: Date; to: Date }> }): SensorCorrections {
  return {
    calibrations: row.calibrations.map((c) => ({ slope: c.slope, offset: c.offset, effectiveFrom: c.effectiveFrom.getTime() })),
    flags: row.flags.map((f) => ({ from: f.from.getTime(), to: f.to.getTime() })),
  };
}

/** Calibration history and flagged ranges of many sensors, in one query; sensors without any are absent. */
export async function loadSensorCorrections(db: Db, options: { sensorKeys: readonly string[] }): Promise<Map<string, SensorCorrections>> {
  const sensors = await db.sensor.findMany({
    where: { key: { in: [...options.sensorKeys] }, OR: [{ calibrations: { some: {} } }, { flags: { some: {} } }] },
    select: { key: true, calibrations: { select: { slope: true, offset: true, effectiveFrom: true } }, flags: { select: { from: true, to: true } } },
  });
  return new Map(sensors.map((s) => [s.key, toSensorCorrections(s)]));
}
