import { z } from "zod";
import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS
const SUSPECT: number = SUSPECT_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

export const spikeParams = z
  .object({ suspect: z.number().finite().positive(), fail: z.number().finite().positive() })
  .strict()
  .refine((p) => p.suspect < p.fail, { message: "suspect must be below fail", path: ["fail"] });

/**
 * Spike: a reading above both its neighbours (or below both) by at least its height, the smaller of
 * the two steps. QARTOD's measure (distance from the neighbours' mean) also flags a big spike's
 * neighbours; this one flags the spike alone, and a step change not at all (rate of change sees that).
 * The first and last readings are not evaluated.
 */
export const spike = defineQcTest({
  name: "spike",
  version: 1,
  title: "Spike",
  params: spikeParams,
  lookbackMs: () => 0,
  run({ values }, p) {
    const codes = new Uint8Array(values.length);
    for (let i = 1; i < values.length - 1; i++) {
      const up = values[i] - values[i - 1];
      const down = values[i] - values[i + 1];
      const height = up > 0 && down > 0 ? Math.min(up, down) : up < 0 && down < 0 ? Math.min(-up, -down) : 0;
      if (height > p.fail) codes[i] = FAIL;
      else if (height > p.suspect) codes[i] = SUSPECT;
    }
    return codes;
  },
});
