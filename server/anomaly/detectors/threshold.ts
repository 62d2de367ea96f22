import { z } from "zod";
import type { Detector, Expectation } from "./detector";
import * as detectorLib from "./detector";

// Bound once: tsx runs the worker as CommonJS, where every call of a named import goes through a getter (README, "Detector speed").
const { formatNumber, raiseLevel } = detectorLib;

export const thresholdParams = z
  .object({
    /** Outside the sensor's valid range the reading is impossible: a broken sensor (critical). */
    validMin: z.number().optional(),
    validMax: z.number().optional(),
    /** Operator thresholds: a real but unwanted condition (warning). */
    warnBelow: z.number().optional(),
    warnAbove: z.number().optional(),
  })
  .refine((p) => p.validMin === undefined || p.validMax === undefined || p.validMin <= p.validMax, "validMin must not exceed validMax")
  .refine((p) => p.warnBelow === undefined || p.warnAbove === undefined || p.warnBelow <= p.warnAbove, "warnBelow must not exceed warnAbove");
export type ThresholdParams = z.infer<typeof thresholdParams>;

export type ThresholdState = Record<string, never>;

const nullable = (x: number | undefined) => (x === undefined ? null : x);

function outsideLimits(x: number, time: number, low: number | undefined, high: number | undefined, kind: "valid" | "warn") {
  const below = low !== undefined && x < low;
  const above = high !== undefined && x > high;
  if (!below && !above) return null;
  const limit = below ? low! : high!;
  const expected: Expectation = { low: nullable(low), high: nullable(high), center: null };
  const span = Math.max(Math.abs(limit), 1e-9);
  return {
    level: 1 + Math.abs(x - limit) / span,
    finding: {
      severity: kind === "valid" ? ("critical" as const) : ("warning" as const),
      score: x - limit,
      expected,
      observed: x,
      message:
        kind === "valid"
          ? `Invalid reading: ${formatNumber(x)} is outside the valid range [${formatNumber(low ?? -Infinity)}, ${formatNumber(high ?? Infinity)}]`
          : `Threshold: ${formatNumber(x)} is ${below ? "below" : "above"} ${formatNumber(limit)}`,
      evidenceFrom: time,
    },
  };
}

/** Valid-range and threshold rules; stateless. Inert until an operator sets a limit. */
export const thresholdDetector: Detector<ThresholdParams, ThresholdState> = {
  name: "threshold",
  description: "Readings outside the valid range (critical) or beyond operator thresholds (warning).",
  params: thresholdParams,
  initialState: () => ({}),
  observe(_state, series, params, sink) {
    const { times, values } = series;
    const { validMin, validMax, warnBelow, warnAbove } = params;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      // Fast path: most readings are within every limit (an undefined limit compares false).
      if (!(x < validMin!) && !(x > validMax!) && !(x < warnBelow!) && !(x > warnAbove!)) continue;
      const verdict = outsideLimits(x, times[i], validMin, validMax, "valid") ?? outsideLimits(x, times[i], warnBelow, warnAbove, "warn");
      if (!verdict) continue;
      raiseLevel(sink.levels, i, verdict.level);
      sink.found(i, verdict.finding);
    }
  },
};
