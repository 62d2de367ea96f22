import { z } from "zod";
import type { Detector, Finding, NaturalExtremes } from "./detector";
import * as detectorLib from "./detector";
import * as robustWindowLib from "./robust-window";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { formatDuration, learnNatural, raiseLevel } = detectorLib;
const { medianOf } = robustWindowLib;

export const gapParams = z.object({
  /** The sensor's reporting interval; when absent it is learned (median of recent intervals). */
  expectedIntervalMs: z.number().int().positive().optional(),
  /** Silence longer than expected interval × factor is a gap. */
  factor: z.number().min(1).default(5),
  /** Never report a gap shorter than this, whatever the interval. */
  minGapMs: z.number().int().min(0).default(60_000),
  criticalFactor: z.number().min(1).default(20),
  /** Intervals remembered for learning the expected one. */
  learnFrom: z.number().int().min(3).max(200).default(15),
  /**
   * Readings during which the sensor's own longest silence is learned: later a gap must also exceed
   * `learnMargin` times it, so a source that reports irregularly by nature is not "not syncing". 0: off.
   */
  learnFor: z.number().int().min(0).max(100_000).default(0),
  learnMargin: z.number().min(1).max(100).default(2),
});
export type GapParams = z.infer<typeof gapParams>;

export interface GapState extends NaturalExtremes {
  lastTime: number | null;
  intervals: number[];
  /** Median of `intervals`, kept so regular sampling does not re-sort on every reading. */
  learned: number | null;
}

function expectedInterval(state: GapState, params: GapParams): number | null {
  if (params.expectedIntervalMs !== undefined) return params.expectedIntervalMs;
  return state.intervals.length >= 3 ? state.learned : null;
}

function gapFinding(state: GapState, lastTime: number | null, silentMs: number, params: GapParams): Finding | null {
  const expected = expectedInterval(state, params);
  if (expected === null || lastTime === null) return null;
  const natural = params.learnFor > 0 ? (state.natural?.[1] ?? 0) : 0;
  const limit = Math.max(expected * params.factor, params.minGapMs, params.learnMargin * natural);
  if (silentMs <= limit) return null;
  const ratio = silentMs / expected;
  return {
    severity: ratio >= params.criticalFactor ? "critical" : "warning",
    score: ratio,
    expected: { low: null, high: expected, center: expected },
    observed: silentMs,
    message: `Sensor not syncing: no reading for ${formatDuration(silentMs)} (expected every ${formatDuration(expected)}, limit ${formatDuration(limit)})`,
    evidenceFrom: lastTime,
    keyTime: lastTime,
  };
}

/** No reading for longer than the expected interval × factor ("sensor not syncing"). */
export const gapDetector: Detector<GapParams, GapState> = {
  name: "gap",
  description: "No reading for longer than the expected interval times a factor.",
  params: gapParams,
  initialState: () => ({ lastTime: null, intervals: [], learned: null }),
  observe(state, series, params, sink) {
    const { times } = series;
    // In a local for the series (see novelty): a field that starts null makes every write an allocation.
    let lastTime = state.lastTime;
    for (let i = 0; i < times.length; i++) {
      const time = times[i];
      if (lastTime === null || time <= lastTime) {
        // Duplicates and late, out-of-order readings say nothing about silence.
        lastTime ??= time;
        continue;
      }
      const interval = time - lastTime;
      if (params.learnFor > 0) learnNatural(state, interval, params.learnFor);
      const finding = gapFinding(state, lastTime, interval, params);
      // A gap is not a sampling interval: learning it would teach the detector to accept silence.
      if (!finding) {
        state.intervals.push(interval);
        const evicted = state.intervals.length > params.learnFrom ? state.intervals.shift() : undefined;
        if (evicted !== interval) state.learned = medianOf(state.intervals);
      }
      lastTime = time;
      if (!finding) continue;
      raiseLevel(sink.levels, i, finding.score / params.factor);
      sink.found(i, finding);
    }
    state.lastTime = lastTime;
  },
  check(state, now, params) {
    return state.lastTime === null ? null : gapFinding(state, state.lastTime, now - state.lastTime, params);
  },
};
