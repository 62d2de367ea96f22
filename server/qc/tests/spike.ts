import { z } from "zod";
import { FAIL, SUSPECT, defineQcTest } from "./qc-test";

export const spikeParams = z
  .object({ suspect: z.number().finite().positive(), fail: z.number().finite().positive() })
  .strict()
  .refine((p) => p.suspect < p.fail, { message: "suspect must be below fail", path: ["fail"] });

/** QARTOD spike: how far a reading stands from the mean of its two neighbours. The first and last readings are not evaluated. */
export const spike = defineQcTest({
  name: "spike",
  version: 1,
  title: "Spike",
  params: spikeParams,
  lookbackMs: () => 0,
  run({ values }, p) {
    const codes = new Uint8Array(values.length);
    for (let i = 1; i < values.length - 1; i++) {
      const height = Math.abs(values[i] - (values[i - 1] + values[i + 1]) / 2);
      if (height > p.fail) codes[i] = FAIL;
      else if (height > p.suspect) codes[i] = SUSPECT;
    }
    return codes;
  },
});
