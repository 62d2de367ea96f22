/** What reading a logger file found besides its rows: kept with the import and shown to the operator. */
export interface LoggerFileReport {
  encoding: string;
  format: string;
  delimiter: string;
  decimalSeparator: "." | ",";
  /** The luxon format the times were read with ("ISO" for ISO 8601 / SQL stamps). */
  timeFormat: string | null;
  /** The logger's step between records, from the file's first rows. */
  intervalSeconds: number | null;
  /** Shift applied to every stamp (end-of-period stamps moved to the period's start). */
  shiftSeconds: number;
  rows: number;
  firstAt: number | null;
  lastAt: number | null;
  /** Rows repeating an earlier row's time and values: skipped. */
  duplicateRows: number;
  /** Rows repeating an earlier row's time with other values: skipped, the first kept. */
  conflicts: Array<{ line: number; firstLine: number; at: number }>;
  /** Times that go back, or forward by what is not a whole number of steps. */
  clockJumps: Array<{ line: number; from: number; to: number }>;
  /** Stretches of missing records (more than one step between rows). */
  gaps: Array<{ afterLine: number; from: number; to: number; missing: number }>;
  /** The last line was cut short (file still being written or truncated): not imported. */
  truncatedLastLine: number | null;
  /** A header row repeated half-way with columns the first did not have. */
  columnsAdded: Array<{ line: number; columns: string[] }>;
}

export const REPORT_LIST_LIMIT = 100;

export function emptyLoggerFileReport(): LoggerFileReport {
  return {
    encoding: "utf8",
    format: "csv",
    delimiter: ",",
    decimalSeparator: ".",
    timeFormat: null,
    intervalSeconds: null,
    shiftSeconds: 0,
    rows: 0,
    firstAt: null,
    lastAt: null,
    duplicateRows: 0,
    conflicts: [],
    clockJumps: [],
    gaps: [],
    truncatedLastLine: null,
    columnsAdded: [],
  };
}

export function pushLimited<T>(list: T[], item: T) {
  if (list.length < REPORT_LIST_LIMIT) list.push(item);
}
