import type { Db } from "../db";

/** Proposes a sensor for each column: the sensor whose key is exactly the column's name, else none. */
export async function proposeColumnMap(db: Db, options: { columns: string[] }): Promise<Record<string, string | null>> {
  const sensors = await db.sensor.findMany({ where: { key: { in: options.columns } }, select: { key: true } });
  const known = new Set(sensors.map((s) => s.key));
  return Object.fromEntries(options.columns.map((column) => [column, known.has(column) ? column : null]));
}
