import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`request body is larger than ${maxBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export class BodyEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BodyEncodingError";
  }
}

/** Counts bytes as they pass and fails the pipeline, which stops reading the request, past maxBytes. */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.byteLength;
      done(seen > maxBytes ? new BodyTooLargeError(maxBytes) : null, chunk);
    },
  });
}

// Inflated output in 64 KiB pieces rather than zlib's 16 KiB: a quarter of the callbacks on the
// main loop for a large (or bomb) body.
const GUNZIP_CHUNK_BYTES = 64 * 1024;

/**
 * Reads a request body's bytes, refusing more than maxBytes while it streams in: on the wire and,
 * for `Content-Encoding: gzip`, again after inflation, so a small gzip bomb cannot fill the memory.
 */
export async function readRequestBytes(request: Request, options: { maxBytes: number }): Promise<Buffer> {
  const { maxBytes } = options;
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") throw new BodyEncodingError(`unsupported Content-Encoding "${encoding}"`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return Buffer.alloc(0);

  const chunks: Buffer[] = [];
  const source = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  const collect = async (body: AsyncIterable<Buffer>) => {
    for await (const chunk of body) chunks.push(chunk);
  };
  try {
    if (encoding === "gzip") await pipeline(source, byteLimit(maxBytes), createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }), byteLimit(maxBytes), collect);
    else await pipeline(source, byteLimit(maxBytes), collect);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw err;
    if (encoding === "gzip" && (err as { code?: string }).code?.startsWith("Z_")) throw new BodyEncodingError(`invalid gzip body: ${(err as Error).message}`);
    throw err;
  }
  return Buffer.concat(chunks);
}

/** readRequestBytes decoded as UTF-8 (malformed sequences become U+FFFD). */
export async function readRequestBody(request: Request, options: { maxBytes: number }): Promise<string> {
  return (await readRequestBytes(request, options)).toString("utf8");
}
