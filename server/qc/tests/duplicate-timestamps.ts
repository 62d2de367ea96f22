import { z } from "zod";
import { FAIL as FAIL_CODE, defineQcTest } from "./qc-test";

const FAIL: number = FAIL_CODE; // a local copy: cheaper than an imported binding in the loop under CommonJS

export const duplicateTimestampsParams = z.object({}).strict();

/**
 * Readings sharing a timestamp, or stamped before the one already seen (a logger clock set back), fail.
 * InfluxDB keeps one point per sensor and time, so on stored readings only the second case can occur.
 */
export const duplicateTimestamps = defineQcTest({
  name: "duplicate_timestamps",
  version: 1,
  title: "Duplicate or out-of-order timestamps",
  params: duplicateTimestampsParams,
  lookbackMs: () => 0,
  run({ times }) {
    const codes = new Uint8Array(times.length);
    let latest = -Infinity;
    for (let i = 0; i < times.length; i++) {
      if (times[i] <= latest) {
        codes[i] = FAIL;
        if (i > 0 && times[i] === times[i - 1]) codes[i - 1] = FAIL;
      }
      if (times[i] > latest) latest = times[i];
    }
    return codes;
  },
});
