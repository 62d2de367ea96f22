import type { SimulatedSensor } from "./build-simulated-fleet";

export const anomalyKinds = ["spike", "level_shift", "drift", "stuck", "dropout"] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];

/** Ground truth for one injected anomaly: which sensor, what, when (epoch ms, both inclusive), how much. */
export interface InjectedAnomaly {
  sensorKey: string;
  kind: AnomalyKind;
  from: number;
  to: number;
  /** Added to the value (spike, level_shift) or reached at the end (drift), in the sensor's unit; 0 for stuck and dropout. */
  magnitude: number;
}

export interface PlanAnomaliesOptions {
  fleet: readonly SimulatedSensor[];
  from: number;
  to: number;
  /** Anomalies per sensor per day. */
  ratePerSensorDay: number;
  random: () => number;
  kinds?: readonly AnomalyKind[];
  /** Anomalies planned before (live mode plans window by window); new ones keep clear of them. */
  existing?: readonly InjectedAnomaly[];
}

const HOUR = 3_600_000;

/** How long each kind lasts, in a sensor's intervals and at least some hours, so detectors can see it. */
function durationFor(kind: AnomalyKind, sensor: SimulatedSensor, random: () => number): number {
  const interval = sensor.intervalSeconds * 1000;
  if (kind === "spike") return 0;
  if (kind === "level_shift") return Math.max(60 * interval, (2 + 4 * random()) * HOUR);
  if (kind === "drift") return Math.max(100 * interval, (12 + 24 * random()) * HOUR);
  if (kind === "stuck") return Math.max(45 * interval, (1 + 2 * random()) * HOUR);
  return Math.max(15 * interval, (1 + 2 * random()) * HOUR);
}

function magnitudeFor(kind: AnomalyKind, sensor: SimulatedSensor, random: () => number): number {
  const sign = random() < 0.5 ? -1 : 1;
  const scale = Math.max(sensor.noise, 1e-3);
  if (kind === "spike") return sign * Math.max(25 * scale, 0.3 * (sensor.validMax - sensor.validMin) * (0.5 + random() / 2));
  if (kind === "level_shift") return sign * (10 + 6 * random()) * scale + sign * sensor.dailyAmplitude * 0.3;
  if (kind === "drift") return sign * ((8 + 8 * random()) * scale + sensor.dailyAmplitude * 0.5);
  return 0;
}

/** Anomalies starting at random in [from, to); none comes within hours of another of the same sensor. */
export function planAnomalies(options: PlanAnomaliesOptions): InjectedAnomaly[] {
  const { fleet, from, to, random } = options;
  const kinds = options.kinds ?? anomalyKinds;
  const expected = (fleet.length * options.ratePerSensorDay * (to - from)) / (24 * HOUR);
  // Whole expected count, plus one more with the fractional part's probability.
  const count = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
  const taken = new Map<string, InjectedAnomaly[]>();
  for (const a of options.existing ?? []) taken.set(a.sensorKey, [...(taken.get(a.sensorKey) ?? []), a]);
  const planned: InjectedAnomaly[] = [];
  for (let i = 0; i < count * 3 && planned.length < count; i++) {
    const sensor = fleet[Math.floor(random() * fleet.length)];
    const kind = kinds[Math.floor(random() * kinds.length)];
    const duration = durationFor(kind, sensor, random);
    const interval = sensor.intervalSeconds * 1000;
    // Within the window when it fits, so a backfill's anomalies end before now; otherwise anywhere in it.
    const span = to - from > duration ? to - from - duration : to - from;
    const onGrid = Math.floor((from + random() * span) / interval) * interval;
    const start = onGrid < from ? onGrid + interval : onGrid;
    const anomaly = { sensorKey: sensor.key, kind, from: start, to: start + duration, magnitude: magnitudeFor(kind, sensor, random) };
    const others = taken.get(sensor.key) ?? [];
    if (others.some((o) => o.from <= anomaly.to + 6 * HOUR && anomaly.from <= o.to + 6 * HOUR)) continue;
    taken.set(sensor.key, [...others, anomaly]);
    planned.push(anomaly);
  }
  return planned.sort((a, b) => a.from - b.from);
}
