import { z } from "zod";
import type { LikelihoodState } from "./anomaly-likelihood";
import * as likelihoodLib from "./anomaly-likelihood";
import type { Detector } from "./detector";
import * as detectorLib from "./detector";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { emptyLikelihood, logScore, updateLikelihood } = likelihoodLib;
const { formatNumber, raiseLevel } = detectorLib;

const DAY_MS = 86_400_000;

export const noveltyParams = z.object({
  /** Readings that only teach (range, daily profile, likelihood): about a day of 5-minute readings. */
  warmup: z.number().int().min(20).max(100_000).default(300),
  /** Time-of-day slots of the learned daily profile (12: two-hour slots). */
  slots: z.number().int().min(1).max(96).default(12),
  /** Weight of a new reading in its slot's mean and mean absolute deviation. */
  alpha: z.number().min(0.001).max(1).default(0.025),
  /** Readings a time-of-day slot must have seen before it judges (and feeds the likelihood). */
  slotMinReadings: z.number().int().min(2).max(10_000).default(20),
  /** Weight of a new reading in the level shared by all slots (Holt–Winters: the slots hold offsets from it); 0 keeps slots independent. */
  levelAlpha: z.number().min(0).max(1).default(0),
  /** Distance from the slot's mean, in its σ, at which the raw score is one half: raw = z / (z + half). */
  half: z.number().min(0.1).max(1000).default(30),
  /** Raw scores in the likelihood's short moving average. */
  averaging: z.number().int().min(1).max(100).default(5),
  /** Averaged scores per re-estimation of the likelihood's distribution (NuPIC: 100). */
  blockSize: z.number().int().min(10).max(10_000).default(100),
  /** Averaged scores the likelihood's distribution spans (NuPIC: 8,640). */
  window: z.number().int().min(100).max(1_000_000).default(8_700),
  /** Log-likelihood score at which an alert is raised: 0.4 is a tail probability of 1e-4, 0.5 of 1e-5 (NuPIC). */
  threshold: z.number().min(0.1).max(1).default(0.4),
  /** A value beyond the range seen so far by this share of it alerts at once (NuPIC's spatial rule: 0.05). */
  rangeTolerance: z.number().min(0).max(10).default(0.05),
  /** The new-range rule waits until the history spans this long (a day: both ends of a daily cycle have been seen). */
  rangeAfterMs: z
    .number()
    .int()
    .min(0)
    .max(30 * DAY_MS)
    .default(DAY_MS),
  /**
   * After an alert, readings during which this detector stays silent: one alert per event. 120 is CAD OSE's
   * prob/5 for a 4,032-reading NAB file (two weeks of 5-minute readings); on NAB's shared files 100–125 score
   * alike, 75 and 150–300 lower.
   */
  refractory: z.number().int().min(0).max(100_000).default(120),
});
export type NoveltyParams = z.infer<typeof noveltyParams>;

export interface NoveltyState {
  seen: number;
  /** Time of the first reading (optional: states stored before it existed start counting at their next reading). */
  firstTime?: number;
  level: number | null;
  min: number | null;
  max: number | null;
  /** Per time-of-day slot: offset from the level, and mean absolute deviation (−1 while the slot is unseen). */
  slotMean: number[];
  slotDev: number[];
  /** Readings seen per slot after its first (its weights run as plain means until 1/alpha). */
  slotSeen: number[];
  likelihood: LikelihoodState;
  quietUntil: number;
}

/**
 * What the sensor's own history makes improbable: a value outside everything seen so far (new
 * range), or a run of readings far from the learned profile of their time of day, scored by
 * Numenta's anomaly likelihood so each sensor's own noise sets its bar. One alert per event.
 */
