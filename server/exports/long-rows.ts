import { csvField } from "../http/csv";
import type { WideRowCells } from "./export-cell";
import { formatExportValue } from "./format-export-value";
import type { FlaggedMode } from "./station-export-schemas";

/** The tidy long format's header: one reading per line, for code. */
export function longHeaderLine(flagged: FlaggedMode): string {
  return `time,point,sensor_key,value,unit${flagged === "flag-column" ? ",flagged" : ""}\n`;
}

/**
 * Readings of some time steps as long lines, by time then point: ISO-8601 UTC times; a flagged reading
 * dropped ("remove"), its value blank ("blank"), or kept with flagged = 1 ("flag-column").
 */
export function longRows(
  rows: ReadonlyMap<number, WideRowCells>,
  points: ReadonlyArray<{ name: string; sensorKey: string; unit: string }>,
  flagged: FlaggedMode,
): { text: string; rows: number } {
  const mids = points.map((p) => `,${csvField(p.name)},${csvField(p.sensorKey)},`);
  const units = points.map((p) => `,${csvField(p.unit)}`);
  const times = [...rows.keys()].sort((a, b) => a - b);
  let text = "";
  let written = 0;
  for (const time of times) {
    const iso = new Date(time).toISOString();
    rows.get(time)!.forEach((cell, i) => {
      if (!cell || (cell.flagged && flagged === "remove")) return;
      const value = cell.flagged && flagged === "blank" ? "" : formatExportValue(cell.value, ".");
      text += `${iso}${mids[i]}${value}${units[i]}${flagged === "flag-column" ? `,${cell.flagged ? 1 : 0}` : ""}\n`;
      written++;
    });
  }
  return { text, rows: written };
}
