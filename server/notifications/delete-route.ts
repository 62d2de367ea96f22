import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { notFound } from "../errors";

export async function deleteRoute(db: Db, options: { id: string }) {
  const before = await db.notificationRoute.findUnique({ where: { id: options.id } });
  if (!before) throw notFound("Route");
  await db.notificationRoute.delete({ where: { id: options.id } });
  await db.notificationIncidentState.deleteMany({ where: { routeId: options.id } });
  recordChange({ targetType: "notificationRoute", targetId: options.id, before });
  return { id: options.id };
}
