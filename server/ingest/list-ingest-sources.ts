import type { Db } from "../db";

/** Every source with what tells tokens apart; never the token or its hash. */
export async function listIngestSources(db: Db) {
  return db.ingestSource.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, tokenPrefix: true, unknownSensors: true, createdAt: true, createdBy: true, lastUsedAt: true, revokedAt: true },
  });
}
