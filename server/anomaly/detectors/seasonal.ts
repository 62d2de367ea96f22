import { z } from "zod";
import type { Detector } from "./detector";
import * as detectorLib from "./detector";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { band, formatNumber, raiseLevel, severityFor } = detectorLib;

export const seasonalParams = z.object({
  periodMs: z.number().int().positive().default(86_400_000),
  /** Slots per period (48: half-hour slots of a day). */
  slots: z.number().int().min(2).max(1440).default(48),
  /** Weight of a new reading in its slot's mean and spread. */
  alpha: z.number().positive().max(1).default(0.05),
  /** Full periods to learn before judging. */
  minPeriods: z.number().min(0).default(2),
  /** Distance from the slot mean, in the slot's σ, at which a reading is abnormal. */
  threshold: z.number().positive().default(7),
  criticalAt: z.number().positive().default(14),
  minScale: z.number().min(0).default(0),
  relativeMinScale: z.number().min(0).default(0.001),
  /** A UTC offset for "time of day", so slots follow the site's local day. */
  offsetMs: z.number().int().default(0),
});
export type SeasonalParams = z.infer<typeof seasonalParams>;

export interface SeasonalState {
  firstTime: number | null;
  mean: number[];
  /** Readings seen per slot (a slot with none has no mean yet). */
  seen: number[];
  /** Mean absolute deviation per slot (× 1.2533 ≈ σ for normal noise). */
  deviation: number[];
}

/** A reading far from what this time of day usually looks like (a learned daily profile). */
export const seasonalDetector: Detector<SeasonalParams, SeasonalState> = {
  name: "seasonal",
  description: "A reading far from the learned profile for its time of day.",
  params: seasonalParams,
  initialState: (params) => ({ firstTime: null, mean: Array(params.slots).fill(0), seen: Array(params.slots).fill(0), deviation: Array(params.slots).fill(0) }),
  observe(state, series, params, sink) {
    const { times, values } = series;
    for (let i = 0; i < values.length; i++) {
      const time = times[i];
      state.firstTime ??= time;
      const phase = (((time + params.offsetMs) % params.periodMs) + params.periodMs) % params.periodMs;
      const slot = Math.floor((phase / params.periodMs) * params.slots);
      const mean = state.mean[slot];
      const x = values[i];
      if (state.seen[slot]++ === 0) {
        state.mean[slot] = x;
        continue;
      }
      const scale = Math.max(1.2533 * state.deviation[slot], params.minScale, params.relativeMinScale * Math.abs(mean), 1e-9);
      const z = Math.abs(x - mean) / scale;
      const learned = time - state.firstTime >= params.minPeriods * params.periodMs;
      // Learn from a clipped value, so an anomaly does not teach the profile to expect itself.
      const limit = params.threshold * scale;
      const clipped = learned ? Math.min(mean + limit, Math.max(mean - limit, x)) : x;
      state.mean[slot] = mean + params.alpha * (clipped - mean);
      state.deviation[slot] += params.alpha * (Math.abs(clipped - mean) - state.deviation[slot]);
      if (!learned) continue;
      raiseLevel(sink.levels, i, z / params.threshold);
      if (z < params.threshold) {
        sink.usual[i] = 1;
        continue;
      }
      sink.found(i, {
        severity: severityFor(z, params.criticalAt),
        score: z,
        expected: band(mean, params.threshold * scale),
        observed: x,
        message: `Unusual for the time of day: ${formatNumber(x)} where ${formatNumber(mean)} ± ${formatNumber(scale)} is usual (${formatNumber(z)} σ, threshold ${params.threshold})`,
        evidenceFrom: time - params.periodMs / params.slots,
      });
    }
  },
};
