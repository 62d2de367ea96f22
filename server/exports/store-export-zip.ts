import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import { createExportChunkWriter } from "./create-export-chunk-writer";

/** What a zip's author gets: start a file, append text to it; each call waits while the store catches up. */
export interface ExportZipAuthor {
  startEntry(name: string): Promise<void>;
  write(text: string): Promise<void>;
  /** Zip bytes stored so far. */
  readonly bytes: number;
}

export interface StoreExportZipOptions {
  exportId: string;
  maxBytes: number;
  mtime: Date;
  chunkBytes?: number;
  /** Writes the zip's files; the zip is finished when it resolves. */
  author(zip: ExportZipAuthor): Promise<void>;
}

/**
 * Streams a zip (yazl) straight into the export's chunk rows, with backpressure from the database back to
 * the author, so neither the zip nor a file of it is ever held whole. Rejects (ExportTooLargeError past
 * maxBytes) with chunks possibly written: the caller deletes them.
 */
export async function storeExportZip(options: StoreExportZipOptions): Promise<{ bytes: number }> {
  const zip = new ZipFile();
  const writer = createExportChunkWriter({ exportId: options.exportId, maxBytes: options.maxBytes, chunkBytes: options.chunkBytes });
  const stored = pipeline(zip.outputStream as Readable, writer);
  // Settles when the store fails, so an author waiting for drain stops instead of hanging.
  const failed = stored.then(() => new Promise<never>(() => {}));
  failed.catch(() => {});
  let entry: PassThrough | undefined;
  const author: ExportZipAuthor = {
    get bytes() {
      return writer.bytes;
    },
    async startEntry(name) {
      entry?.end();
      entry = new PassThrough();
      zip.addReadStream(entry, name, { mtime: options.mtime });
    },
    async write(text) {
      if (!entry) throw new Error("startEntry before write");
      if (!entry.write(text)) await Promise.race([once(entry, "drain"), failed]);
    },
  };
  try {
    await Promise.race([options.author(author), failed]);
    entry?.end();
    zip.end();
    await stored;
  } catch (err) {
    entry?.destroy();
    (zip.outputStream as Readable).destroy();
    await stored.catch(() => {});
    throw err;
  }
  return { bytes: writer.bytes };
}
