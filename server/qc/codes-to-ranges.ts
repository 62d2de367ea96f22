import { FAIL as FAIL_CODE, SUSPECT as SUSPECT_CODE, type QcCodes } from "./tests/qc-test";

// Local copies: an imported binding read in a hot loop can cost a getter call per read once compiled to CommonJS (tsx, vitest).
const FAIL: number = FAIL_CODE;
const SUSPECT: number = SUSPECT_CODE;

export interface QcRange {
  /** Epoch ms, both inclusive: the first and last flagged reading. */
  from: number;
  to: number;
  severity: "suspect" | "fail";
}

/** First index whose time is >= t (times ascending). */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Consecutive readings with the same code become one range; only readings stamped in [from, to] count. Integer compares in the loop, objects only at range edges. */
export function codesToRanges(times: Float64Array, codes: QcCodes, window: { from: number; to: number } = { from: -Infinity, to: Infinity }): QcRange[] {
  const ranges: QcRange[] = [];
  const end = lowerBound(times, window.to === Infinity ? Infinity : window.to + 1);
  let i = lowerBound(times, window.from);
  while (i < end) {
    const code = codes[i];
    if (code !== SUSPECT && code !== FAIL) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < end && codes[j + 1] === code) j++;
    ranges.push({ from: times[i], to: times[j], severity: code === FAIL ? "fail" : "suspect" });
    i = j + 1;
  }
  return ranges;
}

/** The parts of `ranges` outside every one of `holes` (all inclusive, whole ms). */
export function subtractRanges<R extends { from: number; to: number }>(ranges: readonly R[], holes: ReadonlyArray<{ from: number; to: number }>): R[] {
  const sorted = [...holes].sort((a, b) => a.from - b.from);
  const out: R[] = [];
  for (const range of ranges) {
    let pieces: R[] = [range];
    for (const hole of sorted) {
      if (hole.from > range.to) break;
      pieces = pieces.flatMap((p) => {
        if (hole.to < p.from || hole.from > p.to) return [p];
        const kept: R[] = [];
        if (hole.from > p.from) kept.push({ ...p, to: hole.from - 1 });
        if (hole.to < p.to) kept.push({ ...p, from: hole.to + 1 });
        return kept;
      });
    }
    out.push(...pieces);
  }
  return out;
}
