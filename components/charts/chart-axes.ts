import { axisTickFormatter, formatInZone, zoneAbbreviation, type TimeValue } from "@/components/ui/time-format";
import { formatValue } from "@/components/ui/format-value";

/** The time axis of every chart: ticks in the user's zone as fine as the span needs, a label naming the zone, tooltips with the full local time. */
export function timeAxis(zone: string, from: number, to: number) {
  return {
    tick: axisTickFormatter(zone, to - from),
    label: `time (${zone === "UTC" ? "UTC" : `${zone.replaceAll("_", " ")}, ${zoneAbbreviation(zone, to)}`})`,
    tooltip: (value: TimeValue) => formatInZone(value, zone, "minute"),
  };
}

/** The X axis of a per-minute chart (data keyed by ISO minute strings). */
export const minuteAxisProps = (axis: ReturnType<typeof timeAxis>) => ({
  dataKey: "minute",
  tickFormatter: axis.tick,
  minTickGap: 40,
  fontSize: 12,
  label: { value: axis.label, position: "insideBottom" as const, offset: -4, fontSize: 12 },
  height: 40,
});

/** A tooltip line: the value with its unit. */
export const valueWithUnit = (unit: string | null | undefined) => (value: unknown) =>
  value === null || value === undefined || value === "" ? "—" : formatValue(Number(value), unit);
