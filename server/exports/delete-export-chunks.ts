import type { Db } from "../db";

/** Drops an export's stored zip (all of it, or what a failed run left). */
export async function deleteExportChunks(db: Db, options: { exportId: string }): Promise<number> {
  const { count } = await db.readingsExportChunk.deleteMany({ where: { exportId: options.exportId } });
  return count;
}
