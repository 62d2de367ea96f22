import "server-only";
import type { z } from "zod";
import { readSessionToken, resolveSession, type SessionUser } from "@/server/auth/session";
import { roleAllows, type RoleGroup } from "@/server/auth/roles";
import { db } from "@/server/db";
import { guardRoute } from "@/server/http/route-errors";

/** The caller of a route handler if signed in with a role of the group, else the error response to send. */
export async function apiUser(req: Request, group: RoleGroup): Promise<SessionUser | Response> {
  const user = await resolveSession(db, readSessionToken(req.headers.get("cookie")));
  if (!user) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  if (!roleAllows(group, user.role)) return Response.json({ error: "Your role may not do this." }, { status: 403 });
  return user;
}

/** A streamed download from an async generator of text chunks. */
export function streamDownload(chunks: AsyncGenerator<string>, filename: string, contentType: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: { "content-type": contentType, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
}

/** A route's query string checked against a schema, or the 400 that names what is wrong. */
export function queryInput<S extends z.ZodType>(req: Request, schema: S): z.output<S> | Response {
  const parsed = schema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (parsed.success) return parsed.data;
  return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
}

/** A download's file name: what it is and when (UTC), e.g. gristmill-runs-20261202T051300.csv. */
export function stampedName(what: string, ext: string): string {
  return `gristmill-${what}-${new Date().toISOString().slice(0, 19).replaceAll(":", "").replaceAll("-", "")}.${ext}`;
}

/** A GET route that streams a CSV of a view: the caller's role checked, the query checked by the view's schema. */
export function csvDownloadRoute<S extends z.ZodType>(name: string, group: RoleGroup, schema: S, csv: (view: z.output<S>) => AsyncGenerator<string>) {
  return guardRoute(`${name}.export`, async (req: Request) => {
    const user = await apiUser(req, group);
    if (user instanceof Response) return user;
    const view = queryInput(req, schema);
    if (view instanceof Response) return view;
    return streamDownload(csv(view), stampedName(name, "csv"), "text/csv; charset=utf-8");
  });
}
