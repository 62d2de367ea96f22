import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

const ratio = z.number().finite().positive().max(100);

export const redundantPairParams = z
  .object({
    /** The ratio this sensor / partner may take. */
    suspectRatioMin: ratio,
    suspectRatioMax: ratio,
    failRatioMin: ratio.optional(),
    failRatioMax: ratio.optional(),
    /** Below this (on either sensor) the ratio means little (calm wind): not evaluated. */
    minValue: z.number().finite().min(0).default(0),
    /** The partner's sensor key; without it, the station's other point of the same quantity, statistic and height. */
    partner: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((p) => p.suspectRatioMin < 1 && p.suspectRatioMax > 1, { message: "The suspect band must contain 1", path: ["suspectRatioMax"] })
  .refine((p) => p.failRatioMin === undefined || p.failRatioMin < p.suspectRatioMin, {
    message: "failRatioMin must be below suspectRatioMin",
    path: ["failRatioMin"],
  })
  .refine((p) => p.failRatioMax === undefined || p.failRatioMax > p.suspectRatioMax, {
    message: "failRatioMax must be above suspectRatioMax",
    path: ["failRatioMax"],
  });

/** Two redundant sensors (e.g. anemometers at one height, two booms) disagreeing: their ratio out of band flags this one. */
export const redundantPair = defineQcTest({
  name: "redundant_pair",
  version: 1,
  title: "Redundant pair ratio",
  params: redundantPairParams,
  needs: "partner",
  lookbackMs: () => 0,
  run({ values }, p, { partner }) {
    const codes = new Uint8Array(values.length);
    if (!partner) return codes;
    const fMin = p.failRatioMin ?? 0;
    const fMax = p.failRatioMax ?? Infinity;
    for (let i = 0; i < values.length; i++) {
      const a = values[i];
      const b = partner[i];
      if (!(a >= p.minValue && b >= p.minValue) || b === 0) continue;
      const r = a / b;
      if (r < fMin || r > fMax) codes[i] = FAIL;
      else if (r < p.suspectRatioMin || r > p.suspectRatioMax) codes[i] = SUSPECT;
    }
    return codes;
  },
});
