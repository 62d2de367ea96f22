import { readingColumnsOf, type ReadingColumns } from "../readings/reading-columns";
import { mapPointsToReadings } from "./map-points-to-readings";
import { LineProtocolError, parseLineProtocol, type LineProtocolLimits } from "./parse-line-protocol";

export interface LineProtocolTaskInput {
  body: string;
  unitNs: bigint;
  nowNs: bigint;
  limits: LineProtocolLimits;
}

/** Readings as columns, so the way back to the main thread clones a few arrays rather than an object (and a key string) per reading. */
export type LineProtocolTaskResult = { ok: true; readings: ReadingColumns } | { ok: false; line: number; reason: string; text: string };

/** Runs on a worker thread (see readLineProtocolReadings). */
export function parseLineProtocolReadings(input: LineProtocolTaskInput): LineProtocolTaskResult {
  try {
    return {
      ok: true,
      readings: readingColumnsOf(mapPointsToReadings(parseLineProtocol(input.body, input.limits), { unitNs: input.unitNs, nowNs: input.nowNs })),
    };
  } catch (err) {
    if (err instanceof LineProtocolError) return { ok: false, line: err.line, reason: err.reason, text: err.text };
    throw err;
  }
}
