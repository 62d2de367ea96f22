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

function byteLimit(maxBytes: number, exceeded: () => void): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        exceeded();
        controller.error(new BodyTooLargeError(maxBytes));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/**
 * Reads a request body as text, refusing more than maxBytes while it streams in: on the wire and,
 * for `Content-Encoding: gzip`, again after inflation, so a small gzip bomb cannot fill the memory.
 */
export async function readRequestBody(request: Request, options: { maxBytes: number }): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readRequestBytes(request, options));
}

/** The same as readRequestBody, as bytes: for files whose encoding is the reader's to find out (logger files). */
export async function readRequestBytes(request: Request, options: { maxBytes: number }): Promise<Buffer> {
  const { maxBytes } = options;
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") throw new BodyEncodingError(`unsupported Content-Encoding "${encoding}"`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return Buffer.alloc(0);

  let tooLarge = false;
  const onExceeded = () => (tooLarge = true);
  let stream: ReadableStream<Uint8Array> = request.body.pipeThrough(byteLimit(maxBytes, onExceeded));
  if (encoding === "gzip") stream = stream.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>).pipeThrough(byteLimit(maxBytes, onExceeded));

  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (err) {
    if (tooLarge) throw new BodyTooLargeError(maxBytes);
    if (encoding === "gzip") throw new BodyEncodingError(`invalid gzip body: ${(err as Error).message}`);
    throw err;
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}
