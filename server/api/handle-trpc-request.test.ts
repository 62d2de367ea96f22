import { gzipSync } from "node:zlib";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { SESSION_COOKIE } from "../auth/session";
import { db } from "../db";
import { handleTrpcRequest, type TrpcRequestLimits } from "./handle-trpc-request";
import type { AppRouter } from "./root";

const limits: TrpcRequestLimits = { maxBodyBytes: 64 * 1024, maxUploadBodyBytes: 4 * 1024 * 1024, maxBatchCalls: 20 };
const base = "http://gristmill.test/api/trpc";

/** A chunked body (no Content-Length) that never ends on its own: a handler that reads it whole never answers. */
function endlessBody(counter: { pulled: number }) {
  const chunk = new TextEncoder().encode(`{"0":{"json":{"email":"${"a".repeat(16 * 1024)}`);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

function streamOf(text: string, chunkBytes = 64 * 1024) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += chunkBytes)));
    },
  });
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`${base}/${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);
}

/** The console's own client, talking to the handler: refusals must read as plain messages there. */
function client(token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: base,
        transformer: superjson,
        maxItems: 100,
        fetch: (url, init) =>
          handleTrpcRequest(
            new Request(url, {
              ...(init as RequestInit),
              headers: { ...(init?.headers as Record<string, string>), ...(token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}) },
            }),
            limits,
          ),
      }),
    ],
  });
}

describe("tRPC request limits", () => {
  let staffToken: string;
  beforeAll(async () => {
    staffToken = (await createTestUser("OPERATOR")).token;
  });
  afterAll(() => db.$disconnect());

  it("refuses a chunked body without Content-Length with 413 once it passes the limit, without reading the rest", async () => {
    const counter = { pulled: 0 };
    const res = await handleTrpcRequest(post("auth.login?batch=1", endlessBody(counter)), limits);
    expect(res.status).toBe(413);
    const answer = await res.json();
    expect(superjson.deserialize(answer.error)).toMatchObject({
      message: "The request body is larger than 65536 bytes.",
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
    // Stopped within a few chunks of the limit (the stream keeps a small read-ahead).
    expect(counter.pulled).toBeLessThan(limits.maxBodyBytes + 8 * 17 * 1024);
  });

  it("counts the inflated bytes of a gzip body, and refuses a declared Content-Length over the limit before reading", async () => {
    const bomb = new Uint8Array(gzipSync(JSON.stringify({ 0: { json: { email: "a".repeat(10_000_000), password: "x" } } })));
    expect(bomb.length).toBeLessThan(limits.maxBodyBytes);
    expect((await handleTrpcRequest(post("auth.login?batch=1", bomb, { "content-encoding": "gzip" }), limits)).status).toBe(413);
    const counter = { pulled: 0 };
    expect((await handleTrpcRequest(post("auth.login?batch=1", endlessBody(counter), { "content-length": String(10_000_000) }), limits)).status).toBe(413);
    expect(counter.pulled).toBeLessThan(8 * 17 * 1024);
  });

  it("lets a signed-in caller send an upload-sized logger file, chunked, but not an anonymous one", async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()},${(i % 97) / 4}`);
    const content = `timestamp,nobody-has-this-key\n${rows.join("\n")}\n`;
    const body = JSON.stringify({ 0: superjson.serialize({ fileName: "big.csv", contentBase64: Buffer.from(content).toString("base64"), timeZone: "UTC" }) });
    expect(body.length).toBeGreaterThan(limits.maxBodyBytes);
    const anonymous = await handleTrpcRequest(post("imports.preview?batch=1", streamOf(body)), limits);
    expect(anonymous.status).toBe(413);
    const signedIn = await handleTrpcRequest(post("imports.preview?batch=1", streamOf(body), { cookie: `${SESSION_COOKIE}=${staffToken}` }), limits);
    expect(signedIn.status).toBe(200);
    const [result] = await signedIn.json();
    expect(superjson.deserialize(result.result.data)).toMatchObject({ rows: 12_000, unmapped: ["nobody-has-this-key"] });
    // The upload allowance is for uploads only: the same size to any other procedure is refused.
    expect((await handleTrpcRequest(post("auth.login?batch=1", streamOf(body), { cookie: `${SESSION_COOKIE}=${staffToken}` }), limits)).status).toBe(413);
  });

  it("refuses a batch of more than 20 calls whole, with a message the console's client shows", async () => {
    const anyone = client();
    const logins = Array.from({ length: 21 }, () => anyone.auth.login.mutate({ email: "nobody@test.local", password: "wrong password" }));
    const outcomes = await Promise.allSettled(logins);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const err = (outcome as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(TRPCClientError);
      expect(err.message).toBe("A request may carry at most 20 calls; this one has 21.");
      expect(err.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    }
    const direct = await handleTrpcRequest(new Request(`${base}/${Array(1_000).fill("auth.login").join(",")}?batch=1`, { method: "POST", body: "{}" }), limits);
    expect(direct.status).toBe(400);
  });

  it("still answers batches within the limit, GET queries included", async () => {
    const staff = client(staffToken);
    const lists = await Promise.all(Array.from({ length: 20 }, () => staff.imports.sources.query()));
    expect(lists).toHaveLength(20);
    expect(lists.every((l) => Array.isArray(l))).toBe(true);
  });
});
