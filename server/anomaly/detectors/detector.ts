import type { z } from "zod";

/** One reading of one sensor: epoch milliseconds and a value. */
export interface Reading {
  time: number;
  value: number;
}

export type Severity = "warning" | "critical";

/** What the detector expected, as a band and/or a centre, so the console can draw it. */
export interface Expectation {
  low: number | null;
  high: number | null;
  center: number | null;
}

/** A detector's verdict on one reading, explained: what was expected, what was seen, how far off. */
export interface Finding {
  severity: Severity;
  /** The detector's own statistic (a robust z-score, a gap in intervals, a run length...). */
  score: number;
  expected: Expectation;
  observed: number;
  message: string;
  /** Start of the readings that support the finding; the evidence window ends at the reading. */
  evidenceFrom: number;
  /**
   * The time that identifies the condition, when it is not the reading's: a silence is keyed by
   * its start, so every scan that sees it (and the reading that ends it) upserts one alert.
   */
  keyTime?: number;
}

/**
 * A run of one sensor's readings as columns, in time order: epoch milliseconds and values, reading i
 * at index i. A scan decodes InfluxDB's answer straight into these (no object per reading), and a
 * detector walks them in one tight loop.
 */
export interface ReadingSeries {
  times: Float64Array;
  values: Float64Array;
}

export function seriesOf(readings: readonly Reading[]): ReadingSeries {
  const n = readings.length;
  const series = { times: new Float64Array(n), values: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    series.times[i] = readings[i].time;
    series.values[i] = readings[i].value;
  }
  return series;
}

export function readingsOf(series: ReadingSeries): Reading[] {
  const out: Reading[] = new Array(series.times.length);
  for (let i = 0; i < out.length; i++) out[i] = { time: series.times[i], value: series.values[i] };
  return out;
}

/** Where a detector puts its verdicts on a series, index by index (the caller sizes and clears it). */
export interface VerdictSink {
  /** Per reading, the highest level any detector gave it so far (normalised: 1 is exactly at a threshold); a detector only raises it. */
  levels: Float64Array;
  /** Per reading, 1 when a detector knows the reading is usual for its context (the time of day). */
  usual: Uint8Array;
  /** A finding on reading `index`; a detector reports its findings in reading order. */
  found(index: number, finding: Finding): void;
}

/** Raises a reading's level in the sink (what every detector does for every reading). */
export function raiseLevel(levels: Float64Array, index: number, level: number): void {
  if (level > levels[index]) levels[index] = level;
}

/**
 * A streaming detector: a pure function of (state, readings, params), no I/O, no clock. It judges
 * reading i from readings 0…i only (no look-ahead), so a series observed whole or in pieces gives the
 * same verdicts and the same state.
 * State is plain JSON (numbers, arrays, null) so a scan can persist it or rebuild it from history.
 * `observe` updates the state it is given in place: the caller owns it and persists a copy only after success.
 */
export interface Detector<Params = unknown, State = unknown> {
  name: string;
  description: string;
  params: z.ZodType<Params>;
  /** Its findings are dropped when another detector vouches the reading is usual (config `seasonalGate`). */
  gatedBySeason?: boolean;
  /**
   * It learns what is usual from the sensor's own history, so a sensor fault teaches it the fault:
   * its findings are dropped for a while after another detector's alert (config `quietAfterFaultMs`).
   */
  learnsFromHistory?: boolean;
  initialState(params: Params): State;
  /** Judges every reading of the series in turn, into the sink. */
  observe(state: State, series: ReadingSeries, params: Params, sink: VerdictSink): void;
  /** For detectors that alert on absence (no reading at all): evaluated at scan time. */
  check?(state: State, now: number, params: Params): Finding | null;
}

/** What a detector learns of its own statistic while learning: the two largest values. */
export interface NaturalExtremes {
  seen?: number;
  /** [largest, second largest]. */
  natural?: [number, number];
}

/**
 * Records a statistic while `seen <= learnFor`; returns the sensor's natural extreme so far: the
 * second largest value, so one real fault while learning does not blind the detector, while a
 * pattern the signal repeats (the edges of a square wave, daily ramps, irregular sampling) counts.
 */
export function learnNatural(state: NaturalExtremes, statistic: number, learnFor: number): number {
  const seen = (state.seen = (state.seen ?? 0) + 1);
  const natural = (state.natural ??= [0, 0]);
  if (seen <= learnFor) {
    if (statistic > natural[0]) {
      natural[1] = natural[0];
      natural[0] = statistic;
    } else if (statistic > natural[1]) natural[1] = statistic;
  }
  return natural[1];
}

/**
 * A threshold that also learns from the sensor: at least `learnMargin` times its natural extreme
 * (learnNatural). While learning it alerts as usual on what already exceeds that.
 */
export function learnedThreshold(state: NaturalExtremes, statistic: number, params: { threshold: number; learnFor: number; learnMargin: number }): number {
  if (params.learnFor === 0) return params.threshold;
  return Math.max(params.threshold, params.learnMargin * learnNatural(state, statistic, params.learnFor));
}

export const severityFor = (score: number, criticalAt: number): Severity => (score >= criticalAt ? "critical" : "warning");

export const band = (center: number, halfWidth: number): Expectation => ({ low: center - halfWidth, high: center + halfWidth, center });

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  return abs !== 0 && (abs >= 1e6 || abs < 1e-3) ? x.toExponential(3) : String(Math.round(x * 1000) / 1000);
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}
