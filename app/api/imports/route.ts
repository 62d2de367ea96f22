import { importCaller } from "@/app/_lib/import-caller";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { DomainError } from "@/server/errors";
import { BodyEncodingError, BodyTooLargeError, readRequestBytes } from "@/server/http/read-request-body";
import { guardRoute } from "@/server/http/route-errors";
import { limitImportUploads } from "@/server/imports/limit-import-uploads";
import { logger } from "@/server/logger";
import { loggerUploadQuery, receiveLoggerUpload } from "@/server/stations/receive-logger-upload";

export const dynamic = "force-dynamic";

const STATUS: Record<string, number> = { INVALID: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403 };

/** The file as the raw body, or a multipart form's `file` field (its name standing in for `name=`). */
async function fileOf(req: Request, bytes: Buffer): Promise<{ bytes: Buffer; name?: string }> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) return { bytes };
  const form = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData().catch(() => null);
  const file = form?.get("file");
  if (!file || typeof file === "string") throw new DomainError("INVALID", 'A multipart upload needs its file in the field "file".');
  return { bytes: Buffer.from(await file.arrayBuffer()), name: file.name || undefined };
}

/**
 * `POST /api/imports?name=FILE[&logger=ID|SERIAL][&timeFormat=…][&timeZone=…]`: a logger file from a
 * source's token or a staff session, counted as it streams (413 past IMPORT_MAX_BYTES), answered 202
 * with the import's id (poll `GET /api/imports/<id>`); past IMPORT_RATE_LIMIT_REQUESTS per source or user
 * per window, 429 with Retry-After.
 */
export const POST = guardRoute("imports.upload", async (req: Request) => {
  const caller = await importCaller(req);
  if (caller instanceof Response) return caller;
  // Counted before the body is read: a refused upload costs a Redis round trip, not 20 MiB.
  const limited = await limitImportUploads(caller.source ? { sourceId: caller.source.id } : { userId: caller.user.id });
  if (limited) {
    return Response.json(
      { error: `Too many uploads; retry in ${limited.retryAfterSeconds} s.` },
      { status: 429, headers: { "retry-after": String(limited.retryAfterSeconds) } },
    );
  }
  const maxBytes = env().IMPORT_MAX_BYTES;
  try {
    const body = await readRequestBytes(req, { maxBytes });
    const file = await fileOf(req, body);
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const query = loggerUploadQuery.safeParse({ ...(file.name && !params.name ? { name: file.name } : {}), ...params });
    if (!query.success)
      return Response.json({ error: query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ") }, { status: 400 });
    const received = await receiveLoggerUpload(db, {
      bytes: file.bytes,
      query: query.data,
      source: caller.source,
      createdBy: caller.user?.email ?? (caller.source && `source:${caller.source.name}`),
    });
    logger.info(
      { event: "imports.received", importId: received.id, sourceId: caller.source?.id, bytes: file.bytes.length, status: received.status },
      "logger file received",
    );
    return Response.json({ ...received, statusUrl: `/api/imports/${received.id}` }, { status: 202 });
  } catch (err) {
    if (err instanceof BodyTooLargeError) return Response.json({ error: `The file is larger than the limit of ${maxBytes} bytes.` }, { status: 413 });
    if (err instanceof BodyEncodingError) return Response.json({ error: err.message }, { status: 400 });
    if (err instanceof DomainError && STATUS[err.code]) return Response.json({ error: err.message }, { status: STATUS[err.code] });
    throw err;
  }
});
