import { evaluateScanBatch, type ScanSensorInput } from "../anomaly/evaluate-scan-batch";
import type { AlertCandidate, SensorDetectorState } from "../anomaly/evaluate-sensor-readings";
import type { AnomalyConfig } from "../anomaly/schemas";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { seriesOf } from "../anomaly/detectors/detector";
import { buildSimulatedFleet, type SimulatedSensor } from "./build-simulated-fleet";
import { generateSensorReadings } from "./generate-sensor-readings";
import { anomalyKinds, planAnomalies, type AnomalyKind, type InjectedAnomaly } from "./plan-anomalies";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SimulatedEvaluationOptions {
  sensors: number;
  /** Clean history the detectors learn from first (no anomaly is injected in it). */
  warmupDays: number;
  /** Days with labelled anomalies that are scored. */
  days: number;
  anomalyRate: number;
  seed: number;
  /** Called with the fleet, so a caller can add each sensor's valid range (as the scan does). */
  config: (fleet: readonly SimulatedSensor[]) => AnomalyConfig;
  /** How often the detectors run, like the scan job's schedule (its watermark window). */
  scanEveryMs?: number;
  /** An alert this long after an anomaly ends still counts as finding it (a drift or gap seen as it ends). */
  graceMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface KindSummary {
  injected: number;
  detected: number;
  recall: number | null;
  /** Median delay from the anomaly's start to the first alert on it, in seconds. */
  p50DelaySeconds: number | null;
}

export interface SimulatedEvaluation {
  sensors: number;
  days: number;
  anomalies: InjectedAnomaly[];
  perKind: Record<AnomalyKind, KindSummary>;
  alerts: number;
  falseAlerts: number;
  cleanSensorDays: number;
  falseAlertsPerCleanSensorDay: number;
  falseAlertsByDetector: Record<string, number>;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The second benchmark: a simulated fleet with labelled faults (spike, level shift, drift, stuck,
 * dropout) run through the scan's own pure path (evaluateScanBatch, state carried between scans),
 * then recall and delay per kind and false alerts per clean sensor-day.
 */
export function evaluateSimulatedFleet(options: SimulatedEvaluationOptions): SimulatedEvaluation {
  const scanEvery = options.scanEveryMs ?? 5 * 60_000;
  const grace = options.graceMs ?? HOUR;
  const fleet = buildSimulatedFleet({ count: options.sensors, seed: options.seed });
  const config = options.config(fleet);
  const start = Date.UTC(2026, 0, 5);
  const scoredFrom = start + options.warmupDays * DAY;
  const end = scoredFrom + options.days * DAY;
  const random = seededRandom(options.seed + 1);
  const anomalies = planAnomalies({ fleet, from: scoredFrom, to: end - 6 * HOUR, ratePerSensorDay: options.anomalyRate, random });
  const byKey = new Map<string, InjectedAnomaly[]>();
  for (const a of anomalies) byKey.set(a.sensorKey, [...(byKey.get(a.sensorKey) ?? []), a]);

  const normal = gaussian(seededRandom(options.seed + 2));
  const series = fleet.map((s) => generateSensorReadings(s, { from: start, to: end, anomalies: byKey.get(s.key) ?? [], normal, random }));
  const columns = series.map(seriesOf);
  const cursor = new Array<number>(fleet.length).fill(0);
  const states = new Map<string, SensorDetectorState>();
  const candidates: AlertCandidate[] = [];
  const total = Math.ceil((end - start) / scanEvery);
  for (let scan = 0, to = start + scanEvery; to <= end; scan++, to += scanEvery) {
    const sensors: ScanSensorInput[] = fleet.map((s, i) => {
      const { times, values } = columns[i];
      const from = cursor[i];
      while (cursor[i] < times.length && times[cursor[i]] < to) cursor[i]++;
      return {
        sensorKey: s.key,
        quantity: s.quantity,
        state: states.get(s.key),
        series: { times: times.subarray(from, cursor[i]), values: values.subarray(from, cursor[i]) },
      };
    });
    const result = evaluateScanBatch({ config, sensors, now: to });
    for (const [key, state] of result.states) states.set(key, state);
    for (const c of result.candidates) if (c.time >= scoredFrom) candidates.push(c);
    if (scan % 50 === 0) options.onProgress?.(scan, total);
  }

  // One alert row per key (the scan upserts on it): the first time a key is raised counts.
  const firstByKey = new Map<string, AlertCandidate>();
  for (const c of candidates) if (!firstByKey.has(c.key)) firstByKey.set(c.key, c);
  const alerts = [...firstByKey.values()];
  const matched = new Set<AlertCandidate>();
  const delays = new Map<AnomalyKind, number[]>(anomalyKinds.map((k) => [k, []]));
  const injected = new Map<AnomalyKind, number>(anomalyKinds.map((k) => [k, 0]));
  const alertsBySensor = new Map<string, AlertCandidate[]>();
  for (const a of alerts) alertsBySensor.set(a.sensorKey, [...(alertsBySensor.get(a.sensorKey) ?? []), a]);
  for (const anomaly of anomalies) {
    injected.set(anomaly.kind, injected.get(anomaly.kind)! + 1);
    const interval = fleet.find((s) => s.key === anomaly.sensorKey)!.intervalSeconds * 1000;
    const hits = (alertsBySensor.get(anomaly.sensorKey) ?? []).filter((a) => a.time >= anomaly.from - interval && a.time <= anomaly.to + grace);
    for (const h of hits) matched.add(h);
    if (hits.length) delays.get(anomaly.kind)!.push(Math.max(0, Math.min(...hits.map((h) => h.time)) - anomaly.from) / 1000);
  }
  const falseAlerts = alerts.filter((a) => !matched.has(a));
  if ((options as { debug?: boolean }).debug)
    for (const a of falseAlerts) {
      const near = (byKey.get(a.sensorKey) ?? []).map(
        (x) => `${x.kind}@${((a.time - x.from) / HOUR).toFixed(1)}h(len ${((x.to - x.from) / HOUR).toFixed(1)}h)`,
      );
      console.log(a.detector, a.sensorKey, new Date(a.time).toISOString(), a.score.toFixed(1), near.join(" "), a.message.slice(0, 100));
    }
  const falseAlertsByDetector: Record<string, number> = {};
  const quantityOf = new Map(fleet.map((s) => [s.key, s.quantity]));
  for (const a of falseAlerts) {
    const label = `${a.detector}:${quantityOf.get(a.sensorKey)}`;
    falseAlertsByDetector[label] = (falseAlertsByDetector[label] ?? 0) + 1;
  }
  const faultyMs = anomalies.reduce((sum, a) => sum + (a.to - a.from) + grace, 0);
  const cleanSensorDays = (fleet.length * (end - scoredFrom) - faultyMs) / DAY;
  const perKind = Object.fromEntries(
    anomalyKinds.map((k) => {
      const n = injected.get(k)!;
      const d = delays.get(k)!;
      return [k, { injected: n, detected: d.length, recall: n ? Math.round((d.length / n) * 1000) / 1000 : null, p50DelaySeconds: median(d) }];
    }),
  ) as Record<AnomalyKind, KindSummary>;
  return {
    sensors: fleet.length,
    days: options.days,
    anomalies,
    perKind,
    alerts: alerts.length,
    falseAlerts: falseAlerts.length,
    cleanSensorDays: Math.round(cleanSensorDays * 10) / 10,
    falseAlertsPerCleanSensorDay: Math.round((falseAlerts.length / cleanSensorDays) * 10_000) / 10_000,
    falseAlertsByDetector,
  };
}
