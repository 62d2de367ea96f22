import type { LoggerFileReport } from "./logger-file-report";
import { LoggerFileError } from "./logger-file-error";
import { openLoggerFile, type OpenLoggerFileOptions } from "./open-logger-file";
import type { LoggerColumn, LoggerFileHeader } from "./read-logger-preamble";
import { bufferChunks } from "./buffer-chunks";

export type ScanTaskResult =
  | { ok: true; header: LoggerFileHeader; columns: LoggerColumn[]; report: LoggerFileReport }
  | { ok: false; problem: string; row?: number; column?: string };

/**
 * Reads a whole file without keeping its rows. Runs on the main thread for small files and on a
 * worker thread for large ones (see scanLoggerFile); a LoggerFileError comes back as data.
 */
export async function scanLoggerFileTask(input: { bytes: Uint8Array; options: OpenLoggerFileOptions }): Promise<ScanTaskResult> {
  try {
    const file = await openLoggerFile(bufferChunks(input.bytes), input.options);
    for await (const row of file.rows) void row;
    return { ok: true, header: file.header, columns: file.columns, report: file.report };
  } catch (err) {
    if (err instanceof LoggerFileError) return { ok: false, problem: err.problem, row: err.row, column: err.column };
    throw err;
  }
}
