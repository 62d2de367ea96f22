import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { env } from "../env";
import { decodeLoggerBytes, type LoggerFileEncoding } from "./decode-logger-bytes";
import { LoggerFileError } from "./logger-file-error";
import { emptyLoggerFileReport, pushLimited, type LoggerFileReport } from "./logger-file-report";
import { candidateTimeFormats, loggerZone, narrowTimeFormats, parseLoggerTime, timeFormatsAmbiguous, type LoggerTimeFormat } from "./logger-time-formats";
import { isMissingCell, parseLoggerNumber } from "./parse-logger-number";
import { readLoggerPreamble, type LoggerColumn, type LoggerFileHeader, type PreambleOptions } from "./read-logger-preamble";

export interface OpenLoggerFileOptions extends PreambleOptions {
  /** IANA zone or UTC offset ("+01:00") of stamps that carry no offset of their own. */
  timeZone: string;
  /** luxon format of the stamps (e.g. "dd/MM/yyyy HH:mm", "yyyy-MM-dd HH:mm:ssZZ"); detected when absent. */
  timeFormat?: string;
  encoding?: LoggerFileEncoding;
  decimalSeparator?: "." | ",";
  /** The logger stamps the end of each averaging period: stamps move back one period. */
  timestampsAtEnd?: boolean;
  averagingSeconds?: number;
  /** Cells that mean "no value" besides empty, NAN and INF (e.g. "-9999"). */
  missingValues?: string[];
  /** Only these columns are read as numbers; the others are not looked at. */
  columns?: string[];
  /** Bounds on one line and one cell (IMPORT_MAX_LINE_CHARS, IMPORT_MAX_CELL_CHARS by default). */
  maxLineChars?: number;
  maxCellChars?: number;
}

export interface LoggerFileRow {
  /** File line number (1-based), as an editor shows it. */
  line: number;
  /** Epoch ms, at the start of the period. */
  at: number;
  /** One per entry of OpenedLoggerFile.columns (null: missing, or a column the row's header lacks). */
  values: Array<number | null>;
}

export interface OpenedLoggerFile {
  header: LoggerFileHeader;
  /** Data columns in first-seen order; grows when a header row repeats with new columns. */
  columns: LoggerColumn[];
  rows: AsyncGenerator<LoggerFileRow>;
  /** Complete once rows has been read to its end. */
  report: LoggerFileReport;
}

const PREAMBLE_LINES = 200;
const PREAMBLE_CHARS = 1024 * 1024;
/** Rows held while the time format is still ambiguous, at most. */
const DETECTION_ROWS = 20_000;
/** Rows whose steps give the logger's interval. */
const INTERVAL_SAMPLE = 50;
/** How far back a repeated time is still recognised as a duplicate. */
const DUPLICATE_WINDOW_MS = 31 * 86_400_000;
const LINE_END = /\r\n|\n|\r(?!$)/g;

interface Mapping {
  cell: number;
  pos: number;
  wanted: boolean;
}
interface Held {
  line: number;
  stamp: string;
  cells: string[];
  mapping: Mapping[];
}

/**
 * Opens a logger file as a stream: decodes it (BOM, UTF-16, Windows-1252), reads its header
 * (TOA5, NRG SymphoniePRO, Windographer or plain delimited text), then yields its rows one at a
 * time through csv-parse, so memory stays bounded whatever the file's size. Times are read in the
 * given format or one detected from the rows, refusing a day/month order the rows leave open.
 * Duplicates, conflicting repeats, clock jumps, gaps, a cut last line and columns added half-way
 * go to the report; anything that cannot be read throws a LoggerFileError naming its line.
 */
