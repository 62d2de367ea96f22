import { z } from "zod";
import type { NaturalExtremes, Detector } from "./detector";
import * as detectorLib from "./detector";
import type { CachedScale, RobustWindow } from "./robust-window";
import * as robustWindowLib from "./robust-window";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { band, formatNumber, learnedThreshold, raiseLevel, severityFor } = detectorLib;
const { currentScale, emptyWindow, exactScale, medianOfSorted, pushValue, valuesInOrder } = robustWindowLib;

export const levelShiftParams = z.object({
  /** Readings in the baseline that precede the recent ones. */
  window: z.number().int().min(5).max(2000).default(60),
  minPoints: z.number().int().min(3).default(20),
  /** Recent readings whose median is compared with the baseline: a lone spike cannot move it. */
  recent: z.number().int().min(2).max(100).default(5),
  /** Shift of the recent median, in baseline robust σ. */
  threshold: z.number().positive().default(5),
  criticalAt: z.number().positive().default(10),
  minScale: z.number().min(0).default(0),
  relativeMinScale: z.number().min(0).default(0.001),
  scaleRefresh: z.number().int().min(1).default(8),
  /**
   * Readings during which the sensor's own largest shift (robust σ) is learned: later a level shift must also exceed
   * `learnMargin` times it, so a signal that does this by itself (NAB's square waves, daily ramps) is not a fault. 0: off.
   */
  learnFor: z.number().int().min(0).max(100_000).default(0),
  learnMargin: z.number().min(1).max(100).default(2),
});
export type LevelShiftParams = z.infer<typeof levelShiftParams>;

export interface LevelShiftState extends NaturalExtremes {
  baseline: RobustWindow;
  recent: RobustWindow;
  recentTimes: number[];
  scale: CachedScale;
}

/** The level moves and stays: the median of the last few readings leaves the rolling robust baseline. */
export const levelShiftDetector: Detector<LevelShiftParams, LevelShiftState> = {
  name: "level_shift",
  description: "The median of the most recent readings moves away from the rolling baseline median.",
  params: levelShiftParams,
  gatedBySeason: true,
  initialState: (params) => ({ baseline: emptyWindow(params.window), recent: emptyWindow(params.recent), recentTimes: [], scale: { scale: null, age: 0 } }),
  observe(state, series, params, sink) {
    const { times, values } = series;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const evicted = pushValue(state.recent, value);
      if (evicted !== undefined) pushValue(state.baseline, evicted);
      // The oldest recent reading's time, for the evidence window: a ring beside the recent values.
      const slot = (state.recent.next + params.recent - 1) % params.recent;
      state.recentTimes[state.recent.values.length < params.recent ? state.recent.values.length - 1 : slot] = times[i];
      const base = state.baseline;
      if (state.recent.values.length < params.recent || base.values.length < params.minPoints) continue;
      const median = medianOfSorted(base.sorted);
      let scale = currentScale(state.scale, base, median, params.scaleRefresh, params.minScale, params.relativeMinScale);
      const recentMedian = medianOfSorted(state.recent.sorted);
      let shift = Math.abs(recentMedian - median) / scale;
      if (shift >= params.threshold / 2 && state.scale.age > 0) {
        scale = exactScale(state.scale, base, median, params.minScale, params.relativeMinScale);
        shift = Math.abs(recentMedian - median) / scale;
      }
      state.scale.age++;
      const threshold = learnedThreshold(state, shift, params);
      if (shift < threshold) {
        raiseLevel(sink.levels, i, shift / threshold);
        continue;
      }
      const from = state.recentTimes[state.recent.next] ?? state.recentTimes[0];
      // Re-anchor on the new level, so one shift raises one alert rather than one per reading until the window forgets.
      state.baseline = emptyWindow(params.window);
      state.scale = { scale: null, age: 0 };
      for (const v of valuesInOrder(state.recent)) pushValue(state.baseline, v);
      state.recent = emptyWindow(params.recent);
      state.recentTimes = [];
      raiseLevel(sink.levels, i, shift / params.threshold);
      sink.found(i, {
        severity: severityFor(shift, params.criticalAt),
        score: shift,
        expected: band(median, threshold * scale),
        observed: recentMedian,
        message: `Level shift: the last ${params.recent} readings sit at ${formatNumber(recentMedian)}, the baseline at ${formatNumber(median)} (${formatNumber(shift)} robust σ, threshold ${formatNumber(threshold)})`,
        evidenceFrom: from,
      });
    }
  },
};
