import type { z } from "zod";
import type { ReadDb } from "../db";
import type { Prisma } from "../db/generated/client";
import { type auditFilterInput, listAuditEventsInput } from "./schemas";

export function auditWhere(filter: z.infer<typeof auditFilterInput>): Prisma.AuditEventWhereInput {
  return {
    actorEmail: filter.actor ? { contains: filter.actor, mode: "insensitive" } : undefined,
    action: filter.action ? { startsWith: filter.action } : undefined,
    targetType: filter.targetType || undefined,
    targetId: filter.targetId || undefined,
    at: filter.from || filter.to ? { gte: filter.from, lte: filter.to } : undefined,
  };
}

/** Newest first, keyset-paginated on the id so deep pages stay fast. */
export async function listAuditEvents(db: ReadDb, options: z.input<typeof listAuditEventsInput>) {
  const { cursor, limit, ...filter } = listAuditEventsInput.parse(options);
  const rows = await db.auditEvent.findMany({
    where: { ...auditWhere(filter), id: cursor ? { lt: BigInt(cursor) } : undefined },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map((r) => ({ ...r, id: r.id.toString() }));
  return { events: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
