import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

const finite = z.number().finite();

export const grossRangeParams = z
  .object({ failMin: finite, failMax: finite, suspectMin: finite.optional(), suspectMax: finite.optional() })
  .strict()
  .refine((p) => p.failMin < p.failMax, { message: "failMin must be below failMax", path: ["failMax"] })
  .refine((p) => p.suspectMin === undefined || (p.suspectMin >= p.failMin && p.suspectMin < p.failMax), {
    message: "suspectMin must lie inside the fail range",
    path: ["suspectMin"],
  })
  .refine((p) => p.suspectMax === undefined || (p.suspectMax <= p.failMax && p.suspectMax > p.failMin), {
    message: "suspectMax must lie inside the fail range",
    path: ["suspectMax"],
  })
  .refine((p) => p.suspectMin === undefined || p.suspectMax === undefined || p.suspectMin < p.suspectMax, {
    message: "suspectMin must be below suspectMax",
    path: ["suspectMax"],
  });

/** QARTOD gross range: outside the sensor's span fails, outside the plausible span is suspect; a NaN fails. */
export const grossRange = defineQcTest({
  name: "gross_range",
  version: 1,
  title: "Gross range",
  params: grossRangeParams,
  lookbackMs: () => 0,
  run({ values }, p) {
    const codes = new Uint8Array(values.length);
    const sMin = p.suspectMin ?? -Infinity;
    const sMax = p.suspectMax ?? Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(v >= p.failMin && v <= p.failMax)) codes[i] = FAIL;
      else if (v < sMin || v > sMax) codes[i] = SUSPECT;
    }
    return codes;
  },
});
