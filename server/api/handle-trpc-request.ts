import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { env } from "../env";
import { BodyEncodingError, BodyTooLargeError, readRequestBody } from "../http/read-request-body";
import { appRouter } from "./root";
import { createContext } from "./trpc";

export const TRPC_ENDPOINT = "/api/trpc";
// Procedures that carry a logger file; a signed-in caller may send them a body as large as IMPORT_MAX_BYTES base64-encoded (4/3) plus the call's other fields.
const UPLOAD_PROCEDURES = new Set(["imports.preview", "imports.create", "stations.previewFile", "stations.importFile"]);
const UPLOAD_ENVELOPE_BYTES = 64 * 1024;
const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

export interface TrpcRequestLimits {
  maxBodyBytes: number;
  maxUploadBodyBytes: number;
  maxBatchCalls: number;
}

function defaultLimits(): TrpcRequestLimits {
  const config = env();
  return {
    maxBodyBytes: config.TRPC_MAX_BODY_BYTES,
    maxUploadBodyBytes: base64Length(config.IMPORT_MAX_BYTES) + UPLOAD_ENVELOPE_BYTES,
    maxBatchCalls: config.TRPC_MAX_BATCH_CALLS,
  };
}

/** A refusal in the router's own error shape, so the console's client reads its message like any other. */
function refuse(code: TRPC_ERROR_CODE_KEY, message: string): Response {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code, message }));
  return Response.json({ error: superjson.serialize({ message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } }) }, { status });
}

/**
 * The tRPC endpoint with limits no client can talk its way past: at most maxBatchCalls calls per
 * request, and the body counted as it streams (chunked or not, gzip inflated), so a request without
 * Content-Length is refused with 413 as soon as it passes the limit rather than read whole.
 */
export async function handleTrpcRequest(req: Request, limits: TrpcRequestLimits = defaultLimits()): Promise<Response> {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.slice(TRPC_ENDPOINT.length + 1)).split(",");
  const calls = url.searchParams.get("batch") === "1" ? paths.length : 1;
  if (calls > limits.maxBatchCalls) return refuse("BAD_REQUEST", `A request may carry at most ${limits.maxBatchCalls} calls; this one has ${calls}.`);

  // The session is resolved once, before the body: only a signed-in caller may send an upload-sized one.
  const context = await createContext({ req });
  let forwarded = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const upload = context.user !== null && paths.every((p) => UPLOAD_PROCEDURES.has(p));
    const maxBytes = upload ? limits.maxUploadBodyBytes : limits.maxBodyBytes;
    let body: string;
    try {
      body = await readRequestBody(req, { maxBytes });
    } catch (err) {
      if (err instanceof BodyTooLargeError) return refuse("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
      if (err instanceof BodyEncodingError) return refuse("BAD_REQUEST", err.message);
      throw err;
    }
    const headers = new Headers(req.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    forwarded = new Request(req.url, { method: req.method, headers, body, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: forwarded,
    router: appRouter,
    maxBatchSize: limits.maxBatchCalls,
    createContext: ({ resHeaders }) => ({ ...context, resHeaders }),
  });
}
