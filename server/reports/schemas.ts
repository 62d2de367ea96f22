import { z } from "zod";
import { reportResolutions, rollupResolutions } from "./report-windows";

export const reportResolution = z.enum(reportResolutions);

/** Parameters of the `report` job kind (5-minute reports from InfluxDB). */
export const runReportJobInput = z
  .object({
    /** Readings may arrive this late: windows close at now − lateness. */
    allowedLatenessMs: z.number().int().min(0).max(86_400_000).default(120_000),
    /** How many already-built windows before the watermark are re-checked for late readings. */
    recheckWindows: z.number().int().min(0).max(288).default(12),
    /** Windows built per run at most; a run that falls behind catches up over the next runs, in order. */
    maxWindows: z.number().int().min(1).max(10_000).default(288),
    /** Where reporting starts when no window has been built yet. */
    initialLookbackMs: z
      .number()
      .int()
      .min(0)
      .max(400 * 86_400_000)
      .default(3_600_000),
    /** Sensors per InfluxDB request. */
    chunkSize: z.number().int().min(10).max(20_000).default(2_000),
  })
  .strict();

export const runReportRollupInput = z
  .object({
    resolution: z.enum(rollupResolutions),
    maxWindows: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();

const day = z.coerce.date();
const groupKey = { infraType: z.string().min(1).max(100), region: z.string().min(1).max(100) };
const period = z
  .object({ from: day, to: day })
  .refine((p) => p.from < p.to, "from must be before to")
  .refine((p) => p.to.getTime() - p.from.getTime() <= 3 * 366 * 86_400_000, "at most three years");

export const reportsOverviewInput = z.object({ resolution: reportResolution.default("1h") }).default({ resolution: "1h" });
export const reportSeriesInput = z.object({ ...groupKey, period });
export const reportTableInput = z.object({
  ...groupKey,
  period,
  resolution: reportResolution.optional(),
  cursor: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export const compareReportsInput = z.object({ ...groupKey, a: period, b: period });

export const exportReportsInput = z.object({
  format: z.enum(["csv", "json"]).default("csv"),
  level: z.enum(["group", "sensor"]).default("group"),
  resolution: reportResolution.default("5m"),
  infraType: z.string().min(1).max(100).optional(),
  region: z.string().min(1).max(100).optional(),
  from: day,
  to: day,
});
