import { DomainError } from "../errors";
import { LoggerFileError } from "./logger-file-error";
import { parseLoggerFile, type ParsedLoggerFile } from "./parse-logger-file";

/** Parses a whole file for the console, turning a malformed file into an INVALID naming its row and column. */
export function readLoggerFileOrRefuse(content: string, options: { timeZone: string; columns: string[] }): ParsedLoggerFile {
  try {
    return parseLoggerFile(content, options);
  } catch (err) {
    if (err instanceof LoggerFileError) throw new DomainError("INVALID", `The file cannot be imported: ${err.message}`, { row: err.row, column: err.column });
    throw err;
  }
}
