import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import { exportOwnerWhere } from "./list-readings-exports";

/** A finished export's zip, or null when it does not exist, is not finished or belongs to someone else. */
export async function getReadingsExportFile(db: Db, options: { id: string; user: SessionUser }) {
  const row = await db.readingsExport.findFirst({
    where: { id: options.id, status: "succeeded", ...exportOwnerWhere(options.user) },
    select: { id: true, content: true, createdAt: true },
  });
  return row?.content ? { id: row.id, content: Buffer.from(row.content), createdAt: row.createdAt } : null;
}
