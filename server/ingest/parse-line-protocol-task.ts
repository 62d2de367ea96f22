import { mapPointsToReadings } from "./map-points-to-readings";
import { LineProtocolError, parseLineProtocol, type LineProtocolLimits } from "./parse-line-protocol";

export interface LineProtocolTaskInput {
  body: string;
  unitNs: bigint;
  nowNs: bigint;
  limits: LineProtocolLimits;
}

/** Readings as columns, so the way back to the main thread clones four arrays rather than an object per reading. */
export type LineProtocolTaskResult =
  | { ok: true; keys: string[]; timesNs: BigInt64Array; values: Float64Array; lines: Int32Array }
  | { ok: false; line: number; reason: string; text: string };

/** Runs on a worker thread (see readLineProtocolReadings). */
export function parseLineProtocolReadings(input: LineProtocolTaskInput): LineProtocolTaskResult {
  try {
    const readings = mapPointsToReadings(parseLineProtocol(input.body, input.limits), { unitNs: input.unitNs, nowNs: input.nowNs });
    const timesNs = new BigInt64Array(readings.length);
    const values = new Float64Array(readings.length);
    const lines = new Int32Array(readings.length);
    readings.forEach((r, i) => {
      timesNs[i] = r.timeNs;
      values[i] = r.value;
      lines[i] = r.line;
    });
    return { ok: true, keys: readings.map((r) => r.key), timesNs, values, lines };
  } catch (err) {
    if (err instanceof LineProtocolError) return { ok: false, line: err.line, reason: err.reason, text: err.text };
    throw err;
  }
}
