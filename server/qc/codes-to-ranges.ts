import { FAIL, SUSPECT, type QcCodes } from "./tests/qc-test";

export interface QcRange {
  /** Epoch ms, both inclusive: the first and last flagged reading. */
  from: number;
  to: number;
  severity: "suspect" | "fail";
}

/** Consecutive readings with the same code become one range; only readings stamped in [from, to] count. */
export function codesToRanges(times: Float64Array, codes: QcCodes, window: { from: number; to: number } = { from: -Infinity, to: Infinity }): QcRange[] {
  const ranges: QcRange[] = [];
  let open: QcRange | null = null;
  for (let i = 0; i < codes.length; i++) {
    const t = times[i];
    if (t < window.from || t > window.to) continue;
    const code = codes[i];
    const severity = code === FAIL ? "fail" : code === SUSPECT ? "suspect" : null;
    if (open && open.severity === severity) {
      open.to = t;
      continue;
    }
    if (open) ranges.push(open);
    open = severity ? { from: t, to: t, severity } : null;
  }
  if (open) ranges.push(open);
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
