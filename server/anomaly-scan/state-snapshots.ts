import type { SensorDetectorState } from "../anomaly/evaluate-sensor-readings";
import { restoreSensorState, serializeSensorState } from "../anomaly/sensor-state-codec";
import { pgPool, type Db } from "../db";
import { logger } from "../logger";

/** Sensors per insert: a few megabytes of JSON per statement. */
const ROWS_PER_INSERT = 1_000;

/**
 * Writes the detector state of every sensor, stamped `takenAt` (the window end it has consumed), in
 * several statements and outside any transaction. Until the scan's `stateWatermark` points at them the
 * rows are unused, so a snapshot cut short is harmless.
 */
export async function writeStateSnapshot(db: Db, options: { scanKey: string; takenAt: number; states: Map<string, SensorDetectorState> }): Promise<void> {
  const takenAt = new Date(options.takenAt);
  await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: options.scanKey, takenAt } });
  const entries = [...options.states];
  // Two arrays unnested by PostgreSQL, sent by the pg driver itself: Prisma's query layer walks every
  // parameter in WebAssembly (a second per 1,000 states of ~7 KB, on the worker's event loop).
  // takenAt goes as UTC text, the clock time Prisma stores in timestamp columns.
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
    const chunk = entries.slice(i, i + ROWS_PER_INSERT);
    const keys = chunk.map(([key]) => key);
    const states = chunk.map(([, state]) => serializeSensorState(state));
    await pgPool().query(
      `INSERT INTO "SensorDetectorSnapshot" ("scanKey", "takenAt", "sensorKey", "state")
       SELECT $1, $2::timestamp(3), k, s::jsonb FROM unnest($3::text[], $4::text[]) AS t(k, s)`,
      [options.scanKey, takenAt.toISOString(), keys, states],
    );
  }
}

/** The snapshot the scan's `stateWatermark` points at; sensors absent from it start cold (or warm up). */
export async function loadStateSnapshot(db: Db, options: { scanKey: string; takenAt: number }): Promise<Map<string, SensorDetectorState>> {
  const rows = await db.$queryRaw<Array<{ sensorKey: string; state: string }>>`
    SELECT "sensorKey", "state"::text AS "state" FROM "SensorDetectorSnapshot" WHERE "scanKey" = ${options.scanKey} AND "takenAt" = ${new Date(options.takenAt)}`;
  return new Map(rows.map((r) => [r.sensorKey, restoreSensorState(r.state)]));
}

/**
 * After a scan has committed: writes the snapshot, then points the scan's `stateWatermark` at it, then
 * drops every other (older ones, leftovers of interrupted snapshots). A crash before the pointer moves
 * leaves the previous snapshot in use; a restart replays a little more. The alerts are out either way,
 * so a failure here is logged, not raised.
 */
export async function snapshotScanState(db: Db, options: { scanKey: string; takenAt: number; states: Map<string, SensorDetectorState> }): Promise<void> {
  const started = Date.now();
  try {
    await writeStateSnapshot(db, options);
    await db.anomalyScanWatermark.update({ where: { scanKey: options.scanKey }, data: { stateWatermark: new Date(options.takenAt) } });
    await db.sensorDetectorSnapshot.deleteMany({ where: { scanKey: options.scanKey, takenAt: { not: new Date(options.takenAt) } } });
    logger.info(
      { event: "anomaly_scan.snapshot", scanKey: options.scanKey, sensors: options.states.size, ms: Date.now() - started },
      "detector state snapshotted",
    );
  } catch (err) {
    logger.warn(
      { event: "anomaly_scan.snapshot_failed", scanKey: options.scanKey, error: (err as Error).message },
      "detector state snapshot failed; a restart replays from the previous one",
    );
  }
}
