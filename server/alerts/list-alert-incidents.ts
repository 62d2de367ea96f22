import type { z } from "zod";
import type { Db } from "../db";
import { listIncidentsInput } from "./schemas";

/** Incidents in the chosen order (newest activity first by default), filtered, with their latest alert; keyset-paginated. */
export async function listAlertIncidents(db: Db, options: z.input<typeof listIncidentsInput>) {
  const { cursor, limit, sensorKey, sort, dir, ...filter } = listIncidentsInput.parse(options);
  const rows = await db.alertIncident.findMany({
    where: { ...filter, sensorKey: sensorKey ? { contains: sensorKey } : undefined },
    orderBy: [{ [sort]: dir }, { id: dir }],
    cursor: cursor ? { id: cursor } : undefined,
    skip: cursor ? 1 : 0,
    take: limit + 1,
    include: { alerts: { orderBy: { at: "desc" }, take: 1 }, _count: { select: { alerts: true } } },
  });
  const page = rows.slice(0, limit);
  return { incidents: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export function getAlertIncident(db: Db, id: string) {
  return db.alertIncident.findUnique({ where: { id }, include: { alerts: { orderBy: { at: "asc" } } } });
}
