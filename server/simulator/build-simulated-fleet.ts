import { seededRandom } from "../anomaly/synthetic-series";
import { infraTypeProfiles, simulatedRegions, type QuantityProfile } from "./fleet-catalog";

export interface SimulatedSensor extends QuantityProfile {
  key: string;
  name: string;
  infraType: string;
  region: string;
  site: string;
  /** This sensor's own level, so sensors of one quantity differ a little. */
  level: number;
}

/**
 * A realistic fleet of exactly `count` sensors: assets of every infrastructure type spread over the
 * regions, one sensor per quantity of the asset. The same count and seed give the same fleet.
 */
export function buildSimulatedFleet(options: { count: number; seed?: number }): SimulatedSensor[] {
  const random = seededRandom(options.seed ?? 42);
  const weighted = infraTypeProfiles.flatMap((p) => Array.from({ length: p.weight }, () => p));
  const assetsPerType = new Map<string, number>();
  const fleet: SimulatedSensor[] = [];
  for (let asset = 0; fleet.length < options.count; asset++) {
    const profile = weighted[asset % weighted.length];
    const region = simulatedRegions[Math.floor(asset / weighted.length) % simulatedRegions.length];
    const number = (assetsPerType.get(profile.infraType) ?? 0) + 1;
    assetsPerType.set(profile.infraType, number);
    const assetKey = `${profile.keyPrefix}-${region}-${String(number).padStart(3, "0")}`;
    const site = `${region[0].toUpperCase()}${region.slice(1)} ${profile.assetName} ${String(number).padStart(3, "0")}`;
    for (const quantity of profile.quantities) {
      if (fleet.length >= options.count) break;
      const spread = 1 + (random() - 0.5) * 0.2;
      fleet.push({
        ...quantity,
        key: `${assetKey}.${quantity.quantity}`,
        name: `${site} ${quantity.quantity.replace(/_/g, " ")}`,
        infraType: profile.infraType,
        region,
        site,
        level: Math.min(quantity.validMax, Math.max(quantity.validMin, quantity.level * spread)),
      });
    }
  }
  return fleet;
}
