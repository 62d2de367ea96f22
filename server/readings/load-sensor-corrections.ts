import type { Db } from "../db";
import type { SensorCorrections } from "./apply-sensor-corrections";

/** Calibration history and flagged ranges of many sensors, in one query; sensors without any are absent. */
export async function loadSensorCorrections(db: Db, options: { sensorKeys: readonly string[] }): Promise<Map<string, SensorCorrections>> {
  const sensors = await db.sensor.findMany({
    where: { key: { in: [...options.sensorKeys] }, OR: [{ calibrations: { some: {} } }, { flags: { some: {} } }] },
    select: { key: true, calibrations: { select: { slope: true, offset: true, effectiveFrom: true } }, flags: { select: { from: true, to: true } } },
  });
  return new Map(
    sensors.map((s) => [
      s.key,
      {
        calibrations: s.calibrations.map((c) => ({ slope: c.slope, offset: c.offset, effectiveFrom: c.effectiveFrom.getTime() })),
        flags: s.flags.map((f) => ({ from: f.from.getTime(), to: f.to.getTime() })),
      },
    ]),
  );
}
