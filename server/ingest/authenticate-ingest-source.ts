import type { Db } from "../db";
import { hashIngestToken } from "./hash-ingest-token";

/** The active source a token belongs to, or null (unknown or revoked tokens look the same). */
export async function authenticateIngestSource(db: Db, options: { token: string | undefined }) {
  if (!options.token || options.token.length > 200) return null;
  return db.ingestSource.findFirst({ where: { tokenHash: hashIngestToken(options.token), revokedAt: null } });
}