export async function openLoggerFile(source: AsyncIterable<Buffer | Uint8Array>, options: OpenLoggerFileOptions): Promise<OpenedLoggerFile> {
  const zone = loggerZone(options.timeZone);
  if (!zone) throw new LoggerFileError(`"${options.timeZone}" is not a time zone (e.g. UTC, Europe/Berlin or +01:00)`);
  const report = emptyLoggerFileReport();
  const text = decodeLoggerBytes(source, { encoding: options.encoding, onEncoding: (e) => (report.encoding = e) })[Symbol.asyncIterator]();

  let tail = "";
  const lines: string[] = [];
  let ended = false;
  while (lines.length < PREAMBLE_LINES && tail.length < PREAMBLE_CHARS) {
    const next = await text.next();
    if (next.done) {
      ended = true;
      break;
    }
    tail += next.value;
    let last = 0;
    for (const match of tail.matchAll(LINE_END)) {
      lines.push(tail.slice(last, match.index));
      last = match.index + match[0].length;
    }
    tail = tail.slice(last);
  }
  const maxLineChars = options.maxLineChars ?? env().IMPORT_MAX_LINE_CHARS;
  const long = [...lines, tail].findIndex((l) => l.length > maxLineChars);
  if (long >= 0) throw new LoggerFileError(`is longer than ${maxLineChars} characters`, long + 1);
  const header = readLoggerPreamble(ended && tail ? [...lines, tail] : lines, options);
  Object.assign(report, { format: header.format, delimiter: header.delimiter });
  const rest =
    lines
      .slice(header.firstDataLine)
      .map((l) => `${l}\n`)
      .join("") + tail;

  async function* remaining() {
    if (rest) yield rest;
    for (;;) {
      const next = await text.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const maxCellChars = options.maxCellChars ?? env().IMPORT_MAX_CELL_CHARS;
  const tooLong = (cell: string) => `${JSON.stringify(cell.slice(0, 40))}… is longer than ${maxCellChars} characters`;
  const parser = parse({
    max_record_size: maxLineChars,
    delimiter: header.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    record_delimiter: ["\r\n", "\n", "\r"],
  });
  const input = Readable.from(remaining());
  input.on("error", (err) => parser.destroy(err));

  const columns: LoggerColumn[] = [];
  const wanted = options.columns ? new Set(options.columns) : undefined;
  const missing = new Set([...(options.missingValues ?? []), ...(header.missingValues ?? [])]);
  let fields: string[] = [];
  let timeIndexes: number[] = [];
  let mapping: Mapping[] = [];
  const useHeader = (names: string[], units: string[] | undefined, processing: string[] | undefined, line: number | null) => {
    const named = line === null ? header : readLoggerPreamble([names.join("\t"), ...(units ? [units.join("\t")] : [])], { delimiter: "\t" });
    fields = names.at(-1) === "" ? names.slice(0, -1) : names;
    timeIndexes = named.timeIndexes;
    const added: string[] = [];
    mapping = named.dataColumns.map((column) => {
      let pos = columns.findIndex((c) => c.name === column.name);
      if (pos < 0) {
        pos = columns.push({ ...column, unit: units?.[column.index] || column.unit, processing: processing?.[column.index] || column.processing }) - 1;
        added.push(column.name);
      }
      return { cell: column.index, pos, wanted: !wanted || wanted.has(column.name) };
    });
    if (line !== null && added.length) pushLimited(report.columnsAdded, { line, columns: added });
  };
  useHeader(header.fields, undefined, undefined, null);

  let candidates: LoggerTimeFormat[] = options.timeFormat ? [{ format: options.timeFormat, order: "ymd" }] : candidateTimeFormats;
  let format: string | null = options.timeFormat ?? null;
  let decimal: "." | "," | null = options.decimalSeparator ?? null;
  let shiftMs: number | null = null;
  let intervalMs: number | null = null;
  const held: Held[] = [];
  const recent = new Map<number, { line: number; values: Array<number | null> }>();
  let previousAt: number | null = null;
  let previousLine = 0;

  const timeOf = (stamp: string, line: number) => {
    const at = parseLoggerTime(stamp, format!, zone);
    if (at === null) {
      throw new LoggerFileError(
        options.timeFormat
          ? `"${stamp}" does not match the time format "${options.timeFormat}"`
          : `"${stamp}" is not a date and time like the rows before it (${format})`,
        line,
        fields[timeIndexes[0]],
      );
    }
    return at - shiftMs!;
  };

  function emit(line: number, at: number, cells: string[], rowMapping: Mapping[]): LoggerFileRow | null {
    const values: Array<number | null> = new Array(columns.length).fill(null);
    for (const m of rowMapping) {
      if (!m.wanted) continue;
      const cell = cells[m.cell] ?? "";
      if (isMissingCell(cell, missing)) continue;
      if (cell.length > maxCellChars) throw new LoggerFileError(tooLong(cell), line, columns[m.pos].name);
      const value = parseLoggerNumber(cell, decimal!);
      if (value === null) throw new LoggerFileError(`"${cell}" is not a number`, line, columns[m.pos].name);
      values[m.pos] = value;
    }
    const seen = recent.get(at);
    if (seen) {
      if (seen.values.length === values.length && seen.values.every((v, i) => v === values[i])) report.duplicateRows++;
      else pushLimited(report.conflicts, { line, firstLine: seen.line, at });
      return null;
    }
    recent.set(at, { line, values });
    if (recent.size % 1024 === 0) {
      for (const [time] of recent) {
        if (time >= (report.lastAt ?? at) - DUPLICATE_WINDOW_MS) break;
        recent.delete(time);
      }
    }
    if (previousAt !== null) {
      const step = at - previousAt;
      if (step <= 0 || (intervalMs && step % intervalMs !== 0)) pushLimited(report.clockJumps, { line, from: previousAt, to: at });
      else if (intervalMs && step > intervalMs) pushLimited(report.gaps, { afterLine: previousLine, from: previousAt, to: at, missing: step / intervalMs - 1 });
    }
    previousAt = at;
    previousLine = line;
    report.rows++;
    report.firstAt = report.firstAt === null ? at : Math.min(report.firstAt, at);
    report.lastAt = report.lastAt === null ? at : Math.max(report.lastAt, at);
    return { line, at, values };
  }

  function* release(atEnd: boolean): Generator<LoggerFileRow> {
    if (held.length === 0) return;
    if (format === null) {
      if (!atEnd && held.length < DETECTION_ROWS) return;
      throw ambiguous(held[0].stamp, candidates);
    }
    if (!atEnd && held.length < INTERVAL_SAMPLE) return;
    if (decimal === null)
      decimal = header.delimiter !== "," && held.some((h) => h.mapping.some((m) => /^[+-]?\d*,\d+$/.test(h.cells[m.cell] ?? ""))) ? "," : ".";
    shiftMs = 0;
    const raw = held.map((h) => timeOf(h.stamp, h.line));
    intervalMs = mostCommonStep(raw);
    if (options.timestampsAtEnd) {
      const period = options.averagingSeconds ? options.averagingSeconds * 1000 : intervalMs;
      if (!period)
        throw new LoggerFileError(
          "the logger stamps the end of each period, but the file has too few rows to tell the period: set the logger's averaging period",
        );
      shiftMs = period;
    }
    Object.assign(report, {
      timeFormat: format,
      decimalSeparator: decimal,
      intervalSeconds: intervalMs ? intervalMs / 1000 : null,
      shiftSeconds: shiftMs / 1000,
    });
    const rows = held.splice(0);
    for (const [i, h] of rows.entries()) {
      const row = emit(h.line, raw[i] - shiftMs, h.cells, h.mapping);
      if (row) yield row;
    }
  }

  let toa5Header: string[][] | null = null;
  function* handle(line: number, cells: string[], isLast: boolean): Generator<LoggerFileRow> {
    if (toa5Header) {
      toa5Header.push(cells);
      if (toa5Header.length === 3) {
        useHeader(toa5Header[0], toa5Header[1], toa5Header[2], line - 3);
        toa5Header = null;
      }
      return;
    }
    if (cells[0]?.toUpperCase() === "TOA5") {
      toa5Header = [];
      return;
    }
    const timeName = fields[timeIndexes[0]]?.toLowerCase();
    if (cells[timeIndexes[0]]?.toLowerCase() === timeName && timeName) {
      useHeader(cells, undefined, undefined, line);
      return;
    }
    let count = cells.length;
    while (count > fields.length && cells[count - 1] === "") count--;
    if (count < fields.length) {
      if (isLast) {
        report.truncatedLastLine = line;
        return;
      }
      throw new LoggerFileError(`has ${count} cells, the header has ${fields.length}`, line);
    }
    if (count > fields.length)
      throw new LoggerFileError(`has ${count} cells, the header has ${fields.length}: a column added half-way needs its own header row from there on`, line);
    const stamp = timeIndexes.map((i) => cells[i]).join(" ");
    if (stamp.length > maxCellChars) throw new LoggerFileError(tooLong(stamp), line, fields[timeIndexes[0]]);
    if (format !== null && shiftMs !== null) {
      const row = emit(line, timeOf(stamp, line), cells, mapping);
      if (row) yield row;
      return;
    }
    if (format === null) {
      const left = narrowTimeFormats(candidates, stamp, zone!);
      if (left.length === 0) {
        throw new LoggerFileError(
          candidates.length === candidateTimeFormats.length || options.timeFormat
            ? `"${stamp}" is not a date and time${options.timeFormat ? ` in the format "${options.timeFormat}"` : " Gristmill can read by itself: give the time format (e.g. dd/MM/yyyy HH:mm)"}`
            : `"${stamp}" is not a date and time like the rows before it: give the time format (e.g. dd/MM/yyyy HH:mm)`,
          line,
          fields[timeIndexes[0]],
        );
      }
      candidates = left;
      if (!timeFormatsAmbiguous(candidates)) format = candidates[0].format;
    }
    held.push({ line, stamp, cells, mapping });
    yield* release(false);
  }

  async function* rows(): AsyncGenerator<LoggerFileRow> {
    let pending: { line: number; cells: string[] } | null = null;
    input.pipe(parser);
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (pending) yield* handle(pending.line, pending.cells, false);
        pending = { line: header.firstDataLine + info.lines, cells: record };
      }
    } catch (err) {
      if (err instanceof LoggerFileError) throw err;
      const { code, lines: at } = err as { code?: string; lines?: number };
      const line = typeof at === "number" ? header.firstDataLine + at : undefined;
      if (code === "CSV_MAX_RECORD_SIZE") throw new LoggerFileError(`is longer than ${maxLineChars} characters`, line);
      if (code?.startsWith("CSV_")) throw new LoggerFileError(`not valid delimited text: ${(err as Error).message}`, line);
      throw err;
    }
    if (pending) yield* handle(pending.line, pending.cells, true);
    yield* release(true);
    if (report.rows === 0) throw new LoggerFileError("the file has no data rows");
  }

  return { header, columns, rows: rows(), report };
}

function ambiguous(stamp: string, candidates: LoggerTimeFormat[]): LoggerFileError {
  const examples = [...new Set(candidates.map((c) => c.order))].map((order) => padded(candidates.find((c) => c.order === order)!.format));
  return new LoggerFileError(`the times (e.g. "${stamp}") could be read as ${examples.map((e) => `"${e}"`).join(" or ")}: give the time format`);
}

/** "d/M/yyyy H:mm" as operators usually write it: "dd/MM/yyyy HH:mm". */
function padded(format: string) {
  return format.replace(/\bd\b/, "dd").replace(/\bM\b/, "MM").replace(/\bH\b/, "HH");
}

function mostCommonStep(times: number[]): number | null {
  const counts = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const step = times[i] - times[i - 1];
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [step, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && step < best)) best = step;
  return best;
}
