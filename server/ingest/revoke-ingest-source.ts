import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import { revokeIngestSourceInput } from "./schemas";

/** Revokes a source's token at once: its next write answers 401. */
export async function revokeIngestSource(db: Db, options: z.input<typeof revokeIngestSourceInput>) {
  const { id } = revokeIngestSourceInput.parse(options);
  const source = await db.ingestSource.findUnique({ where: { id }, select: { id: true, name: true, revokedAt: true } });
  if (!source) throw notFound("Source");
  if (source.revokedAt) throw new DomainError("CONFLICT", `Source "${source.name}" is already revoked.`);
  const revoked = await db.ingestSource.update({ where: { id }, data: { revokedAt: new Date() }, select: { id: true, name: true, revokedAt: true } });
  recordChange({ targetType: "ingestSource", targetId: id, before: { revokedAt: null }, after: { revokedAt: revoked.revokedAt } });
  return revoked;
}
