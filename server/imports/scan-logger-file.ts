import { env } from "../env";
import { DomainError } from "../errors";
import { runInWorkerThread } from "../worker-threads/run-in-worker-thread";
import { LoggerFileError } from "./logger-file-error";
import type { OpenLoggerFileOptions } from "./open-logger-file";
import { scanLoggerFileTask, type ScanTaskResult } from "./scan-logger-file-task";

/** A LoggerFileError as the INVALID the console and the upload API show. */
export function refuseLoggerFile(err: unknown): never {
  if (err instanceof LoggerFileError) throw new DomainError("INVALID", `The file cannot be imported: ${err.message}`, { row: err.row, column: err.column });
  throw err;
}

/**
 * Reads a whole file without keeping its rows: its header, columns and report (rows, period,
 * duplicates, jumps…), or an INVALID naming the first line that cannot be read. A file from
 * PARSE_OFF_THREAD_CHARS bytes up is read on a worker thread: the reader's awaits are microtasks,
 * so on the main thread a 20 MB file would hold the event loop from its first chunk to its last.
 */
export async function scanLoggerFile(bytes: Uint8Array, options: OpenLoggerFileOptions) {
  const input = { bytes, options };
  const result =
    bytes.length < env().PARSE_OFF_THREAD_CHARS
      ? await scanLoggerFileTask(input)
      : await runInWorkerThread<ScanTaskResult>({ file: "server/imports/scan-logger-file-task.ts", name: "scanLoggerFileTask", payload: input });
  if (!result.ok) refuseLoggerFile(new LoggerFileError(result.problem, result.row, result.column));
  return { header: result.header, columns: result.columns, report: result.report };
}
