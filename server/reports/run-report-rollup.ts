import type { z } from "zod";
import type { Db } from "../db";
import { childResolution } from "./report-windows";
import { rollupGroupReports } from "./rollup-group-reports";
import { runReportRollupInput } from "./schemas";
import { writeReportWindow } from "./write-report-window";

export interface RunReportRollupOptions extends z.input<typeof runReportRollupInput> {
  signal?: AbortSignal;
}

/**
 * The `report-rollup` job for one resolution: rebuilds every dirty window of it whose finer
 * windows have all been built (its end is at or before the finer resolution's watermark),
 * oldest first, from the finer reports only. A window that gets dirty again while it is being
 * built stays dirty for the next run.
 */
export async function runReportRollup(db: Db, options: RunReportRollupOptions) {
  const { resolution, maxWindows } = runReportRollupInput.parse({ resolution: options.resolution, maxWindows: options.maxWindows });
  const child = childResolution[resolution];
  const childLatest = await db.reportWindow.findFirst({ where: { resolution: child, generatedAt: { not: null } }, orderBy: { windowEnd: "desc" } });
  if (!childLatest) return { resolution, windows: 0, groups: 0 };
  const dirty = await db.reportWindow.findMany({
    where: { resolution, dirtySince: { not: null }, windowEnd: { lte: childLatest.windowEnd } },
    orderBy: { windowStart: "asc" },
    take: maxWindows,
  });
  let groups = 0;
  for (const window of dirty) {
    if (options.signal?.aborted) throw new Error("aborted");
    const children = await db.report.findMany({
      where: { resolution: child, windowStart: { gte: window.windowStart, lt: window.windowEnd } },
      include: { sensors: true },
    });
    const rows = rollupGroupReports(children);
    await writeReportWindow(db, {
      resolution,
      windowStart: window.windowStart.getTime(),
      windowEnd: window.windowEnd.getTime(),
      groups: rows,
      builtFromDirtySince: window.dirtySince,
    });
    groups += rows.length;
  }
  return { resolution, windows: dirty.length, groups };
}
