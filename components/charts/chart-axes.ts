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

/** A tooltip line: the value with its unit. */
export const valueWithUnit = (unit: string | null | undefined) => (value: unknown) =>
  value === null || value === undefined || value === "" ? "—" : formatValue(Number(value), unit);
