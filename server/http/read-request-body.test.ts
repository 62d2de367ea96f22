import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BodyEncodingError, BodyTooLargeError, readRequestBody, readRequestBytes } from "./read-request-body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://gristmill.test/", { method: "POST", headers, body, duplex: "half" } as RequestInit);

/** A chunked body (no Content-Length) that would go on for ever, counting what was pulled from it. */
function endless(chunkBytes: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("readRequestBody", () => {
  it("reads plain and gzip bodies, as text and as bytes", async () => {
    expect(await readRequestBody(post("zwölf"), { maxBytes: 100 })).toBe("zwölf");
    expect(await readRequestBody(post(gzipSync("a".repeat(5000)), { "content-encoding": "gzip" }), { maxBytes: 5000 })).toBe("a".repeat(5000));
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    expect(await readRequestBytes(post(bytes), { maxBytes: 4 })).toEqual(bytes);
  });

  it("refuses a declared length past the limit before reading", async () => {
    await expect(readRequestBody(post("x".repeat(11), { "content-length": "11" }), { maxBytes: 10 })).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("stops reading a chunked body once past the limit", async () => {
    const body = endless(64 * 1024);
    await expect(readRequestBytes(post(body.stream), { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(body.pulled()).toBeLessThan(4 * 1024 * 1024);
  });

  it("refuses a gzip bomb once its inflated size passes the limit", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expect(readRequestBytes(post(bomb, { "content-encoding": "gzip" }), { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("answers broken gzip and unknown encodings with an encoding error", async () => {
    const truncated = gzipSync("a".repeat(10_000)).subarray(0, 20);
    await expect(readRequestBody(post(truncated, { "content-encoding": "gzip" }), { maxBytes: 1e6 })).rejects.toBeInstanceOf(BodyEncodingError);
    await expect(readRequestBody(post("not gzip at all", { "content-encoding": "gzip" }), { maxBytes: 1e6 })).rejects.toBeInstanceOf(BodyEncodingError);
    await expect(readRequestBody(post("x", { "content-encoding": "br" }), { maxBytes: 1e6 })).rejects.toBeInstanceOf(BodyEncodingError);
  });
});
