import type { SensorDetectorState } from "../anomaly/evaluate-sensor-readings";
import { restoreSensorState, serializeSensorState } from "../anomaly/sensor-state-codec";
import type { Db } from "../db";

/** Sensors per insert: a few megabytes of JSON per statement. */
const ROWS_PER_INSERT = 1_000;

/**
 * Writes the detector state of every sensor, stamped `takenAt` (the window end it has consumed), in
 * several statements and outside any transaction. Rows of a snapshot whose scan then failed are
 * harmless: nothing points at them, and the next successful snapshot prunes them.
 */
export async function writeStateSnapshot(db: Db, options: { scanKey: string; takenAt: number; states: Map<string, SensorDetectorState> }): Promise<void> {
  const takenAt = new Date(options.takenAt);
  await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: options.scanKey, takenAt } });
  const entries = [...options.states];
  // Two arrays unnested by PostgreSQL: Prisma's createMany spends seconds walking thousands of JSON arguments.
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
    const chunk = entries.slice(i, i + ROWS_PER_INSERT);
    const keys = chunk.map(([key]) => key);
    const states = chunk.map(([, state]) => serializeSensorState(state));
    await db.$executeRaw`
      INSERT INTO "SensorDetectorSnapshot" ("scanKey", "takenAt", "sensorKey", "state")
      SELECT ${options.scanKey}, ${takenAt}, k, s::jsonb FROM unnest(${keys}::text[], ${states}::text[]) AS t(k, s)`;
  }
}

/** The snapshot the scan's `stateWatermark` points at; sensors absent from it start cold (or warm up). */
export async function loadStateSnapshot(db: Db, options: { scanKey: string; takenAt: number }): Promise<Map<string, SensorDetectorState>> {
  const rows = await db.$queryRaw<Array<{ sensorKey: string; state: string }>>`
    SELECT "sensorKey", "state"::text AS "state" FROM "SensorDetectorSnapshot" WHERE "scanKey" = ${options.scanKey} AND "takenAt" = ${new Date(options.takenAt)}`;
  return new Map(rows.map((r) => [r.sensorKey, restoreSensorState(r.state)]));
}

/** Drops every snapshot of the scan but the one in use (older ones, and leftovers of interrupted scans). */
export async function pruneStateSnapshots(db: Db, options: { scanKey: string; keep: number }): Promise<void> {
  await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: options.scanKey, takenAt: { not: new Date(options.keep) } } });
}
