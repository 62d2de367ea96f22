import { z } from "zod";
import type { Detector, NaturalExtremes, VerdictSink } from "./detector";
import * as detectorLib from "./detector";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { band, formatDuration, formatNumber, learnedThreshold, raiseLevel, severityFor } = detectorLib;

export const driftParams = z.object({
  /** Readings are averaged per block; a block's spread measures the short-term noise. */
  blockMs: z.number().int().positive().default(3_600_000),
  /** Blocks per cycle: the level is the mean over a whole cycle, so a daily cycle cancels out. */
  blocksPerPeriod: z.number().int().min(1).max(1000).default(24),
  /** Drift of the cycle mean from its reference, in units of the short-term noise σ. */
  threshold: z.number().positive().default(2),
  criticalAt: z.number().positive().default(4),
  minScale: z.number().min(0).default(0),
  relativeMinScale: z.number().min(0).default(0.001),
  /**
   * Cycle levels (one per block) during which the sensor's own largest drift is learned: a drift must also
   * exceed `learnMargin` times it, so a level that wanders by itself (weather, seasons) is not a fault. 0: off.
   */
  learnFor: z.number().int().min(0).max(100_000).default(0),
  learnMargin: z.number().min(1).max(100).default(2),
});
export type DriftParams = z.infer<typeof driftParams>;

export interface DriftState extends NaturalExtremes {
  blockStart: number | null;
  blockSum: number;
  blockSumSq: number;
  blockCount: number;
  /** Means of the last completed blocks, oldest first (at most blocksPerPeriod). */
  blockMeans: number[];
  /** Mean within-block variance, averaged over completed blocks (exponentially). */
  noiseVariance: number | null;
  reference: number | null;
  referenceSince: number | null;
  lastLevel: number;
}

/**
 * Slow drift of the level (a sensor losing calibration): the mean over the last full cycle,
 * compared with a reference cycle mean, in units of the within-block noise. After an alert it re-anchors
 * on the next full cycle.
 */
export const driftDetector: Detector<DriftParams, DriftState> = {
  name: "drift",
  description: "The mean over the last full cycle drifts from the reference cycle mean.",
  params: driftParams,
  initialState: () => ({
    blockStart: null,
    blockSum: 0,
    blockSumSq: 0,
    blockCount: 0,
    blockMeans: [],
    noiseVariance: null,
    reference: null,
    referenceSince: null,
    lastLevel: 0,
  }),
  observe(state, series, params, sink) {
    const { times, values } = series;
    for (let i = 0; i < values.length; i++) {
      const time = times[i];
      const value = values[i];
      const blockStart = Math.floor(time / params.blockMs) * params.blockMs;
      if (state.blockStart !== null && blockStart > state.blockStart && state.blockCount > 0) closeBlock(state, i, time, value, params, sink);
      else raiseLevel(sink.levels, i, state.lastLevel);
      if (state.blockStart === null || blockStart > state.blockStart) {
        state.blockStart = blockStart;
        state.blockSum = 0;
        state.blockSumSq = 0;
        state.blockCount = 0;
      }
      state.blockSum += value;
      state.blockSumSq += value * value;
      state.blockCount++;
    }
  },
};

function closeBlock(state: DriftState, index: number, now: number, observedValue: number, params: DriftParams, sink: VerdictSink): void {
  const mean = state.blockSum / state.blockCount;
  if (state.blockCount > 1) {
    const variance = Math.max(0, state.blockSumSq / state.blockCount - mean * mean) * (state.blockCount / (state.blockCount - 1));
    state.noiseVariance = state.noiseVariance === null ? variance : state.noiseVariance + 0.05 * (variance - state.noiseVariance);
  }
  state.blockMeans.push(mean);
  if (state.blockMeans.length > params.blocksPerPeriod) state.blockMeans.shift();
  if (state.blockMeans.length < params.blocksPerPeriod) return;
  const level = state.blockMeans.reduce((a, b) => a + b, 0) / state.blockMeans.length;
  if (state.reference === null) {
    state.reference = level;
    state.referenceSince = now;
    return;
  }
  const sigma = Math.max(Math.sqrt(state.noiseVariance ?? 0), params.minScale, params.relativeMinScale * Math.abs(state.reference), 1e-9);
  const drift = Math.abs(level - state.reference) / sigma;
  const threshold = learnedThreshold(state, drift, params);
  state.lastLevel = drift / threshold;
  if (drift < threshold) {
    raiseLevel(sink.levels, index, state.lastLevel);
    return;
  }
  const reference = state.reference;
  const periodMs = params.blockMs * params.blocksPerPeriod;
  // Re-anchor on the first full cycle after the alert: the cycle mean keeps moving while the change
  // enters and leaves the averaging window, and that is the same event, not a new drift.
  state.reference = null;
  state.referenceSince = null;
  state.blockMeans = [];
  state.lastLevel = 0;
  raiseLevel(sink.levels, index, drift / threshold);
  sink.found(index, {
    severity: severityFor(drift, params.criticalAt),
    score: drift,
    expected: band(reference, threshold * sigma),
    observed: level,
    message: `Drift: the mean over the last ${formatDuration(periodMs)} is ${formatNumber(level)}, the reference ${formatNumber(reference)} (${formatNumber(drift)} σ of short-term noise, threshold ${formatNumber(threshold)}); observed ${formatNumber(observedValue)}`,
    evidenceFrom: now - periodMs,
  });
}
