export type SensorStatus = "ok" | "late" | "silent";

/** A sensor is late after two missed intervals and silent after ten (or with no reading at all). */
export const LATE_AFTER_INTERVALS = 2;
export const SILENT_AFTER_INTERVALS = 10;

/**
 * OK / late / silent at a moment, from the newest reading before it. Mirrors the registry's
 * status rule so reports can state it for a past window end; fold into server/sensors at merge.
 */
export function sensorStatusAt(options: { at: number; lastReadingAt: number | null; intervalSeconds: number }): SensorStatus {
  if (options.lastReadingAt === null) return "silent";
  const age = options.at - options.lastReadingAt;
  const interval = options.intervalSeconds * 1000;
  if (age > SILENT_AFTER_INTERVALS * interval) return "silent";
  if (age > LATE_AFTER_INTERVALS * interval) return "late";
  return "ok";
}
