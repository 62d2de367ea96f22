import type { Expectation, Finding, ReadingSeries, Severity, VerdictSink } from "./detectors/detector";
import type { DetectorName } from "./detectors/registry";
import type { ResolvedDetector } from "./resolve-detectors";

/** Everything a scan must keep per sensor between runs; plain JSON. */
export interface SensorDetectorState {
  version: 1;
  detectors: Partial<Record<DetectorName, { signature: string; state: unknown }>>;
  lastAlertAt: Partial<Record<DetectorName, number>>;
  /** Bucket of each detector's last alert. */
  lastAlertBucket?: Partial<Record<DetectorName, number>>;
  /** Last alert of any detector, for the sensor-wide cooldown. */
  lastSensorAlertAt?: number;
  /** Last finding of a sensor-fault detector (one that does not learn from history). */
  lastFaultAt?: number;
}

export const emptySensorState = (): SensorDetectorState => ({ version: 1, detectors: {}, lastAlertAt: {} });

/** What a scan upserts: the key is deterministic, so re-processing a window cannot duplicate an alert. */
export interface AlertCandidate {
  key: string;
  sensorKey: string;
  detector: DetectorName;
  bucketStart: number;
  time: number;
  severity: Severity;
  score: number;
  expected: Expectation;
  observed: number;
  message: string;
  evidence: { from: number; to: number };
}

export interface EvaluateSensorReadingsOptions {
  sensorKey: string;
  detectors: ResolvedDetector[];
  /** Consumed: updated in place and returned. Persist it only once the alerts are written. */
  state: SensorDetectorState;
  /** New readings of this sensor, in time order, as columns. */
  series: ReadingSeries;
  bucketMs: number;
  cooldownMs: number;
  /** Drop spike and level-shift findings on readings the seasonal profile calls usual for the time of day. */
  seasonalGate?: boolean;
  /** After any alert, every detector of the sensor stays silent this long (0: off). */
  sensorCooldownMs?: number;
  /** After a sensor-fault finding, detectors that learn from history stay silent this long (0: off). */
  quietAfterFaultMs?: number;
  /** Scan time: lets silence-based detectors (gap) alert when no reading arrived at all. */
  now?: number;
  /** Per reading: the highest detector level (1 = at threshold) and whether an alert was raised there. */
  trace?: { levels: Float64Array; alerts: Uint8Array };
}

export interface EvaluateSensorReadingsResult {
  state: SensorDetectorState;
  candidates: AlertCandidate[];
}

export const alertKey = (sensorKey: string, detector: string, bucketStart: number) => `${sensorKey}|${detector}|${new Date(bucketStart).toISOString()}`;

/** What the detectors said about one series: levels and usual flags per reading, findings in reading order. */
class VerdictCollector implements VerdictSink {
  levels = new Float64Array(64);
  usual = new Uint8Array(64);
  detector = 0;
  readonly entries: { index: number; detector: number; finding: Finding }[] = [];

  /** Ready for a series of n readings (buffers are reused: a scan evaluates thousands of short series). */
  reset(n: number): void {
    if (this.levels.length < n) {
      this.levels = new Float64Array(n);
      this.usual = new Uint8Array(n);
    } else {
      this.levels.fill(0, 0, n);
      this.usual.fill(0, 0, n);
    }
    this.entries.length = 0;
  }

  found(index: number, finding: Finding): void {
    this.entries.push({ index, detector: this.detector, finding });
  }
}

const collector = new VerdictCollector();

/** The series without readings whose time or value is not a finite number, and where each kept one was. */
function finiteReadings(series: ReadingSeries): { series: ReadingSeries; positions: Int32Array | null } {
  const { times, values } = series;
  let kept = 0;
  for (let i = 0; i < times.length; i++) if (Number.isFinite(values[i]) && Number.isFinite(times[i])) kept++;
  if (kept === times.length) return { series, positions: null };
  const out = { times: new Float64Array(kept), values: new Float64Array(kept) };
  const positions = new Int32Array(kept);
  for (let i = 0, k = 0; i < times.length; i++) {
    if (!(Number.isFinite(values[i]) && Number.isFinite(times[i]))) continue;
    out.times[k] = times[i];
    out.values[k] = values[i];
    positions[k++] = i;
  }
  return { series: out, positions };
}

