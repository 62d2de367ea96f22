import { DomainError } from "../errors";
import { LoggerFileError } from "./logger-file-error";
import { readLoggerFileHeader, type LoggerFileHeader } from "./read-logger-file-header";

/** A file's header for the console, or an INVALID saying what is wrong with it. */
export function readLoggerFileHeaderOrRefuse(content: string): LoggerFileHeader {
  try {
    return readLoggerFileHeader(content);
  } catch (err) {
    if (err instanceof LoggerFileError) throw new DomainError("INVALID", `The file cannot be imported: ${err.message}`, { row: err.row });
    throw err;
  }
}
