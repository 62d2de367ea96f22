import type { Db } from "../db";

/** Stations with their loggers and how many points each has. */
export async function listStations(db: Db) {
  return db.station.findMany({
    orderBy: { name: "asc" },
    take: 500,
    include: { loggers: { orderBy: { serial: "asc" } }, _count: { select: { points: true } } },
  });
}
