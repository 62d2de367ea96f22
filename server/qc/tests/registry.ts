import { climatology } from "./climatology";
import { duplicateTimestamps } from "./duplicate-timestamps";
import { flatLine } from "./flat-line";
import { grossRange } from "./gross-range";
import type { QcTest } from "./qc-test";
import { rateOfChange } from "./rate-of-change";
import { redundantPair } from "./redundant-pair";
import { referenceDrift } from "./reference-drift";
import { spike } from "./spike";
import { timeGap } from "./time-gap";

/** Every QC test by name, in the order they run. */
export const qcTests = {
  gross_range: grossRange,
  flat_line: flatLine,
  spike,
  rate_of_change: rateOfChange,
  time_gap: timeGap,
  duplicate_timestamps: duplicateTimestamps,
  climatology,
  redundant_pair: redundantPair,
  reference_drift: referenceDrift,
} as const satisfies Record<string, QcTest>;

export type QcTestName = keyof typeof qcTests;
export const qcTestNames = Object.keys(qcTests) as QcTestName[];
