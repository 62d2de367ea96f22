export type PeriodPreset = "24h" | "7d" | "30d" | "custom";
export interface Period {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;
export const presetLengthMs: Record<Exclude<PeriodPreset, "custom">, number> = { "24h": 24 * HOUR, "7d": 7 * 24 * HOUR, "30d": 30 * 24 * HOUR };

export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, now = Date.now()): Period {
  return { from: new Date(now - presetLengthMs[preset]), to: new Date(now) };
}

/** The period of the same length just before. */
export function previousPeriod(p: Period): Period {
  const length = p.to.getTime() - p.from.getTime();
  return { from: new Date(p.from.getTime() - length), to: p.from };
}
