import type { AnomalyConfig } from "../schemas";
import { emptySensorState, evaluateSensorReadings } from "../evaluate-sensor-readings";
import { resolveDetectors } from "../resolve-detectors";
import { nabTimestampToMs, type NabFile } from "./load-nab-corpus";

export interface NabFileRun {
  /** Per row, in [0, 1): 0.5 is a detector exactly at its alert threshold. */
  scores: Float64Array;
  /** Per row, 1 where the product raises an alert. */
  alerts: Uint8Array;
}

/** Streams one file through the worker's detectors, one reading at a time, as a single sensor. */
export function runNabFile(file: NabFile, config: AnomalyConfig): NabFileRun {
  const n = file.values.length;
  const trace = { levels: new Float64Array(n), alerts: new Uint8Array(n) };
  const series = { times: Float64Array.from(file.timestamps, nabTimestampToMs), values: Float64Array.from(file.values) };
  evaluateSensorReadings({
    sensorKey: file.name,
    detectors: resolveDetectors(config, { sensorKey: file.name }),
    state: emptySensorState(),
    series,
    bucketMs: config.bucketMs,
    cooldownMs: config.cooldownMs,
    sensorCooldownMs: config.sensorCooldownMs,
    quietAfterFaultMs: config.quietAfterFaultMs,
    seasonalGate: config.seasonalGate,
    trace,
  });
  const scores = trace.levels.map((level) => level / (1 + level));
  return { scores, alerts: trace.alerts };
}
