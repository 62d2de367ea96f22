import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

export const timeGapParams = z
  .object({
    maxGapSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400),
    severity: z.enum(["suspect", "fail"]).default("suspect"),
  })
  .strict();

/** QARTOD timing/gap: the first reading after more than maxGapSeconds without one (a logger that restarted may still be settling). */
export const timeGap = defineQcTest({
  name: "time_gap",
  version: 1,
  title: "Time gap",
  params: timeGapParams,
  lookbackMs: (p) => p.maxGapSeconds * 1000,
  run({ times }, p) {
    const codes = new Uint8Array(times.length);
    const code = p.severity === "fail" ? FAIL : SUSPECT;
    for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > p.maxGapSeconds * 1000) codes[i] = code;
    return codes;
  },
});
