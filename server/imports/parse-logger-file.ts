import { env } from "../env";
import { parseDecimalNumber } from "../readings/parse-decimal-number";
import { LoggerFileError } from "./logger-file-error";
import { parseLoggerTimestamp } from "./parse-logger-timestamp";
import { readLoggerFileHeader, type LoggerFileHeader } from "./read-logger-file-header";
import { splitCsvLine } from "./split-csv-line";
import { splitFileLines } from "./split-file-lines";

export interface LoggerFileRow {
  /** File line number (1-based), as an editor shows it. */
  row: number;
  at: number;
  /** One per header.dataColumns entry; null where the logger wrote nothing or NAN. */
  values: Array<number | null>;
}

export interface ParsedLoggerFile {
  header: LoggerFileHeader;
  rows: LoggerFileRow[];
}

// What loggers write for "no value": empty cells and Campbell's NAN/INF markers.
const MISSING = new Set(["", "NAN", "NaN", "nan", "INF", "-INF", "+INF", "inf", "-inf"]);

/**
 * Parses a whole logger file before anything is written: the first bad row or cell throws a
 * LoggerFileError naming its row and column.
 */
export function parseLoggerFile(content: string, options: { timeZone: string; columns?: string[]; maxCellChars?: number }): ParsedLoggerFile {
  const maxCellChars = options.maxCellChars ?? env().IMPORT_MAX_CELL_CHARS;
  const tooLong = (cell: string) => `${JSON.stringify(cell.slice(0, 40))}… is longer than ${maxCellChars} characters`;
  const header = readLoggerFileHeader(content);
  const wanted = options.columns ? new Set(options.columns) : undefined;
  const lines = splitFileLines(content);
  const rows: LoggerFileRow[] = [];
  for (let i = header.firstDataLine; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const row = i + 1;
    const cells = splitCsvLine(lines[i]);
    if (!cells) throw new LoggerFileError("not valid CSV (unbalanced quotes)", row);
    if (cells.length !== header.fields.length) throw new LoggerFileError(`has ${cells.length} cells, the header has ${header.fields.length}`, row);
    const stamp = cells[header.timestampIndex];
    if (stamp.length > maxCellChars) throw new LoggerFileError(tooLong(stamp), row, header.fields[header.timestampIndex]);
    const at = parseLoggerTimestamp(stamp, options.timeZone);
    if (at === null) throw new LoggerFileError(`"${stamp}" is not a date and time`, row, header.fields[header.timestampIndex]);
    const values = header.dataColumns.map((column) => {
      const cell = cells[column.index];
      if (MISSING.has(cell) || (wanted && !wanted.has(column.name))) return null;
      if (cell.length > maxCellChars) throw new LoggerFileError(tooLong(cell), row, column.name);
      const value = parseDecimalNumber(cell);
      if (value === undefined || !Number.isFinite(value)) {
        throw new LoggerFileError(`"${cell}" is not a number`, row, column.name);
      }
      return value;
    });
    rows.push({ row, at, values });
  }
  if (rows.length === 0) throw new LoggerFileError("the file has no data rows");
  return { header, rows };
}
