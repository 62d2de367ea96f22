import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError } from "../errors";

/**
 * Cancels a backfill: a running one stops before its next chunk, and the chunk it is judging
 * commits nothing (its progress update requires "running"). Chunks already committed stay.
 */
export async function cancelBackfill(db: Db, options: { id: string }) {
  return inTransaction(db, async (tx) => {
    const before = await tx.coverageBackfill.findUnique({ where: { id: options.id }, select: { status: true } });
    const { count } = await tx.coverageBackfill.updateMany({
      where: { id: options.id, status: { in: ["awaiting_confirmation", "queued", "running"] } },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (count === 0) throw new DomainError("CONFLICT", "This backfill has already finished");
    recordChange({ targetType: "coverageBackfill", targetId: options.id, before, after: { status: "cancelled" } });
    return { id: options.id, status: "cancelled" };
  });
}
