import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError } from "../errors";
import { enqueueBackfillRun } from "./request-backfill";

/** An operator confirms a large automatic backfill after reading its dry run: it is queued. */
export async function confirmBackfill(db: Db, options: { id: string; by: string }) {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.coverageBackfill.updateMany({
      where: { id: options.id, status: "awaiting_confirmation" },
      data: { status: "queued", requestedBy: options.by },
    });
    if (count === 0) throw new DomainError("CONFLICT", "This backfill is not waiting for confirmation");
    const backfill = await tx.coverageBackfill.findUniqueOrThrow({ where: { id: options.id } });
    await enqueueBackfillRun(tx, backfill, options.by);
    recordChange({ targetType: "coverageBackfill", targetId: options.id, before: { status: "awaiting_confirmation" }, after: { status: "queued" } });
    return { id: options.id, status: "queued" };
  });
}
