import type { Db } from "../db";

/** Tables, columns and conditions the purge may touch: constants from code, never user input. */
export interface PurgeTarget {
  table: string;
  timeColumn: string;
  /** Extra SQL condition on the row, e.g. to spare rows another class still keeps. */
  also?: string;
}

/** Instead of deleting the row, reset one column to an empty value (e.g. a run's log lines). */
export interface ClearColumn {
  column: string;
  emptyValue: string;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

function expiredRows(target: PurgeTarget, clear?: ClearColumn): string {
  const conditions = [`${quote(target.timeColumn)} < $1`];
  if (clear) conditions.push(clear.emptyValue === "NULL" ? `${quote(clear.column)} IS NOT NULL` : `${quote(clear.column)} <> ${clear.emptyValue}`);
  if (target.also) conditions.push(`(${target.also})`);
  return `FROM ${quote(target.table)} WHERE ${conditions.join(" AND ")}`;
}

export async function countOlderThan(db: Db, target: PurgeTarget, cutoff: Date, clear?: ClearColumn): Promise<number> {
  const rows = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n ${expiredRows(target, clear)}`, cutoff);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Deletes at most `limit` rows older than the cutoff in one short statement, so a purge never
 * holds long locks or builds a table-sized transaction. Callers loop until it returns < limit.
 */
export async function deleteOlderThan(db: Db, target: PurgeTarget, cutoff: Date, limit: number): Promise<number> {
  return db.$executeRawUnsafe(`DELETE FROM ${quote(target.table)} WHERE ctid IN (SELECT ctid ${expiredRows(target)} LIMIT $2)`, cutoff, limit);
}

/** Like deleteOlderThan, but empties one column of the expired rows and keeps the rows. */
export async function clearOlderThan(db: Db, target: PurgeTarget, clear: ClearColumn, cutoff: Date, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE ${quote(target.table)} SET ${quote(clear.column)} = ${clear.emptyValue} WHERE ctid IN (SELECT ctid ${expiredRows(target, clear)} LIMIT $2)`,
    cutoff,
    limit,
  );
}
