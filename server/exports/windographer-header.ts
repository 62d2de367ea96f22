import type { FlaggedMode } from "./station-export-schemas";

export interface WindographerHeaderOptions {
  createdAt: Date;
  latitude: number | null;
  longitude: number | null;
  elevationM: number | null;
  flagged: FlaggedMode;
}

const hemisphere = (value: number, positive: string, negative: string) => `${value < 0 ? negative : positive} ${Math.abs(value).toFixed(6)}`;

/**
 * The block above the column names of a Windographer text export, line for line as Windographer writes
 * it (its demo files, e.g. brightwind's windographer_demo_data1.txt): creator, position, calm threshold,
 * the flags included and excluded, the time-stamp convention, each group after a blank line. Unknown
 * coordinates are left out rather than written as 0, which is a real place. Gristmill stores the start of
 * each averaging period (loggers stamping the end are moved back on import), so stamps are the beginning.
 */
export function windographerHeader(options: WindographerHeaderOptions): string {
  const created = options.createdAt.toISOString().slice(0, 16).replace("T", " ");
  const position = [
    options.latitude != null ? `Latitude = ${hemisphere(options.latitude, "N", "S")}` : null,
    options.longitude != null ? `Longitude = ${hemisphere(options.longitude, "E", "W")}` : null,
    options.elevationM != null ? `Elevation = ${Number(options.elevationM.toFixed(1))} m` : null,
    "Calm threshold = 0 m/s",
  ].filter((line) => line !== null);
  const excluded = options.flagged === "flag-column" ? "<none>" : "Gristmill flags";
  const included = options.flagged === "flag-column" ? "<Unflagged data>, Gristmill flags (1 in the Flag columns)" : "<Unflagged data>";
  return [
    `Created ${created} UTC by Gristmill`,
    "",
    ...position,
    "",
    `Included flags: ${included}`,
    `Excluded flags: ${excluded}`,
    "",
    "Time stamps indicate the beginning of the time step.",
    "",
    "",
  ].join("\n");
}
