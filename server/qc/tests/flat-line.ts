import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest, raise } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

const DAY_S = 86_400;

export const flatLineParams = z
  .object({
    /** Values within this of each other count as the same. */
    tolerance: z.number().finite().min(0).max(1e6),
    suspectSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * DAY_S),
    failSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * DAY_S),
  })
  .strict()
  .refine((p) => p.suspectSeconds < p.failSeconds, { message: "suspectSeconds must be below failSeconds", path: ["failSeconds"] });

/**
 * Flat line / stuck sensor (QARTOD flat line, SaQC flagConstants): a run of readings whose spread
 * (max − min) stays within the tolerance for at least the suspect or fail duration is flagged whole.
 * Monotone deques keep the window's min and max, so the pass is O(n).
 */
export const flatLine = defineQcTest({
  name: "flat_line",
  version: 1,
  title: "Flat line (stuck)",
  params: flatLineParams,
  lookbackMs: (p) => p.failSeconds * 1000,
  run({ times, values }, p) {
    const n = values.length;
    const codes = new Uint8Array(n);
    const maxQ = new Int32Array(n);
    const minQ = new Int32Array(n);
    let maxHead = 0,
      maxTail = 0,
      minHead = 0,
      minTail = 0;
    let start = 0;
    let suspectDone = -1,
      failDone = -1;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      while (maxTail > maxHead && values[maxQ[maxTail - 1]] <= v) maxTail--;
      maxQ[maxTail++] = i;
      while (minTail > minHead && values[minQ[minTail - 1]] >= v) minTail--;
      minQ[minTail++] = i;
      while (values[maxQ[maxHead]] - values[minQ[minHead]] > p.tolerance) {
        start++;
        if (maxQ[maxHead] < start) maxHead++;
        if (minQ[minHead] < start) minHead++;
      }
      const lasted = (times[i] - times[start]) / 1000;
      if (lasted >= p.failSeconds) {
        for (let j = Math.max(start, failDone + 1); j <= i; j++) raise(codes, j, FAIL);
        failDone = i;
      } else if (lasted >= p.suspectSeconds) {
        for (let j = Math.max(start, suspectDone + 1); j <= i; j++) raise(codes, j, SUSPECT);
        suspectDone = i;
      }
    }
    return codes;
  },
});