/**
 * Runs the configured detectors over a batch of new readings of one sensor and returns alert
 * candidates. Each detector walks the whole series in one loop (no look-ahead: a verdict on reading
 * i uses readings 0…i only); their findings are then taken in reading order, detector by detector,
 * exactly as if every reading had been shown to every detector in turn.
 */
export function evaluateSensorReadings(options: EvaluateSensorReadingsOptions): EvaluateSensorReadingsResult {
  const { detectors, state, trace } = options;
  const { series, positions } = finiteReadings(options.series);
  const candidates: AlertCandidate[] = [];
  const states = detectors.map(({ name, detector, params, signature }) => {
    let slot = state.detectors[name];
    if (!slot || slot.signature !== signature) {
      slot = { signature, state: detector.initialState(params) };
      state.detectors[name] = slot;
    }
    return slot.state;
  });

  const n = series.times.length;
  const sink = collector;
  sink.reset(n);
  if (n > 0) {
    for (let d = 0; d < detectors.length; d++) {
      sink.detector = d;
      detectors[d].detector.observe(states[d], series, detectors[d].params, sink);
    }
  }
  const entries = sink.entries;
  // Each detector reports in reading order; across detectors, reading first, then detector order.
  if (entries.length > 1) entries.sort((a, b) => a.index - b.index || a.detector - b.detector);
  const alerted = trace ? new Uint8Array(n) : null;
  for (const { index, detector: d, finding } of entries) {
    const time = series.times[index];
    if (sink.usual[index] && options.seasonalGate && detectors[d].detector.gatedBySeason) continue;
    if (detectors[d].detector.learnsFromHistory) {
      // Quiet after a fault, not on the fault's own reading: that is the same event, seen twice.
      const fault = state.lastFaultAt;
      if (fault !== undefined && time > fault && time < fault + (options.quietAfterFaultMs ?? 0)) continue;
    } else state.lastFaultAt = time;
    if (raise(options, candidates, detectors[d].name, time, finding) === "new" && alerted) alerted[index] = 1;
  }
  if (trace && alerted) {
    for (let i = 0; i < n; i++) {
      const at = positions ? positions[i] : i;
      trace.levels[at] = sink.levels[i];
      trace.alerts[at] = alerted[i];
    }
  }
  entries.length = 0;

  if (options.now !== undefined) {
    for (let d = 0; d < detectors.length; d++) {
      const { name, detector, params } = detectors[d];
      const finding = detector.check?.(states[d], options.now, params);
      if (!finding) continue;
      if (!detector.learnsFromHistory) state.lastFaultAt = options.now;
      raise(options, candidates, name, options.now, finding);
    }
  }
  return { state, candidates };
}

/**
 * Applies the bucket and cooldown rules and records the candidate: "new" for a new alert, "update"
 * for a condition keyed by its start that is still going on (a silence, a stuck run: the same alert,
 * re-sent so the upsert moves its last-seen time), null when dropped.
 */
function raise(
  options: EvaluateSensorReadingsOptions,
  candidates: AlertCandidate[],
  name: DetectorName,
  time: number,
  finding: Finding,
): "new" | "update" | null {
  const { state, bucketMs, cooldownMs, sensorKey } = options;
  const sensorCooldownMs = options.sensorCooldownMs ?? 0;
  const last = state.lastAlertAt[name];
  const bucketStart = Math.floor((finding.keyTime ?? time) / bucketMs) * bucketMs;
  const lastBucket = state.lastAlertBucket?.[name];
  const sameCondition = lastBucket === bucketStart;
  // The same condition again (same bucket): nothing new, unless it is keyed by its start.
  if (sameCondition && finding.keyTime === undefined) return null;
  if (!sameCondition) {
    if (last !== undefined && (time < last + cooldownMs || time < last)) return null;
    const lastAny = state.lastSensorAlertAt;
    if (sensorCooldownMs > 0 && lastAny !== undefined && time < lastAny + sensorCooldownMs && time !== lastAny) return null;
    state.lastAlertAt[name] = time;
    (state.lastAlertBucket ??= {})[name] = bucketStart;
    state.lastSensorAlertAt = time;
  }
  candidates.push({
    key: alertKey(sensorKey, name, bucketStart),
    sensorKey,
    detector: name,
    bucketStart,
    time,
    severity: finding.severity,
    score: finding.score,
    expected: finding.expected,
    observed: finding.observed,
    message: finding.message,
    evidence: { from: Math.min(finding.evidenceFrom, time), to: time },
  });
  return sameCondition ? "update" : "new";
}
