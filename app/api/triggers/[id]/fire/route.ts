import { createHash } from "node:crypto";
import { z } from "zod";
import { CLIENT_IP_HEADER } from "@/server/api/trpc";
import { db } from "@/server/db";
import { DomainError } from "@/server/errors";
import { bearerTokenOf } from "@/server/http/bearer-token";
import { BodyEncodingError, BodyTooLargeError, readRequestBody } from "@/server/http/read-request-body";
import { guardRoute } from "@/server/http/route-errors";
import { fireHttpTrigger, TRIGGER_MAX_BODY_BYTES } from "@/server/triggers/fire-http-trigger";
import { limitTriggerCalls } from "@/server/triggers/limit-trigger-calls";
import { httpEventFields } from "@/server/triggers/trigger-events";

export const dynamic = "force-dynamic";

const triggerId = z.string().regex(/^[a-z0-9]{1,64}$/);
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, "Idempotency-Key: 1-200 visible ASCII characters");

const problem = (status: number, error: string, headers: Record<string, string> = {}) =>
  Response.json({ error }, { status, headers: { "cache-control": "no-store", ...headers } });

/**
 * `POST /api/triggers/<id>/fire` with `Authorization: Bearer gmt_…` and a JSON object of event fields
 * (at most 16 KiB): starts the trigger's job with the mapped parameters, or records why not. 202 with the
 * firing's outcome and run; the same `Idempotency-Key` again answers the first call's firing.
 */
export const POST = guardRoute("triggers.fire", async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const id = triggerId.safeParse((await ctx.params).id);
  const clientIp = req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const token = bearerTokenOf(req.headers.get("authorization"));
  // A malformed id reads as an unknown trigger, which reads as a wrong token: existence does not leak.
  if (!id.success) return problem(401, "The trigger token is not valid.", { "www-authenticate": "Bearer" });
  // Counted before the token is checked or the body read: guessing tokens is limited like any call.
  const limited = await limitTriggerCalls({ triggerId: id.data, clientIp });
  if (limited) return problem(429, `Too many calls; retry in ${limited.retryAfterSeconds} s.`, { "retry-after": String(limited.retryAfterSeconds) });
  if (!token) return problem(401, "Send the trigger's token as Authorization: Bearer gmt_…", { "www-authenticate": "Bearer" });

  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") return problem(415, "Send the event fields as Content-Type: application/json.");
  const key = req.headers.get("idempotency-key");
  const keyCheck = key === null ? null : idempotencyKey.safeParse(key);
  if (keyCheck && !keyCheck.success) return problem(400, keyCheck.error.issues[0].message);
  let text: string;
  try {
    text = await readRequestBody(req, { maxBytes: TRIGGER_MAX_BODY_BYTES });
  } catch (err) {
    if (err instanceof BodyTooLargeError) return problem(413, `The body is larger than ${TRIGGER_MAX_BODY_BYTES} bytes.`);
    if (err instanceof BodyEncodingError) return problem(400, err.message);
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, "The body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return problem(400, 'The body must be a JSON object of event fields, e.g. {"region":"north"}.');
  const fields = httpEventFields.safeParse(body);
  if (!fields.success)
    return problem(
      400,
      fields.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
        .join("; "),
    );

  try {
    const result = await fireHttpTrigger(db, {
      triggerId: id.data,
      token,
      fields: fields.data,
      idempotencyKey: keyCheck?.data,
      bodySha256: createHash("sha256").update(text).digest("hex"),
      clientIp,
    });
    if (!result.ok)
      return result.code === "DISABLED"
        ? problem(409, "This trigger is disabled.")
        : problem(401, "The trigger token is not valid.", { "www-authenticate": "Bearer" });
    const { firing, replayed } = result;
    const answer = {
      firingId: firing.id,
      outcome: firing.outcome,
      reason: firing.reason,
      runId: firing.runId,
      runUrl: firing.runId ? `/runs/${firing.runId}` : null,
      replayed,
    };
    return Response.json(answer, {
      status: firing.outcome === "invalid" ? 422 : 202,
      headers: { "cache-control": "no-store", ...(replayed ? { "idempotent-replayed": "true" } : {}) },
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === "CONFLICT") return problem(409, err.message);
    throw err;
  }
});
