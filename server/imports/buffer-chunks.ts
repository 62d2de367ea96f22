const CHUNK = 256 * 1024;

/** A stored or uploaded file as a stream of chunks, so the reader sees what it would see from disk. */
export async function* bufferChunks(bytes: Uint8Array, onChunk?: (done: number) => void): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK, bytes.length - at));
    onChunk?.(Math.min(at + CHUNK, bytes.length));
  }
}
