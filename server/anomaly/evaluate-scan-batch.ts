import type { ReadingSeries } from "./detectors/detector";
import { emptySensorState, evaluateSensorReadings, type AlertCandidate, type SensorDetectorState } from "./evaluate-sensor-readings";
import { resolveDetectors, type ResolvedDetector } from "./resolve-detectors";
import type { AnomalyConfig } from "./schemas";

export interface ScanSensorInput {
  sensorKey: string;
  quantity?: string;
  /** Restored state, or undefined for a sensor seen for the first time (or whose state was lost). */
  state: SensorDetectorState | undefined;
  /** The sensor's new readings since the watermark, in time order, as columns. */
  series: ReadingSeries;
}

export interface EvaluateScanBatchOptions {
  config: AnomalyConfig;
  sensors: readonly ScanSensorInput[];
  /** Scan time, for silence (gap) alerts. */
  now: number;
}

export interface EvaluateScanBatchResult {
  states: Map<string, SensorDetectorState>;
  candidates: AlertCandidate[];
}

/**
 * The pure middle of a scan: the scan job reads readings and states, calls this, then upserts the
 * candidates and stores states and watermark in one transaction. Resolved detector settings are
 * shared by every sensor of a quantity that has no override of its own.
 */
export function evaluateScanBatch(options: EvaluateScanBatchOptions): EvaluateScanBatchResult {
  const { config, now } = options;
  const byQuantity = new Map<string, ResolvedDetector[]>();
  const detectorsFor = (sensor: ScanSensorInput) => {
    if (config.sensors[sensor.sensorKey] || config.sensorProfiles?.[sensor.sensorKey]) return resolveDetectors(config, sensor);
    const cacheKey = sensor.quantity ?? "";
    let detectors = byQuantity.get(cacheKey);
    if (!detectors) byQuantity.set(cacheKey, (detectors = resolveDetectors(config, sensor)));
    return detectors;
  };
  const states = new Map<string, SensorDetectorState>();
  const candidates: AlertCandidate[] = [];
  for (const sensor of options.sensors) {
    const result = evaluateSensorReadings({
      sensorKey: sensor.sensorKey,
      detectors: detectorsFor(sensor),
      state: sensor.state ?? emptySensorState(),
      series: sensor.series,
      bucketMs: config.bucketMs,
      cooldownMs: config.cooldownMs,
      sensorCooldownMs: config.sensorCooldownMs,
      quietAfterFaultMs: config.quietAfterFaultMs,
      seasonalGate: config.seasonalGate,
      now,
    });
    states.set(sensor.sensorKey, result.state);
    for (const c of result.candidates) candidates.push(c);
  }
  return { states, candidates };
}
