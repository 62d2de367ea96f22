import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

export const rateOfChangeParams = z
  .object({ suspectPerHour: z.number().finite().positive(), failPerHour: z.number().finite().positive().optional() })
  .strict()
  .refine((p) => p.failPerHour === undefined || p.suspectPerHour < p.failPerHour, {
    message: "suspectPerHour must be below failPerHour",
    path: ["failPerHour"],
  });

const HOUR_MS = 3_600_000;

/** QARTOD rate of change: the change from the previous reading, per hour of time between them. */
export const rateOfChange = defineQcTest({
  name: "rate_of_change",
  version: 1,
  title: "Rate of change",
  params: rateOfChangeParams,
  lookbackMs: () => HOUR_MS,
  run({ times, values }, p) {
    const codes = new Uint8Array(values.length);
    const fail = p.failPerHour ?? Infinity;
    for (let i = 1; i < values.length; i++) {
      const dt = times[i] - times[i - 1];
      if (dt <= 0) continue;
      const rate = (Math.abs(values[i] - values[i - 1]) / dt) * HOUR_MS;
      if (rate > fail) codes[i] = FAIL;
      else if (rate > p.suspectPerHour) codes[i] = SUSPECT;
    }
    return codes;
  },
});
