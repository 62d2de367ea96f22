import { parse } from "csv-parse/sync";
import { LoggerFileError } from "./logger-file-error";

export type LoggerFileFormat = "csv" | "toa5" | "nrg" | "windographer";

export interface LoggerColumn {
  name: string;
  /** Position in the rows of the header that introduced it. */
  index: number;
  unit?: string;
  /** TOA5's processing row (Avg, Std, Min, Max, Smp, …). */
  processing?: string;
}

export interface LoggerFileHeader {
  format: LoggerFileFormat;
  delimiter: string;
  /** Every cell name of the header row, in order. */
  fields: string[];
  /** The time column (or a date and a time column, joined with a space). */
  timeIndexes: number[];
  dataColumns: LoggerColumn[];
  /** 0-based line index of the first data line. */
  firstDataLine: number;
  /** From a TOA5 file-info line: station, logger model and serial, program, table. */
  station?: string;
  loggerModel?: string;
  loggerSerial?: string;
  program?: string;
  table?: string;
  /** A missing-data code the file's header declares (Windographer's export setting). */
  missingValues?: string[];
}

export interface PreambleOptions {
  delimiter?: string;
  /** Lines before the column-names row of a plain CSV (titles, notes). */
  skipRows?: number;
}

const TIME_NAMES = ["timestamp", "time stamp", "date/time", "datetime", "date_time", "date time", "time", "ts", "tmstamp", "date"];
const SKIPPED = new Set(["record", "recnbr"]);
const DELIMITERS = [",", ";", "\t", "|"];

export function splitHeaderLine(line: string, delimiter: string, lineIndex: number): string[] {
  try {
    const rows = parse(line, { delimiter, relax_quotes: true, relax_column_count: true, trim: true }) as string[][];
    return rows[0] ?? [""];
  } catch {
    throw new LoggerFileError("the header line is not valid CSV (unbalanced quotes)", lineIndex + 1);
  }
}

