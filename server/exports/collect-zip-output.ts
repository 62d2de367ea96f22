import type { Readable } from "node:stream";

export interface ZipOutput {
  /** Bytes produced so far. */
  readonly bytes: number;
  readonly tooLarge: boolean;
  /** The whole zip, once the stream ends; rejects if it grew past the cap. */
  done: Promise<Buffer>;
}

/** Gathers a zip stream up to a cap; past it, drops what it holds and keeps draining so the writer never stalls. */
export function collectZipOutput(stream: Readable, maxBytes: number): ZipOutput {
  let chunks: Buffer[] = [];
  const state = { bytes: 0, tooLarge: false };
  const done = new Promise<Buffer>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      state.bytes += chunk.length;
      if (state.bytes > maxBytes) {
        state.tooLarge = true;
        chunks = [];
      } else chunks.push(chunk);
    });
    stream.on("error", reject);
    stream.on("end", () => (state.tooLarge ? reject(new Error("too large")) : resolve(Buffer.concat(chunks))));
  });
  done.catch(() => {});
  return {
    get bytes() { return state.bytes; },
    get tooLarge() { return state.tooLarge; },
    done,
  };
}
