import { Writable } from "node:stream";
import { pgPool } from "../db";
import { ExportTooLargeError } from "./export-too-large-error";

/** Bytes per stored chunk row: large enough for few round trips, small enough to hold one at a time. */
export const EXPORT_CHUNK_BYTES = 1024 * 1024;

export interface CreateExportChunkWriterOptions {
  exportId: string;
  maxBytes: number;
  chunkBytes?: number;
}

export interface ExportChunkWriter extends Writable {
  /** Bytes taken in so far. */
  readonly bytes: number;
}

/**
 * A writable that stores what it is given as ReadingsExportChunk rows of chunkBytes, in order, one
 * INSERT at a time: the writer waits for each before taking more, so at most one chunk is held. Past
 * maxBytes it fails with ExportTooLargeError.
 */
export function createExportChunkWriter(options: CreateExportChunkWriterOptions): ExportChunkWriter {
  const chunkBytes = options.chunkBytes ?? EXPORT_CHUNK_BYTES;
  let pending = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let seq = 0;
  let bytes = 0;
  // Straight through pg, which sends a Buffer as a binary parameter (Prisma would copy it several times).
  const store = async (data: Buffer) => {
    await pgPool().query(`INSERT INTO "ReadingsExportChunk" ("exportId", "seq", "data") VALUES ($1, $2, $3)`, [options.exportId, seq++, data]);
  };
  const writer = new Writable({
    highWaterMark: chunkBytes,
    async write(chunk: Buffer, _encoding, callback) {
      try {
        bytes += chunk.length;
        if (bytes > options.maxBytes) throw new ExportTooLargeError(options.maxBytes);
        let offset = 0;
        while (offset < chunk.length) {
          const n = Math.min(chunkBytes - filled, chunk.length - offset);
          chunk.copy(pending, filled, offset, offset + n);
          filled += n;
          offset += n;
          if (filled === chunkBytes) {
            await store(pending);
            // A fresh buffer: the driver may still reference the one just sent.
            pending = Buffer.allocUnsafe(chunkBytes);
            filled = 0;
          }
        }
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    async final(callback) {
      try {
        if (filled > 0) await store(pending.subarray(0, filled));
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
  return Object.defineProperty(writer, "bytes", { get: () => bytes }) as ExportChunkWriter;
}
