import type { StationType } from "../db/generated/enums";
import { loggerZone } from "../imports/logger-time-formats";
import type { PointStatistic } from "./infer-measurement-point";
import { task43LoggerOems, task43MeasurementTypes, task43Statistics, task43Units } from "./task43-schema";

/** How our station types and Task 43's measurement_station_type_id translate; types Task 43 lacks do not export. */
export const task43TypeOfStation: Partial<Record<StationType, typeof import("./task43-schema").task43StationTypes[number]>> = {
  mast: "mast",
  lidar: "lidar",
  sodar: "sodar",
  solar: "solar",
};
export const stationTypeOfTask43: Record<string, StationType> = { mast: "mast", lidar: "lidar", floating_lidar: "lidar", sodar: "sodar", solar: "solar" };

const UNIT_ALIASES: Record<string, (typeof task43Units)[number]> = {
  "°C": "deg_C",
  "°F": "deg_F",
  "°": "deg",
  "W/m²": "W/m^2",
  "kg/m³": "kg/m^3",
  "m/s²": "m/s^2",
};
const UNIT_BACK: Record<string, string> = { deg_C: "°C", deg_F: "°F", "W/m^2": "W/m²", "kg/m^3": "kg/m³", "m/s^2": "m/s²" };

export function task43Unit(unit: string): (typeof task43Units)[number] | null {
  if (Object.hasOwn(UNIT_ALIASES, unit)) return UNIT_ALIASES[unit];
  return (task43Units as readonly string[]).includes(unit) ? (unit as (typeof task43Units)[number]) : null;
}
export const unitOfTask43 = (unit: string) => (Object.hasOwn(UNIT_BACK, unit) ? UNIT_BACK[unit] : unit);

export function task43MeasurementType(quantity: string): (typeof task43MeasurementTypes)[number] | null {
  return (task43MeasurementTypes as readonly string[]).includes(quantity) ? (quantity as (typeof task43MeasurementTypes)[number]) : null;
}

/** A make as Task 43's logger OEM list names it ("Campbell" → "Campbell Scientific"), or "Other". */
export function task43LoggerOem(make: string): (typeof task43LoggerOems)[number] {
  const m = make.trim().toLowerCase();
  return task43LoggerOems.find((oem) => oem.toLowerCase() === m || oem.toLowerCase().startsWith(`${m} `) || m.startsWith(oem.toLowerCase())) ?? "Other";
}

export function task43Statistic(statistic: PointStatistic): (typeof task43Statistics)[number] | null {
  return (task43Statistics as readonly string[]).includes(statistic) ? (statistic as (typeof task43Statistics)[number]) : null;
}

const COMPASS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];

/** "NE" → 45, "270" → 270; anything else has no bearing. */
export function orientationDegrees(orientation: string | null | undefined): number | null {
  if (!orientation) return null;
  const i = COMPASS.indexOf(orientation.trim().toUpperCase());
  if (i >= 0) return i * 22.5;
  const n = Number(orientation);
  return Number.isFinite(n) && n >= 0 && n < 360 ? n : null;
}
export function orientationOfDegrees(deg: number | null | undefined): string | null {
  if (deg == null) return null;
  const i = deg / 22.5;
  return Number.isInteger(i) && i >= 0 && i < 16 ? COMPASS[i] : String(deg);
}

/** A fixed offset in hours for a zone, when it has one (UTC, +01:00); an IANA zone with summer time has none. */
export function offsetHours(zone: string): number | null {
  const z = loggerZone(zone);
  if (!z?.isUniversal) return null;
  return z.offset(0) / 60;
}
export function zoneOfOffsetHours(hours: number): string {
  if (hours === 0) return "UTC";
  const minutes = Math.round(Math.abs(hours) * 60);
  return `${hours < 0 ? "-" : "+"}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * What Task 43 has no field for (a quantity or unit outside its lists, a "sample" statistic) travels
 * in the notes as `gristmill {json}`, so our own export imports back unchanged.
 */
const NOTE = /(?:^|\n)gristmill (\{[^\n]*\})$/;
export function withGristmillNote(notes: string | null | undefined, extra: Record<string, string>): string | null {
  if (!Object.keys(extra).length) return notes ?? null;
  return `${notes ? `${notes}\n` : ""}gristmill ${JSON.stringify(extra)}`;
}
export function readGristmillNote(notes: string | null | undefined): { notes: string | null; extra: Record<string, string> } {
  const match = notes?.match(NOTE);
  if (!match) return { notes: notes ?? null, extra: {} };
  try {
    const parsed: unknown = JSON.parse(match[1]);
    const extra = Object.fromEntries(
      Object.entries(parsed as object)
        .filter(([, v]) => typeof v === "string")
        .map(([k, v]) => [k, String(v).slice(0, 100)]),
    );
    return { notes: notes!.slice(0, match.index).trim() || null, extra };
  } catch {
    return { notes: notes ?? null, extra: {} };
  }
}
