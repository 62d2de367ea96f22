import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { generateWindowReports } from "../reports/generate-window-reports";
import { loadReportSensors } from "../reports/load-report-sensors";
import { fixedLengthMs } from "../reports/report-windows";
import { reportCoverageHook } from "./report-coverage-hook";

const W = fixedLengthMs["5m"];

/**
 * Rebuilds every 5-minute window in [from, to) (all groups: a window is built whole) with the
 * flags and calibrations as they are now. Each window is its own transaction, and rewriting a window
 * with the same figures touches nothing, so a rerun or a second rebuild of the range is harmless;
 * changed windows mark their hour (and so day, week, month) dirty for the rollups.
 */
export async function rebuildReportChunk(db: Db, options: { from: number; to: number; readStartedAt: Date; influx: InfluxClient; signal?: AbortSignal }) {
  const windowStarts: number[] = [];
  for (let t = Math.ceil(options.from / W) * W; t + W <= options.to; t += W) windowStarts.push(t);
  if (windowStarts.length === 0) return { readings: 0, windows: 0 };
  const sensors = await loadReportSensors(db, { from: options.from, to: options.to });
  let readings = 0;
  const hook = reportCoverageHook({ rebuildStartedAt: options.readStartedAt });
  await generateWindowReports(db, {
    influx: options.influx,
    windowStarts,
    sensors,
    signal: options.signal,
    onWindowWritten: async (tx, window) => {
      readings += window.rawReadings ?? 0;
      await hook(tx, window);
    },
  });
  return { readings, windows: windowStarts.length };
}
