import type { z } from "zod";
import type { ReadDb } from "../db";
import { reportHealth } from "./report-health";
import { reportsOverviewInput } from "./schemas";

/**
 * The latest window of a resolution: one tile per (infraType, region). The newest windowStart
 * comes from the unique index in one probe, then only that window's rows are read, so the
 * overview costs the same with a day or years of reports.
 */
/** One (type, region) group's latest report with its health, as the reports overview shows it. */
export type ReportTile = Awaited<ReturnType<typeof getReportsOverview>>["tiles"][number];

export async function getReportsOverview(db: ReadDb, options: z.input<typeof reportsOverviewInput>) {
  const { resolution } = reportsOverviewInput.parse(options);
  const latest = await db.report.findFirst({ where: { resolution }, orderBy: { windowStart: "desc" }, select: { windowStart: true, windowEnd: true } });
  if (!latest) return { resolution, windowStart: null, windowEnd: null, tiles: [] };
  const rows = await db.report.findMany({
    where: { resolution, windowStart: latest.windowStart },
    orderBy: [{ infraType: "asc" }, { region: "asc" }],
    omit: { id: true },
  });
  return { resolution, windowStart: latest.windowStart, windowEnd: latest.windowEnd, tiles: rows.map((r) => ({ ...r, health: reportHealth(r) })) };
}
