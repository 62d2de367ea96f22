import type { z } from "zod";

/** A sensor's readings as two parallel arrays: epoch ms ascending, calibrated values. */
export interface QcSeries {
  times: Float64Array;
  values: Float64Array;
}

/** What a cross-sensor test compares against: another sensor's values at the same times, NaN where it has none. */
export interface QcContext {
  partner?: Float64Array;
  reference?: Float64Array;
}

/** One code per reading, QARTOD's numbers: 0 not flagged (pass or not evaluated), 3 suspect, 4 fail. */
export type QcCodes = Uint8Array;
export const SUSPECT = 3;
export const FAIL = 4;

export interface QcTest<P extends z.ZodType = z.ZodType> {
  name: string;
  /** Raised whenever what the test flags for the same parameters changes; stored on each flag it writes. */
  version: number;
  title: string;
  params: P;
  /** How much history before a range the test needs to judge its first readings. */
  lookbackMs: (params: z.output<P>) => number;
  /** Which cross-sensor series it needs, if any. */
  needs?: "partner" | "reference";
  run: (series: QcSeries, params: z.output<P>, context: QcContext) => QcCodes;
}

/** Raises a code, never lowers it: fail beats suspect. */
export function raise(codes: QcCodes, i: number, code: number): void {
  if (codes[i] < code) codes[i] = code;
}

export function defineQcTest<P extends z.ZodType>(test: QcTest<P>): QcTest<P> {
  return test;
}
