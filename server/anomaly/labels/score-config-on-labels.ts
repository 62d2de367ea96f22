import { seriesOf, type Reading } from "../detectors/detector";
import { emptySensorState, evaluateSensorReadings } from "../evaluate-sensor-readings";
import { profileFor, resolveDetectors } from "../resolve-detectors";
import type { AnomalyConfig } from "../schemas";

/** One incident staff labelled, with the time span its alerts covered. */
export interface LabelledSpan {
  id: string;
  sensorKey: string;
  quantity: string | null;
  label: "real" | "not_anomaly";
  labelDetectorVersion: string | null;
  /** Epoch ms: the incident's first and last alert. */
  openedAt: number;
  lastSeenAt: number;
}

export interface LabelScore {
  real: number;
  /** Real incidents the configuration raises a new alert in again. */
  realFound: number;
  notAnomaly: number;
  /** Incidents staff called "not an anomaly" that the configuration still raises. */
  notAnomalyRaised: number;
  /** realFound / real. */
  recall: number | null;
  /** realFound / (realFound + notAnomalyRaised): of what it raises among labelled incidents, how much staff call real. */
  precision: number | null;
}

export interface LabelBenchmark {
  incidents: number;
  /** Incidents whose sensor had no readings in the history read (not scored). */
  withoutReadings: number;
  overall: LabelScore;
  byProfile: Record<string, LabelScore>;
  /** By the detectors' version the label was taken under. */
  byLabelVersion: Record<string, LabelScore>;
  /** New alerts the configuration raises outside every labelled incident, over the history read. */
  unlabelledAlerts: number;
  perIncident: { id: string; label: LabelledSpan["label"]; raised: boolean; detectors: string[] }[];
}

const emptyScore = (): LabelScore => ({ real: 0, realFound: 0, notAnomaly: 0, notAnomalyRaised: 0, recall: null, precision: null });
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

/**
 * The third benchmark: the fleet's own labelled incidents. Each sensor's history is streamed through
 * `config` from an empty state, as a scan that had never run would (no look-ahead); an incident counts
 * as raised when the configuration raises a new alert on its sensor within `toleranceMs` of its span.
 * A better configuration raises the real ones again and stays quiet on the "not an anomaly" ones.
 */
export function scoreConfigOnLabels(options: {
  incidents: readonly LabelledSpan[];
  /** Each sensor's readings, in time order, from well before its first labelled incident. */
  readings: ReadonlyMap<string, readonly Reading[]>;
  config: AnomalyConfig;
  toleranceMs: number;
}): LabelBenchmark {
  const { config, toleranceMs } = options;
  const bySensor = new Map<string, LabelledSpan[]>();
  for (const incident of options.incidents) bySensor.set(incident.sensorKey, [...(bySensor.get(incident.sensorKey) ?? []), incident]);

  const result: LabelBenchmark = {
    incidents: options.incidents.length,
    withoutReadings: 0,
    overall: emptyScore(),
    byProfile: {},
    byLabelVersion: {},
    unlabelledAlerts: 0,
    perIncident: [],
  };
  for (const [sensorKey, incidents] of bySensor) {
    const readings = options.readings.get(sensorKey) ?? [];
    if (readings.length === 0) {
      result.withoutReadings += incidents.length;
      continue;
    }
    const sensor = { sensorKey, quantity: incidents[0].quantity ?? undefined };
    const { candidates } = evaluateSensorReadings({
      sensorKey,
      detectors: resolveDetectors(config, sensor),
      state: emptySensorState(),
      series: seriesOf(readings),
      bucketMs: config.bucketMs,
      cooldownMs: config.cooldownMs,
      sensorCooldownMs: config.sensorCooldownMs,
      quietAfterFaultMs: config.quietAfterFaultMs,
      seasonalGate: config.seasonalGate,
    });
    // One alert row per key (the scan upserts on it): its first sending is when it was raised.
    const seen = new Set<string>();
    const alerts = candidates.filter((c) => !seen.has(c.key) && seen.add(c.key));
    const matched = new Set<(typeof alerts)[number]>();
    const profile = profileFor(config, sensor);
    for (const incident of incidents) {
      const hits = alerts.filter((a) => a.time >= incident.openedAt - toleranceMs && a.time <= incident.lastSeenAt + toleranceMs);
      for (const h of hits) matched.add(h);
      const raised = hits.length > 0;
      result.perIncident.push({ id: incident.id, label: incident.label, raised, detectors: [...new Set(hits.map((h) => h.detector))] });
      for (const score of [
        result.overall,
        (result.byProfile[profile] ??= emptyScore()),
        (result.byLabelVersion[incident.labelDetectorVersion ?? "unknown"] ??= emptyScore()),
      ]) {
        if (incident.label === "real") {
          score.real++;
          if (raised) score.realFound++;
        } else {
          score.notAnomaly++;
          if (raised) score.notAnomalyRaised++;
        }
      }
    }
    result.unlabelledAlerts += alerts.filter((a) => !matched.has(a)).length;
  }
  for (const score of [result.overall, ...Object.values(result.byProfile), ...Object.values(result.byLabelVersion)]) {
    score.recall = ratio(score.realFound, score.real);
    score.precision = ratio(score.realFound, score.realFound + score.notAnomalyRaised);
  }
  return result;
}
