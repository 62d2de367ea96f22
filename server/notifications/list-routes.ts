import type { Db } from "../db";

/** Routes in evaluation order, each with the open incidents it matches now (live view of the policy). */
export async function listRoutes(db: Db) {
  return db.notificationRoute.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }] });
}
