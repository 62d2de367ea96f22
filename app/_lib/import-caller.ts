import "server-only";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { authenticateIngestSource } from "@/server/ingest/authenticate-ingest-source";
import { apiUser } from "./api-user";

export type ImportCaller =
  | { source: { id: string; name: string; unknownSensors: "register" | "refuse" }; user?: undefined }
  | { source?: undefined; user: SessionUser };

/**
 * Who calls the upload API: an ingest source by `Authorization: Token <token>` (a wrong or revoked
 * token is a 401, never a fall-back to the cookie), or a signed-in staff member; else the error response.
 */
export async function importCaller(req: Request): Promise<ImportCaller | Response> {
  const [scheme, token] = (req.headers.get("authorization") ?? "").split(/\s+/, 2);
  if (/^token$/i.test(scheme)) {
    const source = await authenticateIngestSource(db, { token });
    if (!source) return Response.json({ error: "The token is not valid (unknown or revoked)." }, { status: 401 });
    return { source: { id: source.id, name: source.name, unknownSensors: source.unknownSensors } };
  }
  const user = await apiUser(req, "staff");
  return user instanceof Response ? user : { user };
}
