import type { InjectedSpike, LoggedSensor } from "./buffering-logger";

export const DRILL_REGION = "drill-influx";

export function drillSensors(count: number): LoggedSensor[] {
  return Array.from({ length: count }, (_, i) => ({ key: `drill-influx-${String(i).padStart(4, "0")}`, base: 20 + (i % 10) }));
}

export interface SpikePhases {
  before: { from: number; to: number };
  during: { from: number; to: number };
  after: { from: number; to: number };
}

/**
 * `perPhase` spikes in each phase, evenly spread on the 1 s grid, each on a sensor of its own
 * (so every spike opens its own incident); the other sensors stay clean.
 */
export function planSpikes(
  sensors: readonly LoggedSensor[],
  phases: SpikePhases,
  perPhase: number,
  magnitude = 25,
): Array<InjectedSpike & { phase: keyof SpikePhases }> {
  const spikes: Array<InjectedSpike & { phase: keyof SpikePhases }> = [];
  const stride = Math.floor(sensors.length / (3 * perPhase));
  let next = 0;
  for (const phase of ["before", "during", "after"] as const) {
    const { from, to } = phases[phase];
    for (let i = 0; i < perPhase; i++) {
      const time = Math.round((from + ((to - from) * (i + 0.5)) / perPhase) / 1000) * 1000;
      spikes.push({ sensorKey: sensors[next * stride].key, time, magnitude, phase });
      next++;
    }
  }
  return spikes;
}

export interface StoredAlert {
  key: string;
  sensorKey: string;
  detector: string;
  at: Date;
}

export interface AlertScore {
  found: number;
  lost: number;
  /** More than one spike alert for one injected spike (on its sensor, any time). */
  duplicates: number;
  /** Alerts that match no injected spike, by detector. */
  falsePositives: Record<string, number>;
  lostSpikes: InjectedSpike[];
}

/** Each injected spike must be found once: a `spike` alert on its sensor at its exact time. */
export function scoreAlerts(spikes: readonly InjectedSpike[], alerts: readonly StoredAlert[]): AlertScore {
  const matched = new Set<string>();
  const lostSpikes: InjectedSpike[] = [];
  let duplicates = 0;
  for (const spike of spikes) {
    const hit = alerts.filter((a) => a.sensorKey === spike.sensorKey && a.detector === "spike" && a.at.getTime() === spike.time);
    if (hit.length === 0) lostSpikes.push(spike);
    for (const a of hit) matched.add(a.key);
    const spikeAlertsOnSensor = alerts.filter((a) => a.sensorKey === spike.sensorKey && a.detector === "spike");
    duplicates += Math.max(0, spikeAlertsOnSensor.length - 1);
    for (const a of spikeAlertsOnSensor) matched.add(a.key);
  }
  const falsePositives: Record<string, number> = {};
  for (const a of alerts) if (!matched.has(a.key)) falsePositives[a.detector] = (falsePositives[a.detector] ?? 0) + 1;
  return { found: spikes.length - lostSpikes.length, lost: lostSpikes.length, duplicates, falsePositives, lostSpikes };
}
