import { csvField } from "../http/csv";
import type { ExportCell, WideRowCells } from "./export-cell";
import { formatExportTime, formatExportValue } from "./format-export-value";
import type { StationFileLayout } from "./station-export-schemas";

/** A point name as one header field: quoted (and formula-defused) in CSV; in the tab-delimited text file, without tabs or line breaks. */
function headerField(name: string, layout: StationFileLayout): string {
  return layout.format === "windographer-txt" ? name.replace(/[\t\r\n]+/g, " ") : csvField(name);
}

/** The column header line: the timestamp, then each point, each followed by its flag column when asked for. */
export function wideHeaderLine(pointNames: readonly string[], layout: StationFileLayout): string {
  const first = layout.format === "windographer-txt" ? "Date/Time" : csvField("Timestamp (UTC)");
  const fields = [first];
  for (const name of pointNames) {
    fields.push(headerField(name, layout));
    if (layout.flagged === "flag-column") fields.push(headerField(`${name}Flag`, layout));
  }
  return `${fields.join(layout.delimiter)}\n`;
}

/** What one cell writes: blank for no reading, and for a flagged one unless flags get their own column (1 flagged, 0 not). */
function cellFields(cell: ExportCell | undefined, layout: StationFileLayout): string {
  const flagColumn = layout.flagged === "flag-column";
  if (!cell) return flagColumn ? layout.delimiter : "";
  if (flagColumn) return `${formatExportValue(cell.value, layout.decimal)}${layout.delimiter}${cell.flagged ? 1 : 0}`;
  return cell.flagged ? "" : formatExportValue(cell.value, layout.decimal);
}

/**
 * The data lines of a wide file for some time steps, in time order. With flagged "remove", a time step
 * left with no value at all (every reading flagged) is dropped; otherwise every time step is a line.
 */
export function wideRows(rows: ReadonlyMap<number, WideRowCells>, columnCount: number, layout: StationFileLayout): { text: string; rows: number } {
  const times = [...rows.keys()].sort((a, b) => a - b);
  let text = "";
  let written = 0;
  for (const time of times) {
    const cells = rows.get(time)!;
    if (layout.flagged === "remove" && !cells.some((c) => c && !c.flagged)) continue;
    let line = formatExportTime(time);
    for (let i = 0; i < columnCount; i++) line += layout.delimiter + cellFields(cells[i], layout);
    text += `${line}\n`;
    written++;
  }
  return { text, rows: written };
}
