import { z } from "zod";
import { SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

const monthRange = z
  .object({ min: z.number().finite(), max: z.number().finite() })
  .strict()
  .refine((m) => m.min < m.max, { message: "min must be below max", path: ["max"] });

export const climatologyParams = z
  .object({
    /** January first; null: that month is not evaluated. */
    months: z.array(monthRange.nullable()).length(12),
  })
  .strict();

/** QARTOD climatology: a reading outside its (UTC) calendar month's expected range is suspect. */
export const climatology = defineQcTest({
  name: "climatology",
  version: 1,
  title: "Climatology (monthly range)",
  params: climatologyParams,
  lookbackMs: () => 0,
  run({ times, values }, p) {
    const codes = new Uint8Array(values.length);
    let monthEnd = -Infinity;
    let monthStart = Infinity;
    let range: { min: number; max: number } | null = null;
    for (let i = 0; i < values.length; i++) {
      const t = times[i];
      if (t < monthStart || t >= monthEnd) {
        const d = new Date(t);
        monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
        monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        range = p.months[d.getUTCMonth()];
      }
      if (range && (values[i] < range.min || values[i] > range.max)) codes[i] = SUSPECT;
    }
    return codes;
  },
});
