import { sensorStatus, sensorStatusFactors } from "../sensors/sensor-status";

export type SensorStatus = "ok" | "late" | "silent";

/** How far back a window's status looks for the newest reading, in intervals. */
export const SILENT_AFTER_INTERVALS = sensorStatusFactors.silent;

/** OK / late / silent at a past moment (a window's end), by the registry's one status rule. */
export function sensorStatusAt(options: { at: number; lastReadingAt: number | null; intervalSeconds: number }): SensorStatus {
  return sensorStatus({ now: options.at, lastReadingAt: options.lastReadingAt, intervalSeconds: options.intervalSeconds }).toLowerCase() as SensorStatus;
}
