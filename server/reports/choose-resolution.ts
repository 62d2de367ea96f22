import { nominalLengthMs, type ReportResolution } from "./report-windows";

/** Charts stay readable and fast below this many points per series. */
export const MAX_CHART_POINTS = 800;
const chartResolutions: ReportResolution[] = ["5m", "1h", "1d", "1w", "1mo"];

/** The finest resolution that shows the period in at most MAX_CHART_POINTS windows: a day in 5 min, a month in hours, a year in days. */
export function chooseResolution(period: { from: Date; to: Date }): ReportResolution {
  const span = period.to.getTime() - period.from.getTime();
  return chartResolutions.find((r) => span / nominalLengthMs(r) <= MAX_CHART_POINTS) ?? "1mo";
}
