export type SensorStatus = "OK" | "LATE" | "SILENT";

/** LATE after interval × late without a reading, SILENT after interval × silent (or never read). */
export const sensorStatusFactors = { late: 3, silent: 30 };

export interface SensorStatusInput {
  lastReadingAt: Date | number | null;
  intervalSeconds: number;
  now: Date | number;
}

export function sensorStatus(input: SensorStatusInput, factors = sensorStatusFactors): SensorStatus {
  if (input.lastReadingAt === null) return "SILENT";
  const ageMs = +input.now - +input.lastReadingAt;
  const intervalMs = input.intervalSeconds * 1000;
  if (ageMs > intervalMs * factors.silent) return "SILENT";
  if (ageMs > intervalMs * factors.late) return "LATE";
  return "OK";
}
