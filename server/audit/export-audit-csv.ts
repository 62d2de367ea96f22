import type { z } from "zod";
import type { Db } from "../db";
import { csvField } from "../http/csv";
import { auditWhere } from "./list-audit-events";
import type { auditFilterInput } from "./schemas";

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_email",
  "actor_role",
  "action",
  "target_type",
  "target_id",
  "client_ip",
  "before",
  "after",
  "input",
] as const;

/** CSV of the filtered trail, read in keyset batches so memory stays flat however long the trail is. */
export async function* exportAuditCsv(db: Db, filter: z.infer<typeof auditFilterInput>, batchSize = 1_000): AsyncGenerator<string> {
  yield `${AUDIT_CSV_COLUMNS.join(",")}\n`;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { ...auditWhere(filter), id: cursor ? { lt: cursor } : undefined },
      orderBy: { id: "desc" },
      take: batchSize,
    });
    if (rows.length === 0) return;
    yield rows
      .map(
        (r) =>
          [r.id.toString(), r.at, r.actorEmail, r.actorRole, r.action, r.targetType, r.targetId, r.clientIp, r.before, r.after, r.input]
            .map(csvField)
            .join(",") + "\n",
      )
      .join("");
    cursor = rows[rows.length - 1].id;
    if (rows.length < batchSize) return;
  }
}
