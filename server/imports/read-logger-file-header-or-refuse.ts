import { env } from "../env";
import { DomainError } from "../errors";
import { runInWorkerThread } from "../worker-threads/run-in-worker-thread";
import { readHeaderTask, type HeaderTaskResult } from "./check-logger-file-task";
import { LoggerFileError } from "./logger-file-error";
import type { LoggerFileHeader } from "./read-logger-file-header";

/** A file's header for the console, or an INVALID saying what is wrong with it; a large file is read on a worker thread. */
export async function readLoggerFileHeaderOrRefuse(content: string): Promise<LoggerFileHeader> {
  const result =
    content.length < env().PARSE_OFF_THREAD_CHARS
      ? readHeaderTask({ content })
      : await runInWorkerThread<HeaderTaskResult>({ file: "server/imports/check-logger-file-task.ts", name: "readHeaderTask", payload: { content } });
  if (!result.ok) throw new DomainError("INVALID", `The file cannot be imported: ${new LoggerFileError(result.problem, result.row).message}`, { row: result.row });
  return result.header;
}
