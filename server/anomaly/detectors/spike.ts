import { z } from "zod";
import type { NaturalExtremes, Detector } from "./detector";
import * as detectorLib from "./detector";
import type { CachedScale, RobustWindow } from "./robust-window";
import * as robustWindowLib from "./robust-window";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { band, formatNumber, learnedThreshold, raiseLevel, severityFor } = detectorLib;
const { currentScale, emptyWindow, exactScale, medianOfSorted, pushValue } = robustWindowLib;

export const spikeParams = z.object({
  /** Readings in the rolling baseline. */
  window: z.number().int().min(5).max(2000).default(60),
  /** No verdict before the baseline holds this many readings. */
  minPoints: z.number().int().min(3).default(20),
  /** Robust z-score (|x − median| / 1.4826·MAD) at which a reading is a spike. */
  threshold: z.number().positive().default(7),
  criticalAt: z.number().positive().default(14),
  minScale: z.number().min(0).default(0),
  relativeMinScale: z.number().min(0).default(0.001),
  /** The MAD is recomputed every this many readings (and always near the threshold): it moves slowly. */
  scaleRefresh: z.number().int().min(1).default(8),
  /**
   * Readings during which the sensor's own largest robust z is learned: later a spike must also exceed
   * `learnMargin` times it, so a signal that does this by itself (NAB's square waves, daily ramps) is not a fault. 0: off.
   */
  learnFor: z.number().int().min(0).max(100_000).default(0),
  learnMargin: z.number().min(1).max(100).default(2),
});
export type SpikeParams = z.infer<typeof spikeParams>;

export interface SpikeState extends NaturalExtremes {
  window: RobustWindow;
  scale: CachedScale;
  /** The previous reading: exact repeats are judged but not learned, so a stuck run cannot shrink the scale to nothing. */
  last?: number;
}

/** A single reading far outside the rolling robust baseline (median and MAD of the last readings). */
export const spikeDetector: Detector<SpikeParams, SpikeState> = {
  name: "spike",
  description: "A reading far from the rolling median, in units of the rolling MAD.",
  params: spikeParams,
  gatedBySeason: true,
  initialState: (params) => ({ window: emptyWindow(params.window), scale: { scale: null, age: 0 } }),
  observe(state, series, params, sink) {
    const { times, values } = series;
    const w = state.window;
    const cache = state.scale;
    // In a local for the series (see novelty): a field that starts undefined makes every write an allocation.
    let last = state.last;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (w.values.length < params.minPoints) {
        if (value !== last) pushValue(w, value);
        last = value;
        continue;
      }
      const median = medianOfSorted(w.sorted);
      let scale = currentScale(cache, w, median, params.scaleRefresh, params.minScale, params.relativeMinScale);
      let z = Math.abs(value - median) / scale;
      if (z >= params.threshold / 2 && cache.age > 0) {
        scale = exactScale(cache, w, median, params.minScale, params.relativeMinScale);
        z = Math.abs(value - median) / scale;
      }
      cache.age++;
      if (value !== last) pushValue(w, value);
      last = value;
      const threshold = learnedThreshold(state, z, params);
      if (z < threshold) {
        raiseLevel(sink.levels, i, z / threshold);
        continue;
      }
      raiseLevel(sink.levels, i, z / params.threshold);
      sink.found(i, {
        severity: severityFor(z, params.criticalAt),
        score: z,
        expected: band(median, threshold * scale),
        observed: value,
        message: `Spike: ${formatNumber(value)} against a rolling median of ${formatNumber(median)} (robust z ${formatNumber(z)}, threshold ${formatNumber(threshold)})`,
        evidenceFrom: times[i],
      });
    }
    state.last = last;
  },
};
