import type { Db } from "../db";
import { markReadingsStale } from "./mark-readings-stale";

/**
 * A flag, unflag or calibration changed what readers see of a sensor over [from, to]: bumps the
 * corrections version (stamped on buckets judged from now on) and marks that range stale, in the
 * caller's transaction.
 */
export async function noteSensorCorrection(db: Db, options: { sensorKey: string; from: number; to: number; reason: string }): Promise<{ buckets: number }> {
  await db.$executeRaw`UPDATE "CoverageCorrections" SET version = version + 1 WHERE id = 1`;
  return markReadingsStale(db, { sensorKeys: [options.sensorKey], from: options.from, to: options.to, reason: options.reason });
}
