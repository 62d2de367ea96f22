import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

export const referenceDriftParams = z
  .object({
    /** Rolling window of the mean difference from the reference. */
    windowSeconds: z
      .number()
      .int()
      .min(600)
      .max(90 * 86_400),
    /** The difference expected between them (e.g. from shear between heights). */
    expectedOffset: z.number().finite().default(0),
    suspectOffset: z.number().finite().positive(),
    failOffset: z.number().finite().positive().optional(),
    /** Fewer paired readings than this in the window: not evaluated. */
    minCount: z.number().int().min(1).max(100_000).default(6),
    /** A reference sensor key; without it, the median of the station's other points of the same quantity and statistic. */
    reference: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((p) => p.failOffset === undefined || p.suspectOffset < p.failOffset, { message: "suspectOffset must be below failOffset", path: ["failOffset"] });

/**
 * Drift from neighbours or a reference (SaQC flagDriftFromNorm/flagOffset in spirit): the rolling mean
 * of (value − reference − expectedOffset) over the window; its size past the offsets flags the reading
 * that ends the window. Readings without a reference value at their time are not evaluated.
 */
export const referenceDrift = defineQcTest({
  name: "reference_drift",
  version: 1,
  title: "Drift from reference",
  params: referenceDriftParams,
  needs: "reference",
  lookbackMs: (p) => p.windowSeconds * 1000,
  run({ times, values }, p, { reference }) {
    const n = values.length;
    const codes = new Uint8Array(n);
    if (!reference) return codes;
    const windowMs = p.windowSeconds * 1000;
    const fail = p.failOffset ?? Infinity;
    let sum = 0;
    let count = 0;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const d = values[i] - reference[i] - p.expectedOffset;
      const paired = !Number.isNaN(d);
      if (paired) {
        sum += d;
        count++;
      }
      while (times[i] - times[start] >= windowMs) {
        const old = values[start] - reference[start] - p.expectedOffset;
        if (!Number.isNaN(old)) {
          sum -= old;
          count--;
        }
        start++;
      }
      if (!paired || count < p.minCount) continue;
      const mean = Math.abs(sum / count);
      if (mean > fail) codes[i] = FAIL;
      else if (mean > p.suspectOffset) codes[i] = SUSPECT;
    }
    return codes;
  },
});
