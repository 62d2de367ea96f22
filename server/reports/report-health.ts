export type ReportHealth = "ok" | "warn" | "bad";

export interface HealthInputs {
  completeness: number | null;
  sensorsLate: number;
  sensorsSilent: number;
  alertsWarning: number;
  alertsCritical: number;
}

/** How a tile is coloured: bad below 80 % completeness, with a silent sensor or a critical alert; warn below 98 % or with a late sensor or a warning. */
export function reportHealth(r: HealthInputs): ReportHealth {
  const completeness = r.completeness ?? 0;
  if (completeness < 0.8 || r.sensorsSilent > 0 || r.alertsCritical > 0) return "bad";
  if (completeness < 0.98 || r.sensorsLate > 0 || r.alertsWarning > 0) return "warn";
  return "ok";
}
