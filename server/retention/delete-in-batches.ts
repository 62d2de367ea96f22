import type { Db } from "../db";

/** Tables and time columns the purge may touch: constants from code, never user input. */
export interface PurgeTarget {
  table: string;
  timeColumn: string;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export async function countOlderThan(db: Db, target: PurgeTarget, cutoff: Date): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*) AS n FROM ${quote(target.table)} WHERE ${quote(target.timeColumn)} < $1`,
    cutoff,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Deletes at most `limit` rows older than the cutoff in one short statement, so a purge never
 * holds long locks or builds a table-sized transaction. Callers loop until it returns < limit.
 */
export async function deleteOlderThan(db: Db, target: PurgeTarget, cutoff: Date, limit: number): Promise<number> {
  const table = quote(target.table);
  return db.$executeRawUnsafe(
    `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${quote(target.timeColumn)} < $1 LIMIT $2)`,
    cutoff,
    limit,
  );
}
