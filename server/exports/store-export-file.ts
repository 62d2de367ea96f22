import { once } from "node:events";
import { finished } from "node:stream/promises";
import { createExportChunkWriter } from "./create-export-chunk-writer";

/** What a file's author gets: append text; each call waits while the store catches up. */
export interface ExportFileAuthor {
  write(text: string): Promise<void>;
  /** Bytes stored or on their way so far. */
  readonly bytes: number;
}

export interface StoreExportFileOptions {
  exportId: string;
  maxBytes: number;
  chunkBytes?: number;
  author(file: ExportFileAuthor): Promise<void>;
}

/**
 * Streams one plain file (not zipped: analysts' tools open it as it is) into the export's chunk rows,
 * with backpressure from the database back to the author. Rejects (ExportTooLargeError past maxBytes)
 * with chunks possibly written: the caller deletes them.
 */
export async function storeExportFile(options: StoreExportFileOptions): Promise<{ bytes: number }> {
  const writer = createExportChunkWriter({ exportId: options.exportId, maxBytes: options.maxBytes, chunkBytes: options.chunkBytes });
  const done = finished(writer);
  // Settles when the store fails, so an author waiting for drain stops instead of hanging.
  const failed = done.then(() => new Promise<never>(() => {}));
  failed.catch(() => {});
  const author: ExportFileAuthor = {
    get bytes() {
      return writer.bytes;
    },
    async write(text) {
      if (!writer.write(Buffer.from(text, "utf8"))) await Promise.race([once(writer, "drain"), failed]);
    },
  };
  try {
    await Promise.race([options.author(author), failed]);
    writer.end();
    await done;
  } catch (err) {
    writer.destroy();
    await done.catch(() => {});
    throw err;
  }
  return { bytes: writer.bytes };
}
