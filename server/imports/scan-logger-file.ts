import { DomainError } from "../errors";
import { LoggerFileError } from "./logger-file-error";
import { openLoggerFile, type OpenLoggerFileOptions } from "./open-logger-file";

const CHUNK = 256 * 1024;

/** A stored or uploaded file as a stream of chunks, so the reader sees what it would see from disk. */
export async function* bufferChunks(bytes: Uint8Array, onChunk?: (done: number) => void): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK, bytes.length - at));
    onChunk?.(Math.min(at + CHUNK, bytes.length));
  }
}

/** A LoggerFileError as the INVALID the console and the upload API show. */
export function refuseLoggerFile(err: unknown): never {
  if (err instanceof LoggerFileError) throw new DomainError("INVALID", `The file cannot be imported: ${err.message}`, { row: err.row, column: err.column });
  throw err;
}

/**
 * Reads a whole file without keeping its rows: its header, columns and report (rows, period,
 * duplicates, jumps…), or an INVALID naming the first line that cannot be read.
 */
export async function scanLoggerFile(bytes: Uint8Array, options: OpenLoggerFileOptions) {
  try {
    const file = await openLoggerFile(bufferChunks(bytes), options);
    for await (const row of file.rows) void row;
    return { header: file.header, columns: file.columns, report: file.report };
  } catch (err) {
    refuseLoggerFile(err);
  }
}
