import type { Db } from "../db";

/** Active sources by name, for staff choosing where an import came from (nothing about tokens). */
export async function listIngestSourceNames(db: Db) {
  return db.ingestSource.findMany({ where: { revokedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
