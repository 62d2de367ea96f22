import { axisTickFormatter, formatInZone } from "@/components/ui/time-format";

/** Tick labels in the user's zone fitting the resolution: times within days, dates beyond; tooltips name the window's start. */
export function reportTimeLabel(resolution: string, zone: string) {
  const tick = axisTickFormatter(zone, resolution === "5m" ? 86_400_000 : resolution === "1h" ? 7 * 86_400_000 : 30 * 86_400_000);
  return {
    tick: (value: string | number) => tick(value),
    tooltip: (value: string | number) => `window from ${formatInZone(value, zone, resolution === "5m" || resolution === "1h" ? "minute" : "date")}`,
  };
}

/** The X axis of a report chart: windows by start time (data keyed by epoch ms `t`), labelled in the user's zone. */
export const reportAxisProps = (label: ReturnType<typeof reportTimeLabel>, zone: string) => ({
  dataKey: "t",
  type: "number" as const,
  scale: "time" as const,
  domain: ["dataMin", "dataMax"],
  tickFormatter: label.tick,
  minTickGap: 50,
  fontSize: 12,
  label: { value: `window start (${zone.replaceAll("_", " ")})`, position: "insideBottom" as const, offset: -4, fontSize: 12 },
  height: 40,
});

/** What a report chart says when the period holds no reports. */
export const reportsEmpty = {
  why: "No reports in this period for this group.",
  todo: "Reports are written every 5 minutes by the report job: pick a longer or earlier period, or check on the Jobs page that the report job runs.",
};

export interface ReportPoint {
  windowStart: string | Date;
  min: number | null;
  mean: number | null;
  max: number | null;
  completeness: number | null;
  alertsWarning: number;
  alertsCritical: number;
}
