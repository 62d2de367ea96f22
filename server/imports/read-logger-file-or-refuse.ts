import { env } from "../env";
import { DomainError } from "../errors";
import { runInWorkerThread } from "../worker-threads/run-in-worker-thread";
import { summarizeRowsTask, type LoggerFileSummary, type SummaryTaskResult } from "./check-logger-file-task";
import { LoggerFileError } from "./logger-file-error";

/**
 * Checks a whole file for the console (every row, in the given columns), turning a malformed file
 * into an INVALID naming its row and column. A large file is parsed on a worker thread, so a 20 MB
 * preview does not hold the web process's event loop.
 */
export async function readLoggerFileOrRefuse(content: string, options: { timeZone: string; columns: string[] }): Promise<LoggerFileSummary> {
  const payload = { content, timeZone: options.timeZone, columns: options.columns };
  const result =
    content.length < env().PARSE_OFF_THREAD_CHARS
      ? summarizeRowsTask(payload)
      : await runInWorkerThread<SummaryTaskResult>({ file: "server/imports/check-logger-file-task.ts", name: "summarizeRowsTask", payload });
  if (!result.ok) {
    const { message } = new LoggerFileError(result.problem, result.row, result.column);
    throw new DomainError("INVALID", `The file cannot be imported: ${message}`, { row: result.row, column: result.column });
  }
  return result;
}
