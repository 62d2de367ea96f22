import net from "node:net";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";

export interface Answer {
  /** 0 when no answer came in time (or the connection broke). */
  status: number;
  text: string;
  headers: Headers;
  ms: number;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | Buffer;
  cookie?: string;
  origin?: string;
  timeoutMs?: number;
}

/** One HTTP call that never throws: a timeout or a reset is status 0. */
export async function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers,
      body: options.body as BodyInit | undefined,
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      // A stream body needs half-duplex in Node's fetch.
      ...(options.body instanceof ReadableStream ? { duplex: "half" } : {}),
      redirect: "manual",
    } as RequestInit);
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, ms: performance.now() - started };
  } catch (err) {
    return { status: 0, text: (err as Error).message, headers: new Headers(), ms: performance.now() - started };
  }
}

/** A body sent chunked (no Content-Length), as a client that hides its size would. */
export function chunkedBody(totalBytes: number, fill = "a"): ReadableStream<Uint8Array> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let sent = 0;
  return Readable.toWeb(
    Readable.from(
      (function* () {
        while (sent < totalBytes) {
          sent += chunk.length;
          yield chunk;
        }
      })(),
    ),
  ) as ReadableStream<Uint8Array>;
}

/** A small gzip body that inflates to `inflatedBytes` (zeros compress about 1000:1). */
export const gzipBomb = (inflatedBytes: number) => gzipSync(Buffer.alloc(inflatedBytes, "0"), { level: 9 });

/** tRPC's wire format with superjson: `{ json: input }`, batches keyed by index. */
export const trpcBody = (input: unknown) => JSON.stringify({ json: input });
export const trpcBatchBody = (inputs: unknown[]) => JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, { json: input }])));
export const trpcQueryPath = (procedure: string, input: unknown) => `/api/trpc/${procedure}?input=${encodeURIComponent(trpcBody(input))}`;

export interface SlowClientResult {
  /** How long the server let it go on before closing (or answering); null if still open at the give-up time. */
  closedAfterMs: number | null;
  /** The first line the server sent back, if any (e.g. "HTTP/1.1 408 Request Timeout"). */
  firstLine: string;
}

/**
 * A slow-loris client: sends `head` at once, then one byte of `drip` every `everyMs`, and measures when the
 * server closes the connection. Gives up (closedAfterMs null) after `giveUpMs`.
 */
export function slowClient(port: number, head: string, drip: string, everyMs: number, giveUpMs: number): Promise<SlowClientResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let i = 0;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closedAfterMs: closed ? Math.round(performance.now() - started) : null, firstLine: received.split("\r\n")[0] ?? "" });
    };
    socket.on("connect", () => socket.write(head));
    socket.on("data", (d) => (received += d.toString("latin1")));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(drip[i++ % drip.length]);
    }, everyMs);
    const giveUp = setTimeout(() => finish(false), giveUpMs);
  });
}
