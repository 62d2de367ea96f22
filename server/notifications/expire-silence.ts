import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { notFound } from "../errors";

/** Ends a silence now; the next evaluation sends what it held back for incidents still open. */
export async function expireSilence(db: Db, options: { id: string }) {
  const before = await db.notificationSilence.findUnique({ where: { id: options.id } });
  if (!before) throw notFound("Silence");
  const now = new Date();
  const after = await db.notificationSilence.update({ where: { id: options.id }, data: { endsAt: now < before.startsAt ? before.startsAt : now } });
  recordChange({ targetType: "notificationSilence", targetId: options.id, before: { endsAt: before.endsAt }, after: { endsAt: after.endsAt } });
  return after;
}
