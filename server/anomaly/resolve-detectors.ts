import { DomainError } from "../errors";
import type { Detector } from "./detectors/detector";
import { detectorNames, detectorRegistry, type DetectorName } from "./detectors/registry";
import { anomalyProfiles } from "./anomaly-profiles";
import type { AnomalyConfig, SensorRef } from "./schemas";

export interface ResolvedDetector {
  name: DetectorName;
  detector: Detector<unknown, unknown>;
  params: unknown;
  /** Changes when the parameters change, so stale state (e.g. a resized window) is rebuilt. */
  signature: string;
}

/** The sensor's profile: its own, else its quantity's, else the config's. */
export function profileFor(config: AnomalyConfig, sensor: SensorRef) {
  return (
    config.sensorProfiles?.[sensor.sensorKey] ?? (sensor.quantity ? config.quantityProfiles?.[sensor.quantity] : undefined) ?? config.profile ?? "physical"
  );
}

/** The detectors that run for one sensor, with parameters merged profile < defaults < quantity < sensor. */
export function resolveDetectors(config: AnomalyConfig, sensor: SensorRef): ResolvedDetector[] {
  const layers = [
    anomalyProfiles[profileFor(config, sensor)].detectors as AnomalyConfig["defaults"],
    config.defaults,
    sensor.quantity ? config.quantities[sensor.quantity] : undefined,
    config.sensors[sensor.sensorKey],
  ];
  const resolved: ResolvedDetector[] = [];
  for (const name of detectorNames) {
    let enabled = true;
    let merged: Record<string, number> = {};
    for (const layer of layers) {
      const setting = layer?.[name];
      if (!setting) continue;
      if (setting.enabled !== undefined) enabled = setting.enabled;
      merged = { ...merged, ...setting.params };
    }
    if (!enabled) continue;
    const detector = detectorRegistry[name] as Detector<unknown, unknown>;
    const parsed = detector.params.safeParse(merged);
    if (!parsed.success) {
      throw new DomainError(
        "INVALID",
        `Detector ${name} for sensor ${sensor.sensorKey}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      );
    }
    resolved.push({ name, detector, params: parsed.data, signature: JSON.stringify(parsed.data) });
  }
  return resolved;
}