/** The delimiter that splits a header line into the most cells, outside quotes. */
export function guessDelimiter(line: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

function timeIndexesOf(fields: string[], lineIndex: number): number[] {
  const lower = fields.map((f) => f.toLowerCase());
  const date = lower.indexOf("date");
  const time = lower.indexOf("time");
  if (date >= 0 && time >= 0) return [date, time];
  const named = TIME_NAMES.map((n) => lower.indexOf(n)).find((i) => i >= 0);
  if (named === undefined && fields.length === 0) throw new LoggerFileError("the header row is empty", lineIndex + 1);
  return [named ?? 0];
}

function columnsOf(fields: string[], timeIndexes: number[], units?: string[], processing?: string[]): LoggerColumn[] {
  return fields
    .map((name, index) => ({ name, index, unit: units?.[index] || undefined, processing: processing?.[index] || undefined }))
    .filter((c) => !timeIndexes.includes(c.index) && !SKIPPED.has(c.name.toLowerCase()) && c.name !== "");
}

function requireNames(fields: string[], lineIndex: number) {
  // A trailing delimiter (Windographer writes one) leaves one empty name at the end; any other is an error.
  const names = fields.at(-1) === "" ? fields.slice(0, -1) : fields;
  if (names.some((f) => f === ""))
    throw new LoggerFileError("every column of the header row needs a name (title lines above it? give the number of lines to skip)", lineIndex + 1);
  return names;
}

/** A line after the names that holds units, not data: its time cell is empty or not a date. */
function isUnitsLine(cells: string[] | undefined, timeIndexes: number[]): boolean {
  if (!cells) return false;
  const stamp = cells[timeIndexes[0]] ?? "";
  return !/^\d/.test(stamp) && cells.some((c, i) => !timeIndexes.includes(i) && c !== "" && !/^[-+\d.,]+$/.test(c));
}

/**
 * Finds the layout of a logger file from its first lines: Campbell TOA5 (4 header lines; names,
 * units, processing), NRG SymphoniePRO text export (site and sensor sections, then a `Timestamp`
 * row of tab-separated channel names), Windographer text export (header, then `Date/Time` row),
 * or a plain CSV/TSV/semicolon file whose names row follows `skipRows` lines.
 */
export function readLoggerPreamble(lines: string[], options: PreambleOptions = {}): LoggerFileHeader {
  const first = lines[0] ?? "";
  const firstCell = /^"?(TOA5|TOACI1|TOB1|TOB3)"?(?:[,;\t]|$)/i.exec(first)?.[1].toUpperCase();
  if (firstCell === "TOB1" || firstCell === "TOB3")
    throw new LoggerFileError(`a binary ${firstCell} file: convert it to TOA5 (ASCII) with LoggerNet's CardConvert first`, 1);
  if (firstCell === "TOA5" || firstCell === "TOACI1") {
    const delimiter = options.delimiter ?? ",";
    const info = splitHeaderLine(first, delimiter, 0);
    if (lines.length < (firstCell === "TOA5" ? 4 : 2)) throw new LoggerFileError("the file ends inside its TOA5 header", lines.length);
    const fields = splitHeaderLine(lines[1], delimiter, 1);
    const timeIndexes = [fields.findIndex((f) => ["timestamp", "tmstamp"].includes(f.toLowerCase()))];
    if (timeIndexes[0] < 0) throw new LoggerFileError("a TOA5 file needs a TIMESTAMP column in its field-names line", 2);
    const toa5 = firstCell === "TOA5";
    const units = toa5 ? splitHeaderLine(lines[2], delimiter, 2) : undefined;
    const processing = toa5 ? splitHeaderLine(lines[3], delimiter, 3) : undefined;
    return {
      format: "toa5",
      delimiter,
      fields,
      timeIndexes,
      dataColumns: columnsOf(fields, timeIndexes, units, processing),
      firstDataLine: toa5 ? 4 : 2,
      station: info[1] || undefined,
      loggerModel: info[2] || undefined,
      loggerSerial: info[3] || undefined,
      program: info[5] || undefined,
      table: toa5 ? info[7] || undefined : info[1] || undefined,
    };
  }

  const head = lines.slice(0, 200);
  const preambleText = head.join("\n");
  const namesAt = (test: (cell: string) => boolean) =>
    head.findIndex((line) =>
      test(
        line
          .split(/[\t,;]/)[0]
          .replace(/"/g, "")
          .trim()
          .toLowerCase(),
      ),
    );

  const nrgAt = namesAt((cell) => cell === "timestamp");
  if (nrgAt > 0 && (/symphonie|nrg systems/i.test(preambleText) || /\tCh\d+_/.test(head[nrgAt]))) {
    return plainHeader("nrg", lines, nrgAt, options.delimiter ?? "\t");
  }
  const wgAt = namesAt((cell) => cell === "date/time" || cell === "date & time");
  if (wgAt >= 0 && /windographer/i.test(preambleText)) {
    const code = /missing data (?:code|point)s?\s*[:=]\s*(\S+)/i.exec(preambleText)?.[1];
    return { ...plainHeader("windographer", lines, wgAt, options.delimiter ?? guessDelimiter(head[wgAt])), missingValues: code ? [code] : undefined };
  }
  const at = options.skipRows ?? 0;
  if (at >= lines.length) throw new LoggerFileError(`the file has no header row after skipping ${at} lines`);
  return plainHeader("csv", lines, at, options.delimiter ?? guessDelimiter(lines[at]));
}

function plainHeader(format: LoggerFileFormat, lines: string[], at: number, delimiter: string): LoggerFileHeader {
  const fields = requireNames(splitHeaderLine(lines[at], delimiter, at), at);
  const timeIndexes = timeIndexesOf(fields, at);
  const next = lines[at + 1] === undefined ? undefined : splitHeaderLine(lines[at + 1], delimiter, at + 1);
  const units = isUnitsLine(next, timeIndexes) ? next : undefined;
  const dataColumns = columnsOf(fields, timeIndexes, units);
  if (dataColumns.length === 0) throw new LoggerFileError("the file has no columns besides the time", at + 1);
  return { format, delimiter, fields, timeIndexes, dataColumns, firstDataLine: at + (units ? 2 : 1) };
}
