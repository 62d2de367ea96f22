/** Report resolutions, their windows (UTC) and how they roll up: 5m → 1h → 1d → 1w / 1mo. */
export const reportResolutions = ["5m", "1h", "1d", "1w", "1mo"] as const;
export type ReportResolution = (typeof reportResolutions)[number];
export const rollupResolutions = ["1h", "1d", "1w", "1mo"] as const;
export type RollupResolution = (typeof rollupResolutions)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// 1970-01-01 was a Thursday; ISO weeks start on Monday, four days later.
const MONDAY_OFFSET = 4 * DAY;

export const fixedLengthMs: Record<Exclude<ReportResolution, "1mo">, number> = { "5m": 5 * MINUTE, "1h": HOUR, "1d": DAY, "1w": 7 * DAY };

/** The finer resolution a rollup is built from. */
export const childResolution: Record<RollupResolution, ReportResolution> = { "1h": "5m", "1d": "1h", "1w": "1d", "1mo": "1d" };

/** The coarser resolutions a window of this resolution feeds. */
export const parentResolutions: Record<ReportResolution, RollupResolution[]> = { "5m": ["1h"], "1h": ["1d"], "1d": ["1w", "1mo"], "1w": [], "1mo": [] };

/** Start (epoch ms) of the window of `resolution` that contains `time`. */
export function windowStartOf(resolution: ReportResolution, time: number): number {
  if (resolution === "1mo") {
    const d = new Date(time);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  if (resolution === "1w") return Math.floor((time - MONDAY_OFFSET) / fixedLengthMs["1w"]) * fixedLengthMs["1w"] + MONDAY_OFFSET;
  const length = fixedLengthMs[resolution];
  return Math.floor(time / length) * length;
}

/** End (exclusive, epoch ms) of the window that starts at `start`. */
export function windowEndOf(resolution: ReportResolution, start: number): number {
  if (resolution === "1mo") {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return start + fixedLengthMs[resolution];
}

/** Nominal length, for choosing a resolution that keeps a chart to a few hundred points. */
export function nominalLengthMs(resolution: ReportResolution): number {
  return resolution === "1mo" ? 30 * DAY : fixedLengthMs[resolution];
}
