import { LoggerFileError } from "./logger-file-error";
import { splitCsvLine } from "./split-csv-line";
import { splitFileLines } from "./split-file-lines";

export interface LoggerFileHeader {
  format: "csv" | "toa5";
  /** Station and table for TOA5 files (from the file-info line). */
  station?: string;
  table?: string;
  /** Every column of the file, in order. */
  fields: string[];
  timestampIndex: number;
  /** Columns that can hold readings: all but the timestamp (and TOA5's RECORD). */
  dataColumns: Array<{ name: string; index: number; unit?: string; processing?: string }>;
  /** 0-based index of the first data line. */
  firstDataLine: number;
}

const TIMESTAMP_NAMES = ["timestamp", "time", "datetime", "date_time", "ts", "date"];

function headerFields(lines: string[], index: number, what: string): string[] {
  const fields = lines[index] === undefined ? null : splitCsvLine(lines[index]);
  if (!fields) throw new LoggerFileError(`the ${what} line is missing or not valid CSV`, index + 1);
  return fields;
}

/**
 * Reads the header of a logger file: Campbell Scientific TOA5 (file info, field names, units,
 * processing; TIMESTAMP and RECORD columns) or CSV with one header row and a timestamp column.
 */
export function readLoggerFileHeader(content: string): LoggerFileHeader {
  const lines = splitFileLines(content);
  const first = headerFields(lines, 0, "header");
  if (first[0] === "TOA5") {
    const fields = headerFields(lines, 1, "field names");
    const units = headerFields(lines, 2, "units");
    const processing = headerFields(lines, 3, "processing");
    const timestampIndex = fields.indexOf("TIMESTAMP");
    if (timestampIndex < 0) throw new LoggerFileError("a TOA5 file needs a TIMESTAMP column", 2);
    const dataColumns = fields
      .map((name, index) => ({ name, index, unit: units[index] || undefined, processing: processing[index] || undefined }))
      .filter((c) => c.index !== timestampIndex && c.name !== "RECORD");
    return { format: "toa5", station: first[1], table: first[7], fields, timestampIndex, dataColumns, firstDataLine: 4 };
  }
  const fields = first;
  if (fields.some((f) => f === "")) throw new LoggerFileError("every column of the header row needs a name", 1);
  const lower = fields.map((f) => f.toLowerCase());
  const named = TIMESTAMP_NAMES.map((n) => lower.indexOf(n)).find((i) => i >= 0);
  const timestampIndex = named ?? 0;
  const dataColumns = fields.map((name, index) => ({ name, index })).filter((c) => c.index !== timestampIndex);
  if (dataColumns.length === 0) throw new LoggerFileError("the file has no columns besides the timestamp", 1);
  return { format: "csv", fields, timestampIndex, dataColumns, firstDataLine: 1 };
}
