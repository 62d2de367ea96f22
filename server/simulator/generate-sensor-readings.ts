import type { Reading } from "../anomaly/detectors/detector";
import { dailyCycle } from "../anomaly/synthetic-series";
import type { SimulatedSensor } from "./build-simulated-fleet";
import type { InjectedAnomaly } from "./plan-anomalies";

export interface GenerateSensorReadingsOptions {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
  anomalies: readonly InjectedAnomaly[];
  /** Standard normal samples. */
  normal: () => number;
  random: () => number;
  /** Chance that one reading goes missing (an everyday gap, not a labelled dropout). */
  missingChance?: number;
}

/** The sensor's everyday value at a time, without noise. */
export function expectedValue(sensor: SimulatedSensor, time: number): number {
  return sensor.level + dailyCycle(time, sensor.dailyAmplitude, sensor.peakHourUtc);
}

const clamp = (sensor: SimulatedSensor, value: number) => Math.min(sensor.validMax, Math.max(sensor.validMin, value));

/** What an anomaly makes of an everyday value; null when the reading is dropped. */
function withAnomaly(sensor: SimulatedSensor, anomaly: InjectedAnomaly | undefined, time: number, value: number): number | null {
  if (!anomaly) return clamp(sensor, value);
  switch (anomaly.kind) {
    // A spike may leave the valid range: that is what a faulty reading looks like.
    case "spike":
      return value + anomaly.magnitude;
    case "level_shift":
      return clamp(sensor, value + anomaly.magnitude);
    case "drift":
      return clamp(sensor, value + (anomaly.magnitude * (time - anomaly.from)) / Math.max(1, anomaly.to - anomaly.from));
    case "stuck":
      return Math.round(clamp(sensor, expectedValue(sensor, anomaly.from)) * 100) / 100;
    case "dropout":
      return null;
  }
}

/** Readings on the sensor's interval grid in [from, to): daily cycle + noise + rare gaps + the given anomalies. */
export function generateSensorReadings(sensor: SimulatedSensor, options: GenerateSensorReadingsOptions): Reading[] {
  const interval = sensor.intervalSeconds * 1000;
  const missing = options.missingChance ?? 0.002;
  const out: Reading[] = [];
  for (let time = Math.ceil(options.from / interval) * interval; time < options.to; time += interval) {
    if (options.random() < missing) continue;
    const anomaly = options.anomalies.find((a) => a.sensorKey === sensor.key && time >= a.from && time <= a.to);
    const value = withAnomaly(sensor, anomaly, time, expectedValue(sensor, time) + sensor.noise * options.normal());
    if (value !== null) out.push({ time, value: Math.round(value * 1000) / 1000 });
  }
  return out;
}
