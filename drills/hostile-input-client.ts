import http from "node:http";
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
  body?: string | Buffer | ReadableStream<Uint8Array>;
  cookie?: string;
  origin?: string;
  timeoutMs?: number;
}

/**
 * One HTTP call that never throws: a timeout or a reset before any answer is status 0. node:http, not
 * fetch: a server that answers early (413 while the body is still uploading) and closes is still heard.
 */
export function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const body = options.body;
  if (typeof body === "string" || Buffer.isBuffer(body)) headers["content-length"] = String(Buffer.byteLength(body));
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, "ms">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - started });
    };
    // A connection per call: a socket a refused upload left half-read must not delay the next case.
    const req = http.request(`${base}${path}`, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const answer = () => finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), headers: toHeaders(res.headers) });
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", answer);
      res.on("error", answer);
      res.on("close", answer);
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: 0, text: "timeout", headers: new Headers() });
    }, options.timeoutMs ?? 15_000);
    req.on("error", (err) => setTimeout(() => finish({ status: 0, text: err.message, headers: new Headers() }), 200));
    if (body instanceof ReadableStream)
      Readable.fromWeb(body as import("node:stream/web").ReadableStream)
        .on("error", () => req.destroy())
        .pipe(req);
    else req.end(body as string | Buffer | undefined);
  });
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
  return h;
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

/**
 * A request written straight to a socket, and the status line read back: for bodies a server may refuse
 * before it has read them (a gzip bomb, an endless chunked body), where an HTTP client library reports only
 * the reset. `body` is sent with Content-Length; `chunkedBytes` instead sends that many bytes chunked, with
 * backpressure, and stops as soon as an answer comes.
 */
export function rawExchange(port: number, head: string, body: Buffer | { chunkedBytes: number }, timeoutMs = 15_000): Promise<Answer> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let done = false;
    const answered = () => /^HTTP\/1\.1 \d{3}/.test(received) && received.includes("\r\n\r\n");
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({
        status,
        text: received.split("\r\n\r\n").slice(1).join("\r\n\r\n") || received.slice(0, 80) || "no answer",
        headers: new Headers(),
        ms: performance.now() - started,
      });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("connect", async () => {
      if (Buffer.isBuffer(body)) {
        socket.write(Buffer.concat([Buffer.from(`${head}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`, "latin1"), body]));
        return;
      }
      socket.write(`${head}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
      const piece = Buffer.alloc(64 * 1024, " ");
      const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
      for (let sent = 0; sent < body.chunkedBytes && !done && !answered(); sent += piece.length) {
        if (!socket.write(frame)) await new Promise((r) => socket.once("drain", r));
      }
      if (!done && !answered()) socket.write("0\r\n\r\n");
    });
    socket.on("data", (d) => {
      received += d.toString("latin1");
      if (answered()) setTimeout(finish, 50);
    });
    socket.on("close", finish);
    socket.on("error", finish);
  });
}