export const noveltyDetector: Detector<NoveltyParams, NoveltyState> = {
  name: "novelty",
  description: "A value outside the learned range, or readings the sensor's history makes improbable for their time of day (calibrated likelihood).",
  params: noveltyParams,
  learnsFromHistory: true,
  initialState: (params) => ({
    seen: 0,
    level: null,
    min: null,
    max: null,
    slotMean: Array(params.slots).fill(0),
    slotDev: Array(params.slots).fill(-1),
    slotSeen: Array(params.slots).fill(0),
    likelihood: emptyLikelihood(),
    quietUntil: 0,
  }),
  observe(state, series, params, sink) {
    const { times, values } = series;
    const { slotMean, slotDev, slotSeen, likelihood } = state;
    // The scalars stay in locals for the series and go back once: a double written to a field that
    // has held null is a new heap number each time, millions per scan.
    let { seen, firstTime, level: levelNow, min: low, max: high, quietUntil } = state;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      const time = times[i];
      const index = seen++;
      const min = low ?? x;
      const max = high ?? x;
      const range = max - min;
      const since = (firstTime ??= time);
      const outside =
        index >= params.warmup && time - since >= params.rangeAfterMs && (x > max + params.rangeTolerance * range || x < min - params.rangeTolerance * range);
      low = Math.min(min, x);
      high = Math.max(max, x);

      const phase = ((time % DAY_MS) + DAY_MS) % DAY_MS;
      const slot = Math.floor((phase / DAY_MS) * params.slots);
      let raw = -1;
      const level = (levelNow ??= x);
      const mean = level + slotMean[slot];
      let sigma = 0;
      if (slotDev[slot] < 0) {
        slotMean[slot] = x - level;
        slotDev[slot] = 0;
      } else {
        // Floor at 0.1 % of the range seen, so a flat or quantised slot does not divide by zero.
        sigma = Math.max(1.2533 * slotDev[slot], 1e-3 * (high - low), 1e-9);
        const z = Math.abs(x - mean) / sigma;
        if (slotSeen[slot] >= params.slotMinReadings) raw = z / (z + params.half);
        // A plain running mean until 1/alpha readings, exponentially weighted after: an EW started at
        // zero would underestimate a new slot's spread for its first few dozen readings.
        const inSlot = ++slotSeen[slot];
        const weight = Math.max(params.alpha, 1 / inSlot);
        levelNow = level + params.levelAlpha * (x - slotMean[slot] - level);
        slotMean[slot] += weight * (x - levelNow - slotMean[slot]);
        slotDev[slot] += weight * (Math.abs(x - mean) - slotDev[slot]);
      }
      // The likelihood learns from the second half of warm-up on, once the profile has settled a
      // little, and only from slots that have learned (a new slot has no opinion yet).
      const q = index >= params.warmup / 2 && raw >= 0 ? updateLikelihood(likelihood, raw, params) : 1;
      if (index < params.warmup) continue;
      const score = logScore(q);
      const verdictLevel = outside ? 2 : score / params.threshold;
      if (index < quietUntil || verdictLevel < 1) {
        raiseLevel(sink.levels, i, Math.min(verdictLevel, 0.999));
        continue;
      }
      quietUntil = index + params.refractory;
      raiseLevel(sink.levels, i, verdictLevel);
      sink.found(
        i,
        outside
          ? {
              severity: "critical",
              score: 1,
              expected: { low: min, high: max, center: null },
              observed: x,
              message: `New range: ${formatNumber(x)} is outside everything seen so far (${formatNumber(min)} … ${formatNumber(max)})`,
              evidenceFrom: time,
            }
          : {
              severity: "warning",
              score,
              expected: { low: mean - 3 * sigma, high: mean + 3 * sigma, center: mean },
              observed: x,
              message: `Improbable for the time of day: the recent readings have a tail probability of ${q.toExponential(1)} under this sensor's history (log score ${formatNumber(score)}, threshold ${params.threshold})`,
              evidenceFrom: time,
            },
      );
    }
    state.seen = seen;
    if (firstTime !== undefined) state.firstTime = firstTime;
    state.level = levelNow;
    state.min = low;
    state.max = high;
    state.quietUntil = quietUntil;
  },
};
