import { z } from "zod";
import { formatNumber, quiet, type Detector } from "./detector";

export const stuckValueParams = z.object({
  /** The same reading this many times in a row is a stuck sensor. */
  repeats: z.number().int().min(2).default(30),
  /** Readings closer than this count as the same (0: exactly equal). */
  tolerance: z.number().min(0).default(0),
  /** Run length (in multiples of `repeats`) at which it becomes critical. */
  criticalAfter: z.number().min(1).default(4),
});
export type StuckValueParams = z.infer<typeof stuckValueParams>;

export interface StuckValueState {
  value: number | null;
  count: number;
  since: number;
}

/** The sensor reports the same value over and over (frozen firmware, disconnected probe). */
export const stuckValueDetector: Detector<StuckValueParams, StuckValueState> = {
  name: "stuck",
  description: "The same reading N times in a row.",
  params: stuckValueParams,
  initialState: () => ({ value: null, count: 0, since: 0 }),
  observe(state, reading, params) {
    if (state.value !== null && Math.abs(reading.value - state.value) <= params.tolerance) {
      state.count++;
    } else {
      state.value = reading.value;
      state.count = 1;
      state.since = reading.time;
    }
    const level = state.count / params.repeats;
    if (state.count < params.repeats) return quiet(level);
    return {
      level,
      finding: {
        severity: level >= params.criticalAfter ? "critical" : "warning",
        score: state.count,
        expected: { low: null, high: null, center: null },
        observed: reading.value,
        message: `Stuck value: ${formatNumber(state.value)} reported ${state.count} times in a row (threshold ${params.repeats})`,
        evidenceFrom: state.since,
      },
    };
  },
};
