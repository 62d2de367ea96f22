import type { AnomalyConfig } from "../anomaly/schemas";

export interface RangedSensor {
  key: string;
  quantity: string;
  validMin: number | null;
  validMax: number | null;
}

const rangeOf = (s: RangedSensor) => ({ ...(s.validMin === null ? {} : { validMin: s.validMin }), ...(s.validMax === null ? {} : { validMax: s.validMax }) });

/**
 * Sensors' valid ranges become threshold limits: once per quantity when its sensors agree (detectors
 * are then shared), per sensor otherwise. Limits set in the job's own config win.
 */
export function withValidRanges(config: AnomalyConfig, sensors: readonly RangedSensor[]): AnomalyConfig {
  const out: AnomalyConfig = { ...config, quantities: { ...config.quantities }, sensors: { ...config.sensors } };
  const byQuantity = new Map<string, RangedSensor[]>();
  for (const s of sensors) {
    const group = byQuantity.get(s.quantity);
    if (group) group.push(s);
    else byQuantity.set(s.quantity, [s]);
  }
  for (const [quantity, group] of byQuantity) {
    const ranges = new Set(group.map((s) => `${s.validMin}:${s.validMax}`));
    const targets =
      ranges.size === 1
        ? [{ bag: out.quantities, key: quantity, range: rangeOf(group[0]) }]
        : group.map((s) => ({ bag: out.sensors, key: s.key, range: rangeOf(s) }));
    for (const { bag, key, range } of targets) {
      if (Object.keys(range).length === 0) continue;
      const settings = bag[key] ?? {};
      bag[key] = { ...settings, threshold: { ...settings.threshold, params: { ...range, ...settings.threshold?.params } } };
    }
  }
  return out;
}
