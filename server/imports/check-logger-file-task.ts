import { LoggerFileError } from "./logger-file-error";
import { parseLoggerFile } from "./parse-logger-file";
import { readLoggerFileHeader, type LoggerFileHeader } from "./read-logger-file-header";

export type LoggerFileProblem = { ok: false; problem: string; row?: number; column?: string };
export type HeaderTaskResult = { ok: true; header: LoggerFileHeader } | LoggerFileProblem;
export interface LoggerFileSummary {
  rows: number;
  firstAt: number;
  lastAt: number;
}
export type SummaryTaskResult = ({ ok: true } & LoggerFileSummary) | LoggerFileProblem;

function problem(err: unknown): LoggerFileProblem {
  if (err instanceof LoggerFileError) return { ok: false, problem: err.problem, row: err.row, column: err.column };
  throw err;
}

/** The file's header. Runs on the main thread for small files, on a worker thread for large ones. */
export function readHeaderTask(input: { content: string }): HeaderTaskResult {
  try {
    return { ok: true, header: readLoggerFileHeader(input.content) };
  } catch (err) {
    return problem(err);
  }
}

/** Checks every row in the given columns; only the counts and span travel back, never the rows. */
export function summarizeRowsTask(input: { content: string; timeZone: string; columns: string[] }): SummaryTaskResult {
  try {
    const { rows } = parseLoggerFile(input.content, { timeZone: input.timeZone, columns: input.columns });
    let firstAt = Infinity;
    let lastAt = -Infinity;
    for (const r of rows) {
      if (r.at < firstAt) firstAt = r.at;
      if (r.at > lastAt) lastAt = r.at;
    }
    return { ok: true, rows: rows.length, firstAt, lastAt };
  } catch (err) {
    return problem(err);
  }
}
