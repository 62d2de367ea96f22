import type { Db } from "../db";
import type { FlaggedRange, SensorCorrections } from "./apply-sensor-corrections";
import type { CalibrationSpan } from "./calibration";

type StoredCalibration = { slope: number; offset: number; effectiveFrom: Date };
type StoredFlag = { from: Date; to: Date };
const toCalibration = (c: StoredCalibration) => ({ slope: c.slope, offset: c.offset, effectiveFrom: c.effectiveFrom.getTime() });
const toFlag = (f: StoredFlag) => ({ from: f.from.getTime(), to: f.to.getTime() });

/** A sensor's stored calibration history and flags, in epoch ms. */
export function toSensorCorrections(row: { calibrations: StoredCalibration[]; flags: StoredFlag[] }): SensorCorrections {
  return { calibrations: row.calibrations.map(toCalibration), flags: row.flags.map(toFlag) };
}

/**
 * Calibration history and flagged ranges of many sensors; sensors without any are absent. The keys go
 * as one array parameter (`= ANY`): a Prisma `in` filter of 1,000 keys costs ~25 ms of the process's
 * CPU to compile, which a scan of 10,000 sensors paid ten times on its event loop.
 */
export async function loadSensorCorrections(db: Db, options: { sensorKeys: readonly string[] }): Promise<Map<string, SensorCorrections>> {
  const keys = [...options.sensorKeys];
  if (keys.length === 0) return new Map();
  const [calibrations, flags] = await Promise.all([
    db.$queryRaw<Array<{ key: string } & StoredCalibration>>`
      SELECT s.key, c.slope, c."offset", c."effectiveFrom" FROM "SensorCalibration" c JOIN "Sensor" s ON s.id = c."sensorId"
      WHERE s.key = ANY(${keys}) ORDER BY c."effectiveFrom"`,
    db.$queryRaw<Array<{ key: string } & StoredFlag>>`
      SELECT s.key, f."from", f."to" FROM "SensorFlag" f JOIN "Sensor" s ON s.id = f."sensorId"
      WHERE s.key = ANY(${keys}) ORDER BY f."from"`,
  ]);
  const out = new Map<string, { calibrations: CalibrationSpan[]; flags: FlaggedRange[] }>();
  const entry = (key: string) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = { calibrations: [], flags: [] }));
    return e;
  };
  for (const c of calibrations) entry(c.key).calibrations.push(toCalibration(c));
  for (const f of flags) entry(f.key).flags.push(toFlag(f));
  return out;
}
