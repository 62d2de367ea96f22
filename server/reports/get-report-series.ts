import type { z } from "zod";
import type { ReadDb } from "../db";
import { chooseResolution, MAX_CHART_POINTS } from "./choose-resolution";
import { reportSeriesInput } from "./schemas";

/** A group's reports over a period at the resolution chosen for it, oldest first, for the charts. */
export async function getReportSeries(db: ReadDb, options: z.input<typeof reportSeriesInput>) {
  const { infraType, region, period } = reportSeriesInput.parse(options);
  const resolution = chooseResolution(period);
  const [points, units] = await Promise.all([
    db.report.findMany({
      where: { resolution, infraType, region, windowStart: { gte: period.from, lt: period.to } },
      orderBy: { windowStart: "asc" },
      take: MAX_CHART_POINTS,
      select: {
        windowStart: true,
        windowEnd: true,
        readings: true,
        completeness: true,
        min: true,
        mean: true,
        max: true,
        p95: true,
        alertsWarning: true,
        alertsCritical: true,
      },
    }),
    // The values' unit, for axes and tooltips: a group whose sensors measure in several units has none.
    db.sensor.findMany({ where: { infraType, region }, distinct: ["unit"], select: { unit: true }, orderBy: { unit: "asc" }, take: 10 }),
  ]);
  return { resolution, points, units: units.map((u) => u.unit) };
}
