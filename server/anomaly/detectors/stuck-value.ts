import { z } from "zod";
import type { Detector } from "./detector";
import * as detectorLib from "./detector";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { formatNumber, raiseLevel } = detectorLib;

export const stuckValueParams = z.object({
  /** The same reading this many times in a row is a stuck sensor. */
  repeats: z.number().int().min(2).default(30),
  /** Readings closer than this count as the same (0: exactly equal). */
  tolerance: z.number().min(0).default(0),
  /** Run length (in multiples of `repeats`) at which it becomes critical. */
  criticalAfter: z.number().min(1).default(4),
  /**
   * Readings during which the sensor's natural runs are learned: a run that starts then is normal
   * (a flat line, a plateau of a square wave, a quantised value), and later runs must exceed twice
   * the longest of them (and `repeats`). 0 (default): off, so a sensor stuck from the start is reported.
   */
  learnFor: z.number().int().min(0).max(100_000).default(0),
  /** A later run must exceed this many times the longest natural run. */
  learnMargin: z.number().min(1).max(100).default(2),
});
export type StuckValueParams = z.infer<typeof stuckValueParams>;

export interface StuckValueState {
  value: number | null;
  count: number;
  since: number;
  seen?: number;
  /** Longest run that started while learning. */
  natural?: number;
  /** The current run started while learning (it stays normal however long it lasts). */
  naturalRun?: boolean;
}

/** The sensor reports the same value over and over (frozen firmware, disconnected probe). */
export const stuckValueDetector: Detector<StuckValueParams, StuckValueState> = {
  name: "stuck",
  description: "The same reading N times in a row.",
  params: stuckValueParams,
  initialState: () => ({ value: null, count: 0, since: 0 }),
  observe(state, series, params, sink) {
    const { times, values } = series;
    // In a local for the series (see novelty): a field that starts null makes every write an allocation.
    let runValue = state.value;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const index = (state.seen = (state.seen ?? 0) + 1) - 1;
      if (runValue !== null && Math.abs(value - runValue) <= params.tolerance) {
        state.count++;
      } else {
        runValue = value;
        state.count = 1;
        state.since = times[i];
        state.naturalRun = index < params.learnFor;
      }
      if (state.naturalRun) state.natural = Math.max(state.natural ?? 0, state.count);
      const repeats = Math.max(params.repeats, Math.ceil(params.learnMargin * (state.natural ?? 0)));
      const level = state.count / repeats;
      if (state.count < repeats || state.naturalRun) {
        raiseLevel(sink.levels, i, Math.min(level, 0.999));
        continue;
      }
      // One alert per stuck run, keyed by its start: re-sent every `repeats` readings while it lasts, so
      // the alert's last-seen time and severity move, instead of a new alert per time bucket.
      if ((state.count - repeats) % params.repeats !== 0) {
        raiseLevel(sink.levels, i, 0.999);
        continue;
      }
      raiseLevel(sink.levels, i, level);
      sink.found(i, {
        severity: level >= params.criticalAfter ? "critical" : "warning",
        score: state.count,
        expected: { low: null, high: null, center: null },
        observed: value,
        message: `Stuck value: ${formatNumber(runValue)} reported ${state.count} times in a row (threshold ${repeats})`,
        evidenceFrom: state.since,
        keyTime: state.since,
      });
    }
    state.value = runValue;
  },
};
