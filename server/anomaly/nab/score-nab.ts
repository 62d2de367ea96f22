import type { NabProfile } from "./nab-profiles";

/** A labelled anomaly window as row indexes, both ends included. */
export type RowWindow = readonly [number, number];

/** Rows before this index are warm-up: never scored (SCORING.md §2). */
export const probationLength = (rows: number) => Math.min(Math.floor(0.15 * rows), 750);

/** NAB's scaled sigmoid, clamped to −1 beyond y = 3 (§3). */
export function scaledSigmoid(y: number): number {
  return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
}

const sigmoidMax = scaledSigmoid(-1);

/** Maps each window's edge timestamps to the first row carrying them; timestamps compare as strings (§8, §9.1). */
export function windowsToRows(timestamps: readonly string[], windows: readonly (readonly [string, string])[]): RowWindow[] {
  const firstRow = new Map<string, number>();
  timestamps.forEach((t, i) => {
    if (!firstRow.has(t)) firstRow.set(t, i);
  });
  const strip = (t: string) => t.replace(/\.\d+$/, "");
  return windows.map(([start, end]) => {
    const l = firstRow.get(strip(start));
    const r = firstRow.get(strip(end));
    if (l === undefined || r === undefined) throw new Error(`Window ${start} – ${end} does not match a row timestamp`);
    return [l, r] as const;
  });
}

export interface FileScore {
  raw: number;
  /** Windows with at least one scorable row (they enter the normalisation). */
  windowsCounted: number;
  windowsDetected: number;
  detectionsInWindows: number;
  falsePositives: number;
  scorableRows: number;
  /** Rows from each counted window's start to its first detection, null when missed. */
  delays: (number | null)[];
}

/** Raw NAB score of one file, for detections given per row (§4, §5). */
export function scoreFile(detections: ArrayLike<number | boolean>, windows: readonly RowWindow[], profile: NabProfile): FileScore {
  const n = detections.length;
  const probation = probationLength(n);
  const counted = windows.filter(([, r]) => r >= probation);
  const entries = counted.map(() => -profile.fn);
  const delays: (number | null)[] = counted.map(() => null);
  let fpSum = 0;
  let falsePositives = 0;
  let detectionsInWindows = 0;
  // Windows are sorted and disjoint, so the counted ones (ending after probation) are a suffix.
  const firstCounted = windows.length - counted.length;
  let next = 0; // the first window not yet finished before row i
  let lastFinished: RowWindow | null = null; // kept through probation too (§9.5)
  for (let i = 0; i < n; i++) {
    while (next < windows.length && windows[next][1] < i) lastFinished = windows[next++];
    if (i < probation || !detections[i]) continue;
    if (next < windows.length && windows[next][0] <= i) {
      const [l, r] = windows[next];
      const k = next - firstCounted;
      const value = (profile.tp * scaledSigmoid(-(r - i + 1) / (r - l + 1))) / sigmoidMax;
      if (delays[k] === null) delays[k] = i - l;
      entries[k] = Math.max(entries[k], value);
      detectionsInWindows++;
    } else {
      falsePositives++;
      if (lastFinished === null) fpSum -= profile.fp;
      else fpSum += profile.fp * scaledSigmoid((i - lastFinished[1]) / Math.max(lastFinished[1] - lastFinished[0], 1));
    }
  }
  return {
    raw: entries.reduce((a, b) => a + b, 0) + fpSum,
    windowsCounted: counted.length,
    windowsDetected: delays.filter((d) => d !== null).length,
    detectionsInWindows,
    falsePositives,
    scorableRows: Math.max(0, n - probation),
    delays,
  };
}

/** 0 = never detects, 100 = first row of every window (§6). Sum raw scores over files first. */
export function normalizeScore(raw: number, windows: number, profile: NabProfile): number {
  const rawNull = -profile.fn * windows;
  const rawPerfect = profile.tp * windows;
  return rawPerfect === rawNull ? 0 : (100 * (raw - rawNull)) / (rawPerfect - rawNull);
}
